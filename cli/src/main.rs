//! The `dief` command: a thin front over the node library and its local
//! API. `main` parses arguments, runs the command and maps errors to exit
//! codes; everything else lives in the modules below.
//!
//! Commands print with [`out!`] and [`outln!`], never `print!`: the std
//! macros panic when the reader of a pipe goes away (`dief inbox | head -1`),
//! while these stop writing quietly and let the command finish.

/// Like `print!`, through [`output::write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::write_stdout(format_args!($($arg)*)) };
}

/// Like `println!`, through [`output::write_stdout`].
macro_rules! outln {
    () => { $crate::output::write_stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

mod args;
mod attachments;
mod bench;
mod bench_federation;
mod bench_stream;
mod bench_worker;
mod cases;
mod client;
mod commands;
mod demo;
mod load;
mod meetings;
mod output;
mod procedures;
mod trust;
mod up;
mod users;

use std::process::ExitCode;

/// jemalloc rather than glibc's malloc: with many nodes and threads in one
/// process (the demo, `dief bench --federation`), glibc's arenas spent a
/// third of the CPU allocating (`_int_malloc`, `malloc_consolidate`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::Parser;

/// Exit codes a script can rely on.
pub mod exit {
    pub const OK: u8 = 0;
    pub const ERROR: u8 = 1;
    /// Usage errors (clap uses 2 as well).
    pub const USAGE: u8 = 2;
    /// The node's local API could not be reached.
    pub const UNREACHABLE: u8 = 3;
    /// The node refused the request (bad input, not allowed, not found).
    pub const REFUSED: u8 = 4;
    /// The node failed while handling the request.
    pub const NODE_FAILED: u8 = 5;
    /// `dief status`: the node runs but needs an operator (set-aside
    /// envelopes, missed deadlines, store write errors, roster mismatch).
    pub const ATTENTION: u8 = 6;
}

fn main() -> ExitCode {
    let args = args::Cli::parse();
    output::init_tracing(args.verbose, &args.command, commands::log_format(&args));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let result = runtime.block_on(commands::run(args)).and_then(|()| output::finish_stdout());
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!("error: {}", output::error_text(&e));
            ExitCode::from(commands::exit_code(&e))
        }
    }
}
