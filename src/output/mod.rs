//! Writing outputs atomically (a temporary file beside the target, then a
//! rename), and the files a build writes besides its PDFs.

pub mod data;
pub mod eject;
pub mod guard;
pub mod images;
pub mod manifest;
pub mod pdfpc;
pub mod pptx;

use std::io::Write;
use std::path::Path;

use crate::diag::Diagnostic;

/// Creates the output folder if needed.
pub fn ensure_dir(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "output path {} exists and is not a folder",
            dir.display()
        ))
        .hint("choose another --out, or remove that file"));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create output folder {}: {e}", dir.display()))
    })
}

/// Writes `bytes` to `dir/name` so that readers see the old file or the whole
/// new one, never a part; on failure nothing is left behind.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    // Names come from ids the data chose: never a path that could lead elsewhere.
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(Diagnostic::error(format!(
            "`{name}` is not a plain file name; nothing was written"
        )));
    }
    let target = dir.join(name);
    let fail =
        |e: std::io::Error| Diagnostic::error(format!("cannot write {}: {e}", target.display()));
    // Registered while it exists, so an interrupt removes it (see `interrupt`).
    let mut tmp = crate::interrupt::TempFile::new_in(dir).map_err(fail)?;
    tmp.file().and_then(|f| f.write_all(bytes)).map_err(fail)?;
    // A published document is readable like any file, whatever the umask gave the temporary one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.file()
            .and_then(|f| f.set_permissions(std::fs::Permissions::from_mode(0o644)))
            .map_err(fail)?;
    }
    tmp.file().and_then(|f| f.sync_all()).map_err(fail)?;
    // Dropping the temporary file on any error removes it.
    tmp.persist(&target).map_err(fail)?;
    Ok(())
}
