//! The Typst world: templates, our own fonts and generated files, nothing else.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::assets;

use crate::served::GENERATED_DIR;

/// The fonts documents may use, parsed once and shared by every compilation.
pub struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl FontSet {
    /// Parses the embedded fonts of `fonts/`.
    pub fn embedded() -> Self {
        let fonts: Vec<Font> =
            assets::font_files().into_iter().flat_map(|b| Font::iter(Bytes::new(b))).collect();
        FontSet { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    }
}

/// Where templates come from.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    /// The templates compiled into the binary.
    Embedded,
    /// A folder on disk (canonical path); nothing outside it is readable.
    Dir(PathBuf),
}

impl TemplateSource {
    /// Display name of a template file for diagnostics (`templates/factsheet.typ`).
    pub fn display_name(&self, vpath: &VirtualPath) -> String {
        let rel = vpath.get_without_slash();
        match self {
            TemplateSource::Embedded => format!("templates/{rel}"),
            TemplateSource::Dir(root) => {
                let root = root.to_string_lossy();
                let root = std::env::current_dir()
                    .ok()
                    .and_then(|cwd| {
                        Path::new(root.as_ref())
                            .strip_prefix(cwd)
                            .ok()
                            .map(|p| p.to_string_lossy().into_owned())
                    })
                    .unwrap_or_else(|| root.into_owned());
                format!("{root}/{rel}")
            }
        }
    }

    /// Display name of a template file given as a virtual path string (`/i18n/en.toml`).
    pub fn display_name_of(&self, path: &str) -> String {
        VirtualPath::new(path).map(|v| self.display_name(&v)).unwrap_or_else(|_| path.to_owned())
    }

    /// Reads a template-side file (label files) by virtual path.
    pub fn read_file(&self, path: &str) -> Result<Bytes, String> {
        let v = VirtualPath::new(path).map_err(|e| e.to_string())?;
        self.read(&v).map_err(|e| e.to_string())
    }

    /// Every file of the templates, as (relative path, bytes), sorted by path:
    /// what `--emit-typst` copies beside an ejected document.
    pub fn all_files(&self) -> Result<Vec<(String, Vec<u8>)>, String> {
        match self {
            TemplateSource::Embedded => Ok(assets::files(&assets::DEFAULT_TEMPLATES)
                .into_iter()
                .map(|(p, b)| (p, b.to_vec()))
                .collect()),
            TemplateSource::Dir(root) => {
                let mut out = Vec::new();
                let mut stack = vec![root.clone()];
                while let Some(dir) = stack.pop() {
                    let entries =
                        std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    for entry in entries {
                        let path = entry.map_err(|e| e.to_string())?.path();
                        // Symlinks are followed only when they stay inside the folder.
                        let real =
                            path.canonicalize().map_err(|e| format!("{}: {e}", path.display()))?;
                        if !real.starts_with(root) {
                            continue;
                        }
                        if real.is_dir() {
                            stack.push(path);
                        } else if !real.is_file() {
                            // Pipes, sockets and devices are no template files: not copied.
                            continue;
                        } else if let Ok(rel) = path.strip_prefix(root) {
                            let bytes = std::fs::read(&real)
                                .map_err(|e| format!("{}: {e}", path.display()))?;
                            out.push((rel.to_string_lossy().replace('\\', "/"), bytes));
                        }
                    }
                }
                out.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(out)
            }
        }
    }

    /// Reads one template file.
    fn read(&self, vpath: &VirtualPath) -> FileResult<Bytes> {
        match self {
            TemplateSource::Embedded => assets::DEFAULT_TEMPLATES
                .get_file(vpath.get_without_slash())
                .map(|f| Bytes::new(f.contents()))
                .ok_or_else(|| FileError::NotFound(PathBuf::from(vpath.get_with_slash()))),
            TemplateSource::Dir(root) => {
                let path = vpath.realize(root).map_err(FileError::Realize)?;
                // Resolve symlinks before checking, so a link cannot lead out of the folder.
                let real = path.canonicalize().map_err(|e| FileError::from_io(e, &path))?;
                if !real.starts_with(root) {
                    return Err(FileError::Other(Some(
                        format!("{} lies outside the templates folder; templates may only read files inside it", vpath.get_with_slash()).into(),
                    )));
                }
                let meta = real.metadata().map_err(|e| FileError::from_io(e, &path))?;
                if meta.is_dir() {
                    return Err(FileError::IsDirectory);
                }
                // A FIFO or a device would block the build or never end: templates are files.
                if !meta.is_file() {
                    return Err(FileError::Other(Some(
                        format!("{} is not an ordinary file (a pipe, socket or device); templates may only read ordinary files", vpath.get_with_slash()).into(),
                    )));
                }
                let bytes = std::fs::read(&real).map_err(|e| FileError::from_io(e, &path))?;
                if bytes.starts_with(WASM_MAGIC) {
                    return Err(FileError::Other(Some(
                        format!("{} is a WebAssembly plugin; briefing does not run plugins from the templates folder, which could hang or crash a build", vpath.get_with_slash()).into(),
                    )));
                }
                Ok(Bytes::new(bytes))
            }
        }
    }
}

/// The first bytes of every WebAssembly module: what Typst's `plugin()` loads.
const WASM_MAGIC: &[u8] = b"\0asm";

/// A Typst world for one document.
pub struct BriefingWorld {
    library: Arc<LazyHash<Library>>,
    fonts: Arc<FontSet>,
    templates: Arc<TemplateSource>,
    generated: BTreeMap<String, Bytes>,
    main: FileId,
    today: Datetime,
    sources: Mutex<HashMap<FileId, Source>>,
    parsed: Arc<SourceCache>,
}

impl BriefingWorld {
    /// A world compiling `main` (a template path like `/factsheet.typ`) with
    /// `generated` files served under [`GENERATED_DIR`].
    pub fn new(
        library: Arc<LazyHash<Library>>,
        fonts: Arc<FontSet>,
        templates: Arc<TemplateSource>,
        main: &str,
        generated: BTreeMap<String, Bytes>,
        today: Datetime,
    ) -> Result<Self, String> {
        let vpath = VirtualPath::new(main).map_err(|e| format!("bad template path {main}: {e}"))?;
        let main = RootedPath::new(VirtualRoot::Project, vpath).intern();
        Ok(BriefingWorld {
            library,
            fonts,
            templates,
            generated,
            main,
            today,
            sources: Mutex::new(HashMap::new()),
            parsed: Arc::default(),
        })
    }

    /// Takes template sources from `cache`, parsed by earlier worlds, rather
    /// than parsing them afresh.
    pub fn with_sources(mut self, cache: Arc<SourceCache>) -> Self {
        self.parsed = cache;
        self
    }

    /// The generated files this world served, for ejecting a document.
    pub fn into_generated(self) -> BTreeMap<String, Bytes> {
        self.generated
    }

    /// The standard library every world shares.
    pub fn standard_library() -> Arc<LazyHash<Library>> {
        Arc::new(LazyHash::new(Library::default()))
    }

    /// Display name of a file for diagnostics.
    pub fn display_name(&self, id: FileId) -> String {
        let path = id.get();
        match path.root() {
            VirtualRoot::Package(spec) => format!("{spec}{}", path.vpath().get_with_slash()),
            VirtualRoot::Project => {
                let v = path.vpath();
                if v.get_with_slash().starts_with(GENERATED_DIR) {
                    format!("<generated>{}", v.get_with_slash())
                } else {
                    self.templates.display_name(v)
                }
            }
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get();
        match path.root() {
            VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::Other(Some(
                format!("{spec} cannot be imported: briefing works offline and downloads no packages; copy what you need into the templates folder and import it by path").into(),
            )))),
            VirtualRoot::Project => {
                let v = path.vpath().get_with_slash();
                if v == GENERATED_DIR || v.starts_with(&format!("{GENERATED_DIR}/")) {
                    self.generated.get(v).cloned().ok_or_else(|| FileError::NotFound(PathBuf::from(v)))
                } else {
                    self.templates.read(path.vpath())
                }
            }
        }
    }
}

impl World for BriefingWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().map_err(|_| FileError::Other(None))?;
        if let Some(s) = cache.get(&id) {
            return Ok(s.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = self.parsed.get(id, text.trim_start_matches('\u{feff}'));
        cache.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents are reproducible: "today" is the build's fixed date, never the clock.
        Some(self.today)
    }
}

/// Parsed template files, shared by the worlds of one build (and of a
/// watch session's rebuilds): each file is parsed once, and an edited file
/// is reparsed incrementally, as typst-cli's watch does.
#[derive(Default)]
pub struct SourceCache {
    sources: Mutex<HashMap<FileId, Source>>,
}

impl SourceCache {
    /// The source of `id` with `text`: the last parse of the file when its
    /// text is unchanged, else that parse updated to `text`. The text is
    /// always compared, so what is returned matches the file just read.
    fn get(&self, id: FileId, text: &str) -> Source {
        let Ok(mut sources) = self.sources.lock() else { return Source::new(id, text.to_owned()) };
        match sources.get_mut(&id) {
            Some(source) if source.text() == text => source.clone(),
            Some(source) => {
                source.replace(text);
                source.clone()
            }
            None => {
                let source = Source::new(id, text.to_owned());
                sources.insert(id, source.clone());
                source
            }
        }
    }
}
