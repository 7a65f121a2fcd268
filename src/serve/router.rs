//! Requests to answers, without a socket: the page and its assets, the
//! state as JSON, the event stream, and the files of the documents shown.
//! Nothing else is served: a path that is not one of these, or a file name
//! that is not one the preview lists, is not found.

use std::borrow::Cow;

use super::preview::Preview;
use crate::output::manifest::sha256_hex;

/// The page.
const INDEX_HTML: &str = include_str!("assets/index.html");
/// The page's script.
const PREVIEW_JS: &str = include_str!("assets/preview.js");
/// The page's style sheet.
const PREVIEW_CSS: &str = include_str!("assets/preview.css");

/// The prefix of the documents' files.
pub const FILES: &str = "/files/";
/// The event stream's path.
pub const EVENTS: &str = "/api/events";

/// What to send back.
#[derive(Debug, PartialEq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// `Cache-Control`.
    pub cache: &'static str,
    /// `ETag`, for the documents' files.
    pub etag: Option<String>,
    /// The body, or the event stream.
    pub body: Body,
}

/// A reply's body.
#[derive(Debug, PartialEq)]
pub enum Body {
    /// Bytes to send.
    Bytes(Cow<'static, [u8]>),
    /// The stream of state changes (server-sent events), kept open.
    Events,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Cow<'static, [u8]>>) -> Self {
        Reply {
            status,
            content_type,
            cache: "no-cache",
            etag: None,
            body: Body::Bytes(body.into()),
        }
    }

    fn text(status: u16, text: &'static str) -> Self {
        Reply::new(status, "text/plain; charset=utf-8", text.as_bytes())
    }

    /// The plain "not found" answer.
    pub fn not_found() -> Self {
        Reply::text(404, "not found\n")
    }
}

/// The answer to `GET url` (path and query as sent), given the request's
/// `If-None-Match` header.
pub fn route(preview: &Preview, url: &str, if_none_match: Option<&str>) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Ok(path) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Reply::text(400, "bad request\n");
    };
    match path.as_ref() {
        "/" | "/index.html" => Reply::new(200, "text/html; charset=utf-8", INDEX_HTML.as_bytes()),
        "/assets/preview.js" => {
            Reply::new(200, "text/javascript; charset=utf-8", PREVIEW_JS.as_bytes())
        }
        "/assets/preview.css" => Reply::new(200, "text/css; charset=utf-8", PREVIEW_CSS.as_bytes()),
        "/api/state" => match serde_json::to_vec(&preview.snapshot()) {
            Ok(json) => Reply { cache: "no-store", ..Reply::new(200, "application/json", json) },
            Err(_) => Reply::text(500, "cannot serialise the state\n"),
        },
        EVENTS => Reply {
            cache: "no-store",
            body: Body::Events,
            ..Reply::new(200, "text/event-stream", &[][..])
        },
        p => match p.strip_prefix(FILES).and_then(|name| preview.file(name)) {
            Some(file) => document_file(&file, if_none_match),
            None => Reply::not_found(),
        },
    }
}

/// A file the build wrote, tagged with its hash, so the browser asks again
/// cheaply (`304`) and never shows an image the build has replaced.
fn document_file(file: &std::path::Path, if_none_match: Option<&str>) -> Reply {
    let Ok(bytes) = std::fs::read(file) else { return Reply::not_found() };
    let etag = format!("\"{}\"", &sha256_hex(&bytes)[..32]);
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    if if_none_match.is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag)) {
        return Reply { etag: Some(etag), ..Reply::new(304, content_type, &[][..]) };
    }
    Reply { etag: Some(etag), ..Reply::new(200, content_type, bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::Observer;
    use crate::output::manifest::{ImageEntry, ManifestEntry};
    use crate::plan::{DocumentId, Kind};

    fn entry(document: &str, files: &[&str]) -> ManifestEntry {
        let image = |file: &&str| ImageEntry {
            file: file.to_string(),
            page: 1,
            width: Some(10),
            height: Some(10),
            bytes: 1,
            sha256: "00".into(),
        };
        ManifestEntry {
            document: document.into(),
            file: Some(format!("{document}.pdf")),
            kind: Kind::Factsheet,
            scope: "air".into(),
            lang: "en".into(),
            audience: "public".into(),
            marking: "public".into(),
            pages: files.len(),
            bytes: Some(1),
            sha256: Some("00".into()),
            as_of: "2026-01-01".into(),
            pdf_standards: Vec::new(),
            images: files.iter().map(image).collect(),
            thumbnail: None,
            pptx: None,
            html: None,
            pdfpc: None,
            fit: None,
            fingerprint: None,
        }
    }

    /// A preview listing one document whose files exist in a temporary folder.
    fn preview() -> (tempfile::TempDir, Preview) {
        let dir = tempfile::tempdir().expect("tmp");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).expect("mkdir");
        for f in ["factsheet-air-en.pdf", "factsheet-air-en-1.png", "unlisted.png"] {
            std::fs::write(out.join(f), f).expect("write");
        }
        std::fs::write(dir.path().join("secret.txt"), "secret").expect("write");
        let preview = Preview::new(&out, 144.0);
        let prepared = crate::build::prepare(
            &crate::project::Inputs {
                data: crate::project::DataSource::Embedded,
                templates: crate::typeset::world::TemplateSource::Embedded,
            },
            &crate::plan::Selection {
                scopes: vec!["air".into()],
                kinds: vec![Kind::Factsheet],
                langs: vec!["en".into()],
                ..Default::default()
            },
        );
        let plans = prepared.map(|p| p.plans).unwrap_or_default();
        let plan = plans.first().expect("the air fact sheet is planned");
        assert_eq!(
            plan.id,
            DocumentId {
                kind: Kind::Factsheet,
                scope: "air".into(),
                lang: "en".into(),
                audience: None
            }
        );
        let recorder = Recorder::new(&preview, &crate::build::Silent);
        let outcome = crate::build::DocumentOutcome {
            entry: entry("factsheet-air-en", &["factsheet-air-en-1.png"]),
            warnings: Default::default(),
            errors: Default::default(),
            up_to_date: false,
        };
        recorder.finished(plan, Some(&outcome));
        (dir, preview)
    }

    use super::super::preview::Recorder;

    fn bytes(r: &Reply) -> &[u8] {
        match &r.body {
            Body::Bytes(b) => b,
            Body::Events => b"",
        }
    }

    #[test]
    fn the_files_of_listed_documents_are_served_and_nothing_else() {
        let (_dir, preview) = preview();
        let pdf = route(&preview, "/files/factsheet-air-en.pdf?v=abc", None);
        assert_eq!((pdf.status, pdf.content_type), (200, "application/pdf"));
        assert_eq!(bytes(&pdf), b"factsheet-air-en.pdf");
        let png = route(&preview, "/files/factsheet-air-en-1.png", None);
        assert_eq!((png.status, png.content_type), (200, "image/png"));
        for refused in [
            "/files/unlisted.png",
            "/files/../secret.txt",
            "/files/..%2Fsecret.txt",
            "/files/%2e%2e/secret.txt",
            "/../Cargo.toml",
            "/files//etc/passwd",
            "/files/%2Fetc%2Fpasswd",
            "/etc/passwd",
            "/assets/../Cargo.toml",
            "/files/",
            "http://example.org/files/factsheet-air-en.pdf",
        ] {
            let r = route(&preview, refused, None);
            assert_eq!(r.status, 404, "{refused}");
            assert_eq!(bytes(&r), b"not found\n", "{refused}");
        }
        assert_eq!(route(&preview, "/files/%ff", None).status, 400);
    }

    #[test]
    fn an_unchanged_file_is_not_sent_again() {
        let (_dir, preview) = preview();
        let first = route(&preview, "/files/factsheet-air-en-1.png", None);
        let etag = first.etag.clone().expect("an etag");
        let again = route(&preview, "/files/factsheet-air-en-1.png", Some(&etag));
        assert_eq!(again.status, 304);
        assert!(bytes(&again).is_empty());
        let other = route(&preview, "/files/factsheet-air-en-1.png", Some("\"other\""));
        assert_eq!(other.status, 200);
    }

    #[test]
    fn the_page_its_assets_and_the_state_are_served() {
        let (_dir, preview) = preview();
        let page = route(&preview, "/", None);
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        assert!(std::str::from_utf8(bytes(&page)).is_ok_and(|t| t.contains("/assets/preview.js")));
        assert_eq!(route(&preview, "/assets/preview.css", None).status, 200);
        let state = route(&preview, "/api/state", None);
        let json: serde_json::Value = serde_json::from_slice(bytes(&state)).expect("json");
        assert_eq!(json["documents"][0]["name"], "factsheet-air-en");
        assert_eq!(json["documents"][0]["pages"][0]["file"], "factsheet-air-en-1.png");
        assert_eq!(json["documents"][0]["title"].as_str().map(str::is_empty), Some(false));
        assert_eq!(route(&preview, EVENTS, None).body, Body::Events);
    }
}
