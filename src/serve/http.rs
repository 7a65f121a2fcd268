//! The router on a socket: hyper's HTTP/1 server on a small tokio runtime
//! parses the requests, [`route`] answers them, and each open page gets the
//! state as server-sent events.
//!
//! Before hyper, tiny_http 0.12 served the preview, and a page's images now
//! and then never arrived. Its connection pool (`util::TaskPool`) counts a
//! thread it has just woken as still idle until that thread runs, so when
//! two connections arrive together the second is queued for a thread that
//! is already taken; and every thread stays with its connection while the
//! browser keeps it open, so the queued one waited until some connection
//! closed. A burst of 8 kept-open connections on a fresh tiny_http server
//! (4 idle threads) left 4 unanswered for good in 2 runs of 3; the same
//! pattern is `serve_answers_bursts_of_kept_open_connections` in
//! tests/integration/serve.rs. tiny_http gives no way to close connections
//! after each answer nor to replace its pool, so the server was changed:
//! hyper serves every connection on a task of its own, with no pool to wait for.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body as HttpBody, Bytes, Frame, SizeHint};
use hyper::header::{HeaderValue, IF_NONE_MATCH};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::mpsc;

use super::preview::Preview;
use super::router::{Body, Reply, route};
use crate::diag::Diagnostic;

/// Threads answering requests; event streams wait on threads of their own.
const THREADS: usize = 2;

/// How often an idle event stream sends a comment, so that a closed page
/// is noticed and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// How long a client may take to send a request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);

/// The preview's HTTP server, bound and not yet answering.
pub struct Server {
    listener: std::net::TcpListener,
    addr: SocketAddr,
}

impl Server {
    /// Binds `addr` (port 0: one the system chooses).
    pub fn bind(addr: SocketAddr) -> Result<Server, Diagnostic> {
        let cannot = |e: std::io::Error| {
            Diagnostic::error(format!("cannot serve on {addr}: {e}")).hint(
                "choose another port with --port, or leave it out to let the system choose one",
            )
        };
        let listener = std::net::TcpListener::bind(addr).map_err(cannot)?;
        listener.set_nonblocking(true).map_err(cannot)?;
        let addr = listener.local_addr().unwrap_or(addr);
        Ok(Server { listener, addr })
    }

    /// The address bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address (`http://127.0.0.1:8123/`); on every address
    /// (`0.0.0.0`, `::`), this machine's loopback one, which a browser here opens.
    pub fn url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(match addr.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        format!("http://{addr}/")
    }

    /// Answers requests from `preview` on threads of their own, until the process ends.
    pub fn spawn(self, preview: Arc<Preview>) -> Result<(), Diagnostic> {
        let failed = |e: std::io::Error| Diagnostic::error(format!("cannot start the server: {e}"));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(THREADS)
            .thread_name("briefing-serve")
            .enable_all()
            .build()
            .map_err(failed)?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(self.listener).map_err(failed)?
        };
        std::thread::Builder::new()
            .name("briefing-serve-accept".into())
            .spawn(move || runtime.block_on(accept(listener, preview)))
            .map_err(failed)?;
        Ok(())
    }
}

/// Serves every connection on a task of its own.
async fn accept(listener: tokio::net::TcpListener, preview: Arc<Preview>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors and the like: wait, then go on.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let preview = preview.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let preview = preview.clone();
                async move { Ok::<_, Infallible>(answer(request, preview).await) }
            });
            // A client gone away mid-answer is no error of ours.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answers one request.
async fn answer<B>(request: Request<B>, preview: Arc<Preview>) -> Response<Out> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET\n");
    }
    let url = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
    let if_none_match =
        request.headers().get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    // The router reads the documents' files: off the runtime's threads.
    let routed = {
        let preview = preview.clone();
        tokio::task::spawn_blocking(move || route(&preview, &url, if_none_match.as_deref())).await
    };
    let Ok(reply) = routed else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "the answer failed\n");
    };
    respond(reply, preview)
}

/// The reply as an HTTP response.
fn respond(reply: Reply, preview: Arc<Preview>) -> Response<Out> {
    let body = match reply.body {
        Body::Bytes(bytes) => Out::Full(Some(Bytes::from(bytes.into_owned()))),
        Body::Events => Out::Events(events(preview)),
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(reply.content_type));
    headers.insert("cache-control", HeaderValue::from_static(reply.cache));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    if let Some(etag) = reply.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
        headers.insert("etag", etag);
    }
    response
}

/// A short plain-text answer.
fn plain(status: StatusCode, text: &'static str) -> Response<Out> {
    let mut response = Response::new(Out::Full(Some(Bytes::from_static(text.as_bytes()))));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// The state for one page, now and then after every change, sent by a
/// thread of its own (the preview's changes are waited for on a condition
/// variable); the thread ends when the page has gone away.
fn events(preview: Arc<Preview>) -> mpsc::Receiver<Bytes> {
    let (sender, receiver) = mpsc::channel(4);
    let spawned =
        std::thread::Builder::new().name("briefing-serve-events".into()).spawn(move || {
            let mut state = Some(preview.snapshot());
            let mut seen = 0;
            loop {
                let event = match &state {
                    Some(s) => {
                        seen = s.generation;
                        // One line of JSON: serde_json escapes every line break.
                        let json = serde_json::to_string(s).unwrap_or_default();
                        Bytes::from(format!("event: state\ndata: {json}\n\n"))
                    }
                    None => Bytes::from_static(b": still here\n\n"),
                };
                if sender.blocking_send(event).is_err() {
                    return;
                }
                state = preview.wait_past(seen, KEEP_ALIVE);
            }
        });
    // Without the thread the stream stays open and empty; the page's own
    // reconnection tries again.
    drop(spawned);
    receiver
}

/// A response's body: bytes known at once, or the event stream.
enum Out {
    /// The whole body, until sent.
    Full(Option<Bytes>),
    /// Events as they come, until the page goes away.
    Events(mpsc::Receiver<Bytes>),
}

impl HttpBody for Out {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Out::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Out::Events(receiver) => receiver.poll_recv(cx).map(|e| e.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Out::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Out::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Out::Events(_) => SizeHint::default(),
        }
    }
}
