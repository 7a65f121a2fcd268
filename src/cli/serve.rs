//! `briefing serve`: the rebuilds of `watch`, shown live in the browser
//! (`crate::serve`), on 127.0.0.1 unless `--host` says otherwise.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use super::progress::Progress;
use super::report::{Outcome, eprint_warnings};
use super::watch::{Changes, progress_mode, report, say};
use super::{DiagnosticFormat, ServeArgs};
use crate::build::session::Session;
use crate::diag::Diagnostic;
use crate::serve::{Preview, Recorder, Server};

/// Runs `briefing serve`.
pub fn run(args: &ServeArgs, format: DiagnosticFormat) -> Outcome {
    let host = host(&args.host)?;
    let mut config =
        super::resolve::build_config(&args.watch.build, &super::resolve::Context::find()?)?;
    // The page shows the PDF and every page as an image: those are always written.
    config.formats.pdf = true;
    config.formats.png = true;
    config.formats.thumbnail = true;
    let changes = Changes::watch(&config, Duration::from_millis(args.watch.debounce))?;
    if !host.is_loopback() {
        eprint_warnings(
            &Diagnostic::warning(format!(
                "serving on {host}, not only to this machine: anyone who can reach it on the \
                 network can read every document built, of every audience selected"
            ))
            .hint("leave --host out to serve on 127.0.0.1, for this machine only")
            .into(),
            format,
        );
    }
    let server = Server::bind(SocketAddr::new(host, args.port.unwrap_or(0)))?;
    let preview = Arc::new(Preview::new(&config.out, config.formats.ppi));
    let url = server.url();
    server.spawn(preview.clone())?;
    say(
        format,
        &format!("serving the preview at {url} (Ctrl-C to stop)"),
        || serde_json::json!({ "event": "serving", "url": url }),
    );
    if args.open
        && let Err(e) = open::that_detached(&url)
    {
        eprint_warnings(
            &Diagnostic::warning(format!("cannot open a browser: {e}"))
                .hint(format!("open {url} in a browser yourself"))
                .into(),
            format,
        );
    }

    let mode = progress_mode(&config, format);
    let session = Session::new(config);
    let rebuild = |event: &str, changed: &[String]| {
        preview.building(changed);
        let progress = Progress::new(mode, &session.config().out);
        let r = session.rebuild(&Recorder::new(&preview, &progress));
        preview.rebuilt(&r);
        report(&r, event, format, session.config().quiet);
        session.trim_cache();
    };
    super::watch::follow(&changes, format, session.config().quiet, rebuild);
    Ok(())
}

/// `--host`: an IP address, or `localhost`.
fn host(given: &str) -> Result<IpAddr, Diagnostic> {
    match given {
        "localhost" => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        "::1" | "[::1]" => Ok(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        _ => given.trim_matches(['[', ']']).parse().map_err(|_| {
            Diagnostic::usage(format!("`{given}` is not an IP address for --host"))
                .hint("write e.g. 127.0.0.1 (this machine only), or 0.0.0.0 to serve the network")
        }),
    }
}
