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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Temporary files that exist right now.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Distinguishes temporary files created by this process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

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
                        let files = live();
                        for path in files.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                        // Exit while holding the lock: no new file can be created.
                        std::process::exit(128 + signal);
                    }
                });
            drop(spawned);
        });
    }
}

/// A registered temporary file in an output folder, removed on drop unless
/// persisted.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    /// Creates `dir/.briefing-<pid>-<n>.tmp`, registered before it exists.
    pub fn new_in(dir: &Path) -> io::Result<TempFile> {
        let pid = std::process::id();
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(".briefing-{pid}-{n}.tmp"));
            let mut files = live();
            match File::options().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    files.insert(path.clone());
                    return Ok(TempFile { path, file: Some(file) });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(io::ErrorKind::AlreadyExists, "no free temporary file name"))
    }

    /// The open file.
    pub fn file(&mut self) -> io::Result<&mut File> {
        self.file.as_mut().ok_or_else(|| io::Error::other("temporary file already closed"))
    }

    /// Closes the file and renames it to `target`.
    pub fn persist(mut self, target: &Path) -> io::Result<()> {
        drop(self.file.take());
        let mut files = live();
        std::fs::rename(&self.path, target)?;
        files.remove(&self.path);
        // Nothing is left to remove on drop.
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        drop(self.file.take());
        if self.path.as_os_str().is_empty() {
            return;
        }
        let mut files = live();
        let _ = std::fs::remove_file(&self.path);
        files.remove(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_registered_while_it_exists() {
        let dir = tempfile::tempdir().expect("tmp");
        let tmp = TempFile::new_in(dir.path()).expect("create");
        let path = tmp.path.clone();
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
        let path = tmp.path.clone();
        std::io::Write::write_all(tmp.file().expect("open"), b"done").expect("write");
        tmp.persist(&dir.path().join("out.pdf")).expect("persist");
        assert_eq!(std::fs::read(dir.path().join("out.pdf")).expect("read"), b"done");
        assert!(!path.exists() && !live().contains(&path));
    }
}
