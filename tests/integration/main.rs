//! Integration tests: one binary, fixture folders under `tests/fixtures/`.

mod any_nation;
mod build;
mod charts;
mod comments;
mod common;
mod contract;
mod decks;
mod eject;
mod errors;
mod failure;
mod golden;
mod hostile;
mod images;
mod languages;
mod markings;
mod random_input;
mod sources;
mod typography;
mod usage;
mod watch;
mod web;
mod world;
