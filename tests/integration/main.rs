//! Integration tests: one binary, fixture folders under `tests/fixtures/`.

mod build;
mod charts;
mod common;
mod decks;
mod eject;
mod errors;
mod images;
mod markings;
mod watch;
mod world;
