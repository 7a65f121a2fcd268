//! Integration tests: one binary, fixture folders under `tests/fixtures/`.

mod build;
mod charts;
mod common;
mod decks;
mod errors;
mod failure;
mod hostile;
mod markings;
mod random_input;
mod world;
