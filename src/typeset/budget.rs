//! The time and memory budgets of typesetting. Typst cannot be interrupted,
//! so a template that loops or allocates without end is bounded from outside:
//! each compilation runs on a thread of its own, which the document waits
//! for until its deadline (then the document fails, and the runaway thread
//! is left to end with the process; past [`MAX_ABANDONED`] such threads no
//! more compilations start, so that `watch` and `serve` cannot pile them up
//! one rebuild at a time); a watchdog thread samples the process's
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
static RUNNING: Mutex<BTreeMap<u64, Compiling>> = Mutex::new(BTreeMap::new());

/// One compilation under way.
struct Compiling {
    /// The document's file name.
    file: String,
    /// Whether its document gave up waiting (past the deadline): the thread
    /// still runs, on a core of its own, until it ends or the process does.
    abandoned: bool,
}

/// Most compilations left running past their deadline before no more are
/// started. Each keeps a core busy until it ends, which a template stuck in a
/// loop never does; in `watch` and `serve`, every rebuild of such a template
/// would take one more core. Two is the machine's share a stuck template may
/// take: a build still reports the rest of its documents at once (refused,
/// instead of waiting out each one's deadline), and a long-running
/// `watch` or `serve` says to restart it.
pub const MAX_ABANDONED: usize = 2;

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
    {
        let mut running = running();
        let stuck: Vec<&str> =
            running.values().filter(|c| c.abandoned).map(|c| c.file.as_str()).collect();
        if stuck.len() >= MAX_ABANDONED {
            return Err(refused(file, &stuck).into());
        }
        running.insert(number, Compiling { file: file.to_owned(), abandoned: false });
    }
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
        Err(RecvTimeoutError::Timeout) => {
            // Unless it ended just now, its thread runs on: count it as stuck.
            if let Some(c) = running().get_mut(&number) {
                c.abandoned = true;
            }
            Err(too_slow(file).into())
        }
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
    .hint("its typesetting cannot be stopped and keeps a core busy until briefing ends: restart `briefing watch` or `briefing serve` once the template is fixed")
}

/// The error for a document not typeset because earlier ones are still stuck.
fn refused(file: &str, stuck: &[&str]) -> Diagnostic {
    Diagnostic::error(format!(
        "{file} was not typeset: the typesetting of {} ran past the time limit and still runs, and briefing starts no more",
        stuck.join(", ")
    ))
    .hint(format!(
        "at most {MAX_ABANDONED} runaway typesettings are left running, each keeping a core busy; they end only with briefing"
    ))
    .hint("fix the template that loops, then restart briefing (stop `watch` or `serve` with Ctrl-C and start it again)")
}

fn running() -> std::sync::MutexGuard<'static, BTreeMap<u64, Compiling>> {
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
            let files: Vec<String> = running().values().map(|c| c.file.clone()).collect();
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
