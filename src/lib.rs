//! `briefing`: turns a mission dataset into printable briefing documents.
//!
//! The flow is one-way: [`dataset`] (load and validate) → [`plan`] →
//! [`typeset`] → [`output`]; [`pipeline`] strings the stages together and
//! [`commands`] maps them onto the command line.

pub mod assets;
pub mod charts;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dataset;
pub mod diag;
pub mod images;
pub mod interrupt;
pub mod limits;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod typeset;
pub mod watch;
