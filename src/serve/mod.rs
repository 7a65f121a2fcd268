//! `briefing serve`: a live preview of a build in the browser.
//!
//! [`Preview`] holds what the page shows (the selection's documents as last
//! built, the last rebuild's problems); [`Recorder`] fills it from a build as
//! each document is written; [`router`] answers a request from it, as a plain
//! function; [`Server`] puts the router on a socket with hyper and streams
//! every change to the open pages as server-sent events. The page itself
//! (`assets/`) is embedded in the binary.
//!
//! typst-kit's `HttpServer` was not used: it binds 127.0.0.1 on ports
//! 3000–3005 only (no port chosen by the system, no `--host`), answers every
//! change by reloading the whole page, and sets no caching or error headers.
//! tiny_http, which it is built on, was used directly at first, and replaced
//! by hyper for a fault of its connection pool (see `http.rs`).

mod http;
pub mod preview;
pub mod problems;
pub mod router;

pub use http::Server;
pub use preview::{Preview, Recorder};
