//! Interrupted runs leave no temporary files behind.
//!
//! Every temporary output file (`.briefing-*.tmp`, see [`crate::output`]) is
//! registered while it exists. On SIGINT or SIGTERM a handler thread takes the
//! registry's lock, removes every registered file and exits with 128 + the
//! signal number (130, 143). Files are created and renamed into place while
//! holding the same lock, so none can appear or be half-renamed once the
//! handler has started.

use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Temporary files that exist right now.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn live() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // A panicking writer cannot leave the set inconsistent: use it anyway.
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the SIGINT / SIGTERM handler (once per process; later calls do nothing).
pub fn install() {
    #[cfg(unix)]
    {
        use std::sync::Once;
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            use signal_hook::consts::{SIGINT, SIGTERM};
            // Without the handler a signal still stops the run; it may leave a
            // temporary file, which a later build ignores.
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
                return;
            };
            let spawned =
                std::thread::Builder::new().name("briefing-signals".into()).spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        exit_removing_temporary_files(128 + signal);
                    }
                });
            drop(spawned);
        });
    }
}

/// Removes every registered temporary file and exits with `code`: for a
/// signal, or a run that must stop at once (a template beyond its memory).
pub fn exit_removing_temporary_files(code: i32) -> ! {
    let files = live();
    for path in files.iter() {
        let _ = std::fs::remove_file(path);
    }
    // Exit while holding the lock: no new file can be created.
    std::process::exit(code);
}

/// A registered temporary file in an output folder (a `tempfile`
/// [`NamedTempFile`](tempfile::NamedTempFile) that the signal handler knows
/// about), removed on drop unless persisted.
#[derive(Debug)]
pub struct TempFile {
    inner: Option<tempfile::NamedTempFile>,
}

impl TempFile {
    /// Creates `dir/.briefing-<random>.tmp`, registered as it is created.
    pub fn new_in(dir: &Path) -> io::Result<TempFile> {
        let mut files = live();
        let inner =
            tempfile::Builder::new().prefix(".briefing-").suffix(".tmp").tempfile_in(dir)?;
        files.insert(inner.path().to_owned());
        Ok(TempFile { inner: Some(inner) })
    }

    /// The open file.
    pub fn file(&mut self) -> io::Result<&mut File> {
        self.inner
            .as_mut()
            .map(|t| t.as_file_mut())
            .ok_or_else(|| io::Error::other("temporary file already persisted"))
    }

    /// Closes the file and renames it to `target`.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        let Some(inner) = self.inner.take() else {
            return Err(io::Error::other("temporary file already persisted"));
        };
        let mut files = live();
        let path = inner.path().to_owned();
        match inner.persist(target) {
            Ok(_) => {
                files.remove(&path);
                Ok(())
            }
            Err(e) => {
                // Still ours to remove, on drop or on a signal.
                self.inner = Some(e.file);
                Err(e.error)
            }
        }
    }

    #[cfg(test)]
    fn path(&self) -> PathBuf {
        self.inner.as_ref().map(|t| t.path().to_owned()).unwrap_or_default()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            let mut files = live();
            let path = inner.path().to_owned();
            let _ = inner.close();
            files.remove(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_registered_while_it_exists() {
        let dir = tempfile::tempdir().expect("tmp");
        let tmp = TempFile::new_in(dir.path()).expect("create");
        let path = tmp.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(name.starts_with(".briefing-") && name.ends_with(".tmp"), "{name}");
        assert!(path.is_file() && live().contains(&path));
        drop(tmp);
        assert!(!path.exists() && !live().contains(&path));
    }

    #[test]
    fn a_persisted_file_is_renamed_and_forgotten() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut tmp = TempFile::new_in(dir.path()).expect("create");
        let path = tmp.path();
        std::io::Write::write_all(tmp.file().expect("open"), b"done").expect("write");
        tmp.persist(&dir.path().join("out.pdf")).expect("persist");
        assert_eq!(std::fs::read(dir.path().join("out.pdf")).expect("read"), b"done");
        assert!(!path.exists() && !live().contains(&path));
    }
}
