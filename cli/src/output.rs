//! Output for people (aligned tables, short dates, refusals in the
//! reader's language) and for scripts (JSON).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use dief_node::i18n::Tr;
use dief_node::NodeError;

use crate::args::{Command, LogFormat};

/// Set once stdout can no longer be written: its reader closed the pipe,
/// or another write error (kept in [`STDOUT_ERROR`]).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first write error other than a closed pipe, reported at exit.
static STDOUT_ERROR: Mutex<Option<std::io::Error>> = Mutex::new(None);

/// Writes to stdout. A reader that went away (`| head -1`, `| grep -q`) is
/// a normal end of output, not a failure: what follows is dropped and the
/// command goes on to its own end. Any other write error is kept for
/// [`finish_stdout`].
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        stdout_failed(e);
    }
}

fn stdout_failed(e: std::io::Error) {
    STDOUT_CLOSED.store(true, Ordering::Relaxed);
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        let mut first = STDOUT_ERROR.lock().unwrap_or_else(|p| p.into_inner());
        first.get_or_insert(e);
    }
}

/// Whether stdout is gone, so a long narration can stop early.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Flushes stdout at exit; a write error other than a closed pipe (a full
/// disk behind `> file`) is an error of the command.
pub fn finish_stdout() -> anyhow::Result<()> {
    if !stdout_closed() {
        if let Err(e) = std::io::stdout().lock().flush() {
            stdout_failed(e);
        }
    }
    match STDOUT_ERROR.lock().unwrap_or_else(|p| p.into_inner()).take() {
        Some(e) => Err(anyhow::Error::new(e).context("writing to stdout")),
        None => Ok(()),
    }
}

/// Logs go to stderr; `dief run` logs at info, other commands only warn.
/// `json` writes one JSON object per event, for log shippers.
pub fn init_tracing(verbose: u8, command: &Command, format: LogFormat) {
    let base = match (command, verbose) {
        (_, 2..) => "debug",
        (Command::Run | Command::Up(_), _) | (_, 1) => "info",
        // The demo and the benchmark narrate; retries they provoke on purpose
        // are not worth a warning.
        (Command::Demo { .. } | Command::Bench { .. } | Command::BenchWorker, 0) => "error",
        _ => "warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("DIEF_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{base},libp2p=warn,netlink=off")));
    // Colours only for a person at a terminal, never into a file or journald.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    // DIEF_LOG_SPANS=1: each span, as it closes, logs the time it was busy
    // and idle: where a request's latency goes, without a profiler.
    let spans = if std::env::var_os("DIEF_LOG_SPANS").is_some_and(|v| v == "1") {
        tracing_subscriber::fmt::format::FmtSpan::CLOSE
    } else {
        tracing_subscriber::fmt::format::FmtSpan::NONE
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_span_events(spans);
    let _ = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Prints rows as an aligned table with a header.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(w.saturating_sub(cell.chars().count())));
            }
        }
        outln!("{}", out.trim_end());
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    if rows.is_empty() {
        outln!("(none)");
    }
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM:SS` UTC.
pub fn datetime(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", rem / 3600, (rem % 3600) / 60, rem % 60)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DD` as the end of that day, UTC, in Unix milliseconds.
pub fn parse_date_end(s: &str) -> Result<i64, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(format!("{s:?} is not a date of the form YYYY-MM-DD"));
    };
    let bad = || format!("{s:?} is not a date of the form YYYY-MM-DD");
    let y: i64 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || civil_from_days(days_from_civil(y, m, d)) != (y, m, d) {
        return Err(format!("{s:?} is not a valid calendar date"));
    }
    Ok((days_from_civil(y, m, d) + 1) * 86_400_000 - 1)
}

/// Shortens `s` to `n` characters for a table cell.
pub fn clip(s: &str, n: usize) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        format!("{}…", one_line.chars().take(n.saturating_sub(1)).collect::<String>())
    }
}

/// The language the CLI words the node's refusals in: `DIEF_LANG`, else the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, e.g. `fr_FR.UTF-8`) when it is
/// one of the six UN languages, else English. The CLI's own words stay
/// English (issue 12); what the node says comes from its catalogs.
pub fn language() -> Tr {
    let from = |var: &str| std::env::var(var).ok().filter(|v| !v.is_empty());
    let wanted = from("DIEF_LANG").or_else(|| from("LC_ALL")).or_else(|| from("LC_MESSAGES")).or_else(|| from("LANG"));
    let primary = wanted.as_deref().and_then(|v| v.split(['_', '-', '.']).next()).unwrap_or("en");
    Tr::new(&primary.to_ascii_lowercase())
}

/// A refusal worded from the catalogs, or `fallback` when the catalogs do
/// not know the key (a node of another release).
pub fn worded(text: String, fallback: impl FnOnce() -> String) -> String {
    if text.starts_with(dief_node::i18n::MISSING_OPEN) {
        fallback()
    } else {
        text
    }
}

/// An error of a command, each cause worded: a node refusal (the node run
/// in this process, as by `dief init`) in the reader's language, anything
/// else as it is. Causes are joined with ": " as anyhow's `{:#}` does.
pub fn error_text(e: &anyhow::Error) -> String {
    let tr = language();
    if tr.lang == "en" {
        // The node's English is already its English catalog's.
        return format!("{e:#}");
    }
    e.chain()
        .map(|cause| match cause.downcast_ref::<NodeError>().and_then(NodeError::reason) {
            Some(r) => worded(tr.reason(&r), || cause.to_string()),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(datetime(0), "1970-01-01 00:00:00");
        assert_eq!(parse_date_end("1970-01-01"), Ok(86_399_999));
        assert_eq!(datetime(parse_date_end("2027-09-30").unwrap_or(0)), "2027-09-30 23:59:59");
        assert!(parse_date_end("2027-02-30").is_err());
        assert!(parse_date_end("tomorrow").is_err());
    }
}
