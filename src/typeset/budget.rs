//! The time and memory budgets of typesetting. Typst cannot be interrupted,
//! so a template that loops or allocates without end is bounded from outside:
//! each compilation runs on a thread of its own, which the document waits
//! for until its deadline (then the document fails, and the runaway thread
//! is left to end with the process); a watchdog thread samples the process's
//! resident memory while anything is being typeset and stops the process,
//! cleanly, when it exceeds the budget (started by the command, [`watch_memory`]). The budgets are in `crate::limits`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use super::Typeset;
use super::world::BriefingWorld;
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits;

/// The documents being typeset right now, by a number of their compilation.
static RUNNING: Mutex<BTreeMap<u64, String>> = Mutex::new(BTreeMap::new());

/// The number the next compilation gets.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// Compiles `world` (the document `file`) on its own thread, giving up at
/// `deadline`. Returns the world with the result, so it can export the pages.
pub fn compile_until(
    world: BriefingWorld,
    file: &str,
    deadline: Instant,
) -> Result<(BriefingWorld, Typeset), Diagnostics> {
    let number = NEXT.fetch_add(1, Ordering::SeqCst);
    running().insert(number, file.to_owned());
    let (send, receive) = channel();
    let spawned =
        std::thread::Builder::new().name(format!("briefing-typeset-{number}")).spawn(move || {
            let result = super::compile(&world);
            running().remove(&number);
            // The document may have given up waiting: then nobody listens.
            let _ = send.send((world, result));
        });
    if let Err(e) = spawned {
        running().remove(&number);
        return Err(Diagnostic::error(format!("cannot start typesetting {file}: {e}")).into());
    }
    match receive.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok((world, result)) => result.map(|typeset| (world, typeset)),
        Err(RecvTimeoutError::Timeout) => Err(too_slow(file).into()),
        Err(RecvTimeoutError::Disconnected) => {
            Err(Diagnostic::error(format!("typesetting {file} stopped unexpectedly")).into())
        }
    }
}

/// The error for a document whose typesetting ran past its time budget.
fn too_slow(file: &str) -> Diagnostic {
    let seconds = limits::typeset_time().as_secs();
    Diagnostic::error(format!(
        "typesetting {file} took longer than {seconds} s, the time limit for one document"
    ))
    .hint("a template may loop without end: look for a loop or a recursion in the templates that never stops")
    .hint("BRIEFING_TYPESET_SECONDS=<seconds> raises the limit for a document that is slow but finite")
}

fn running() -> std::sync::MutexGuard<'static, BTreeMap<u64, String>> {
    RUNNING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts the memory watchdog (once per process; later calls do nothing).
/// The `briefing` command starts it; a program using the library in-process
/// (the tests) does not, as the watchdog ends the whole process.
pub fn watch_memory() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let budget = limits::typeset_memory();
        let spawned = std::thread::Builder::new()
            .name("briefing-memory".into())
            .spawn(move || memory_watchdog(budget));
        // Without the watchdog typesetting runs unbounded in memory, as before.
        drop(spawned);
    });
}

/// Samples the resident memory while anything is typeset; past `budget`
/// bytes, says so and stops the process (exit 1, temporary files removed).
fn memory_watchdog(budget: u64) {
    loop {
        let busy = !running().is_empty();
        std::thread::sleep(Duration::from_millis(if busy { 10 } else { 100 }));
        if !busy {
            continue;
        }
        let Some(resident) = resident_bytes() else { return };
        if resident > budget {
            let files: Vec<String> = running().values().cloned().collect();
            let mib = budget / (1024 * 1024);
            let error = Diagnostic::error(format!(
                "typesetting {} used more than {mib} MiB of memory, the limit; briefing stopped",
                files.join(", ")
            ))
            .hint("a template may build ever larger values (a string or list grown without end): look for one in the templates")
            .hint("BRIEFING_TYPESET_MEMORY_MIB=<MiB> raises the limit for a document that is large but finite");
            eprint!("{}", Diagnostics(vec![error]).render());
            crate::interrupt::exit_removing_temporary_files(1);
        }
    }
}

/// The process's resident memory, where the system says (Linux: `/proc/self/status`).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn the_resident_memory_is_read() {
        let resident = resident_bytes().expect("VmRSS");
        assert!(resident > 1024 * 1024, "{resident}");
    }
}
