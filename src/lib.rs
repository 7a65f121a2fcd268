//! `briefing`: turns a mission dataset into printable briefing documents.
//!
//! The flow is one-way: [`project`] reads the inputs ([`dataset`] loads and
//! validates the data) → [`plan`] → [`charts`] → [`typeset`] → [`output`];
//! [`build`] strings the stages together, and [`cli`], on top, maps them
//! onto the command line; [`serve`] shows a build live in the browser. No
//! stage imports `cli`.

pub mod assets;
pub mod build;
pub mod charts;
pub mod cli;
pub mod colour;
pub mod dataset;
pub mod diag;
pub mod interrupt;
pub mod limits;
pub mod output;
pub mod plan;
pub mod project;
pub mod serve;
pub mod served;
pub mod typeset;
pub mod web;
