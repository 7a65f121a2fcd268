//! What keeps a build's writes to its own folder: an output folder that
//! overlaps an input folder is refused, and one build at a time writes into
//! an output folder (an advisory lock on the folder).

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Refuses `out` (what `--out`, `--emit-data` or `--emit-typst` names) when it
/// is, contains or is inside one of the `inputs` folders (the data, the
/// templates): outputs would land among the inputs, and the next build would
/// read them as data.
pub fn refuse_input_overlap(
    out: &Path,
    flag: &str,
    inputs: &[(&str, &Path)],
) -> Result<(), Diagnostic> {
    let out_real = resolved(out);
    for (what, input) in inputs {
        let input_real = resolved(input);
        let relation = if out_real == input_real {
            "is"
        } else if out_real.starts_with(&input_real) {
            "is inside"
        } else if input_real.starts_with(&out_real) {
            "contains"
        } else {
            continue;
        };
        return Err(Diagnostic::error(format!(
            "`{flag} {}` {relation} the {what} folder `{}`: the outputs would land among the inputs",
            out.display(),
            input.display()
        ))
        .hint(format!("choose a {flag} folder apart from the inputs, such as `{flag} out`")));
    }
    Ok(())
}

/// The real path of `path`, whose last components may not exist yet: the
/// longest existing ancestor resolved (symlinks followed), the rest joined.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// The lock a build holds on its output folder while it writes there;
/// released when dropped (and by the system if the process dies).
#[derive(Debug)]
pub struct OutputLock {
    _dir: File,
}

/// Takes the output folder's lock, or says which process holds it. The lock
/// is taken on the folder itself, so no lock file is left among the outputs.
pub fn lock_output(dir: &Path) -> Result<OutputLock, Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::error(format!("cannot lock the output folder {}: {e}", dir.display()))
    };
    let folder = File::open(dir).map_err(fail)?;
    match folder.try_lock() {
        Ok(()) => Ok(OutputLock { _dir: folder }),
        Err(TryLockError::WouldBlock) => {
            let by = holder(&folder).map(|pid| format!(" (process {pid})")).unwrap_or_default();
            Err(Diagnostic::error(format!("another build is writing into {}{by}", dir.display()))
                .hint("wait for it to finish, or build into another --out folder"))
        }
        Err(TryLockError::Error(e)) => Err(fail(e)),
    }
}

/// The process holding the lock on `folder`, where the system says
/// (Linux lists every lock in `/proc/locks`, with the locked file's inode).
fn holder(folder: &File) -> Option<u32> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = folder.metadata().ok()?.ino();
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        // `1: FLOCK  ADVISORY  WRITE 2563 fd:01:1835023 0 EOF`
        locks.lines().find_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let file = fields.get(5)?;
            (fields.get(1) == Some(&"FLOCK") && file.rsplit(':').next()? == inode.to_string())
                .then(|| fields.get(4)?.parse().ok())
                .flatten()
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = folder;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_folder_overlapping_an_input_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("mkdir");
        let inputs = [("data", data.as_path())];
        for (out, relation) in [
            (data.clone(), "is"),
            (data.join("out"), "is inside"),
            (dir.path().to_path_buf(), "contains"),
        ] {
            let e = refuse_input_overlap(&out, "--out", &inputs).expect_err("refused");
            assert!(e.message.contains(&format!("{relation} the data folder")), "{}", e.message);
        }
        // A sibling, even one not yet created, is fine; so is a path through `..`.
        refuse_input_overlap(&dir.path().join("out"), "--out", &inputs).expect("sibling");
        refuse_input_overlap(&data.join("../out"), "--out", &inputs).expect("sibling via ..");
    }

    #[test]
    fn a_second_lock_on_one_folder_names_the_holder() {
        let dir = tempfile::tempdir().expect("tmp");
        let held = lock_output(dir.path()).expect("first lock");
        let e = lock_output(dir.path()).expect_err("second lock");
        assert!(e.message.contains(&format!("process {}", std::process::id())), "{}", e.message);
        drop(held);
        lock_output(dir.path()).expect("free again");
    }
}
