//! The router on a socket: tiny_http parses the requests, a few threads
//! answer them, and each open page gets the state as server-sent events.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::preview::Preview;
use super::router::{Body, route};
use crate::diag::Diagnostic;

/// Threads answering requests (event streams get a thread each).
const THREADS: usize = 4;

/// How often the server connects to itself, so that no connection waits
/// in tiny_http's thread pool: see [`Server::spawn`].
const NUDGE: Duration = Duration::from_millis(200);

/// How often an idle event stream sends a comment, so that a closed page
/// is noticed and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The preview's HTTP server, bound and not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
}

impl Server {
    /// Binds `addr` (port 0: one the system chooses).
    pub fn bind(addr: SocketAddr) -> Result<Server, Diagnostic> {
        let http = tiny_http::Server::http(addr).map_err(|e| {
            Diagnostic::error(format!("cannot serve on {addr}: {e}")).hint(
                "choose another port with --port, or leave it out to let the system choose one",
            )
        })?;
        let addr = http.server_addr().to_ip().unwrap_or(addr);
        Ok(Server { http: Arc::new(http), addr })
    }

    /// The address bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address (`http://127.0.0.1:8123/`); on every address
    /// (`0.0.0.0`, `::`), this machine's loopback one, which a browser here opens.
    pub fn url(&self) -> String {
        format!("http://{}/", self.url_addr())
    }

    /// The address bound, or on every address, this machine's loopback one.
    fn url_addr(&self) -> SocketAddr {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        addr
    }

    /// Answers requests from `preview` on threads of their own, until the process ends.
    ///
    /// tiny_http 0.12 hands each new connection to a thread pool that can
    /// miss a wake-up when connections arrive together while one of its
    /// threads is idle (`util::TaskPool::spawn` counts a thread already
    /// woken as still waiting): the connection then waits, its request
    /// unanswered, until the next connection arrives. In the browser test,
    /// two of a deck's page images stalled so in every run (and for good in
    /// about one run in four); with a thread opening and closing an empty
    /// connection to the server every [`NUDGE`], none did.
    pub fn spawn(&self, preview: Arc<Preview>) -> Result<(), Diagnostic> {
        let own = self.url_addr();
        std::thread::Builder::new()
            .name("briefing-serve-nudge".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(NUDGE);
                    drop(std::net::TcpStream::connect_timeout(&own, KEEP_ALIVE));
                }
            })
            .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
        for n in 0..THREADS {
            let (http, preview) = (self.http.clone(), preview.clone());
            std::thread::Builder::new()
                .name(format!("briefing-serve-{n}"))
                .spawn(move || {
                    while let Ok(request) = http.recv() {
                        answer(request, &preview);
                    }
                })
                .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
        }
        Ok(())
    }
}

/// Answers one request; a client gone away is no error.
fn answer(request: Request, preview: &Arc<Preview>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::from_string("only GET\n").with_status_code(405));
        return;
    }
    let if_none_match = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.as_str().to_owned());
    let reply = route(preview, request.url(), if_none_match.as_deref());

    match reply.body {
        Body::Events => {
            let preview = preview.clone();
            let spawned = std::thread::Builder::new()
                .name("briefing-serve-events".into())
                .spawn(move || events(request, &preview));
            drop(spawned);
        }
        Body::Bytes(ref bytes) => {
            let mut headers = vec![header("Content-Type", reply.content_type)];
            headers.push(header("Cache-Control", reply.cache));
            headers.push(header("X-Content-Type-Options", "nosniff"));
            if let Some(etag) = &reply.etag {
                headers.push(header("ETag", etag));
            }
            let response = Response::new(
                reply.status.into(),
                headers.into_iter().flatten().collect(),
                bytes.as_ref(),
                Some(bytes.len()),
                None,
            );
            let _ = request.respond(response);
        }
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name, value).ok()
}

/// Streams the state to one page: now, then after every change, until the
/// page goes away.
fn events(request: Request, preview: &Preview) {
    let mut writer = request.into_writer();
    // The head is written by hand, as typst-kit's live reload does:
    // tiny_http would send a stream of unknown length chunked, which some
    // browsers do not take for `text/event-stream`.
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    let mut state = Some(preview.snapshot());
    let mut seen = 0;
    loop {
        let sent = match &state {
            Some(s) => {
                seen = s.generation;
                // One line of JSON: serde_json escapes every line break.
                let json = serde_json::to_string(s).unwrap_or_default();
                write!(writer, "event: state\ndata: {json}\n\n")
            }
            None => writer.write_all(b": still here\n\n"),
        };
        if sent.and_then(|()| writer.flush()).is_err() {
            return;
        }
        state = preview.wait_past(seen, KEEP_ALIVE);
    }
}
