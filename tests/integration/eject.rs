//! A plain Typst world that reads one ejected folder and nothing else, like
//! `typst compile --ignore-system-fonts --font-path DIR DIR/main.typ`:
//! proves that `--emit-typst` folders are self-contained.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// Everything under `root`, with the fonts found in it.
struct FolderWorld {
    root: PathBuf,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    sources: Mutex<HashMap<FileId, Source>>,
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() { files_under(&path, out) } else { out.push(path) }
    }
}

impl FolderWorld {
    fn new(root: &Path) -> Self {
        let mut files = Vec::new();
        files_under(root, &mut files);
        files.sort();
        let fonts: Vec<Font> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "otf" || e == "ttf"))
            .flat_map(|p| Font::iter(Bytes::new(std::fs::read(p).expect("font"))))
            .collect();
        let main = VirtualPath::new("/main.typ").expect("path");
        FolderWorld {
            root: root.canonicalize().expect("root"),
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: RootedPath::new(VirtualRoot::Project, main).intern(),
            sources: Mutex::new(HashMap::new()),
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get();
        let VirtualRoot::Project = path.root() else {
            return Err(FileError::Other(Some("no packages".into())));
        };
        let real = path.vpath().realize(&self.root).map_err(FileError::Realize)?;
        let real = real.canonicalize().map_err(|e| FileError::from_io(e, &real))?;
        if !real.starts_with(&self.root) {
            return Err(FileError::Other(Some("outside the folder".into())));
        }
        std::fs::read(&real).map(Bytes::new).map_err(|e| FileError::from_io(e, &real))
    }
}

impl World for FolderWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().expect("lock");
        if let Some(s) = cache.get(&id) {
            return Ok(s.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_owned());
        cache.insert(id, source.clone());
        Ok(source)
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(2026, 11, 1)
    }
}

/// Compiles an ejected document folder on its own and returns its page count.
pub fn compile_ejected(dir: &Path) -> usize {
    let world = FolderWorld::new(dir);
    let result = typst::compile::<PagedDocument>(&world);
    match result.output {
        Ok(doc) => doc.pages().len(),
        Err(errors) => panic!(
            "{} does not compile on its own: {:?}",
            dir.display(),
            errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>()
        ),
    }
}
