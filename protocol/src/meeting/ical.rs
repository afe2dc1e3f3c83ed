//! The iCalendar (RFC 5545) export of the meeting cycle. A text format with
//! its own escaping and line folding, kept apart so that what reaches a
//! calendar program is visibly only meetings and deadline days.

use super::{deadlines, Meeting};
use crate::date::Date;
use crate::ids::Party;
use crate::rules::Rule;

fn rule_slug(rule: Rule) -> &'static str {
    match rule {
        Rule::Invitation => "invitation",
        Rule::DraftAgenda => "draft-agenda",
        Rule::ExpertProposal => "expert-proposal",
        Rule::ExpertEscalation => "expert-escalation",
        Rule::InvolvedNotice => "involved-notice",
        Rule::InvolvedReply => "involved-reply",
    }
}

/// RFC 5545 section 3.3.11: escapes TEXT (backslash, semicolon, comma,
/// newline); other control characters are dropped.
pub fn ical_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 section 3.1: a content line longer than 75 octets is folded
/// into lines of at most 75 octets (CRLF, then one space), never inside a
/// UTF-8 character. Appends the folded line and its CRLF to `out`.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // A continuation line starts with the space, which counts.
        limit = 74;
    }
}

fn ical_date(d: Date) -> String {
    let (y, m, dd) = d.ymd();
    format!("{y:04}{m:02}{dd:02}")
}

/// An iCalendar (RFC 5545) export of the meeting cycle of `meetings` for
/// `party`: one all-day VEVENT per meeting (`CLASS:CONFIDENTIAL`, ToR-14)
/// and one per deadline, with stable UIDs (`<meeting>@dief`,
/// `<meeting>-<rule>@dief`) so that a calendar program updates rather than
/// duplicates them on re-import. `stamp` is the DTSTAMP day. Pure text: CRLF
/// line ends, folded at 75 octets, TEXT escaped. No case content exists at
/// this level, so none can be exported.
pub fn icalendar(meetings: &[Meeting], party: Party, stamp: Date) -> String {
    let stamp = format!("{}T000000Z", ical_date(stamp));
    let mut out = String::new();
    let mut line = |s: &str| push_folded(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//dief//ATT DIEF meeting cycle//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    let mut sorted: Vec<&Meeting> = meetings.iter().collect();
    sorted.sort_by_key(|m| (m.first_day, m.id));
    for m in sorted {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@dief", m.id));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", ical_date(m.first_day)));
        line(&format!("DTEND;VALUE=DATE:{}", ical_date(m.last_day.add_days(1))));
        line(&format!("SUMMARY:{}", ical_escape(&m.title)));
        line(&format!("LOCATION:{}", ical_escape(&m.venue)));
        let description = format!(
            "ATT DIEF meeting {} (ToR-3).\nCall for submissions: {}",
            m.kind.describe(),
            m.call_for_submissions
        );
        line(&format!("DESCRIPTION:{}", ical_escape(&description)));
        line("CLASS:CONFIDENTIAL");
        line("END:VEVENT");
        // The deadline states are not exported: only the days are.
        for d in deadlines(m, party, m.first_day) {
            line("BEGIN:VEVENT");
            line(&format!("UID:{}-{}@dief", m.id, rule_slug(d.rule)));
            line(&format!("DTSTAMP:{stamp}"));
            line(&format!("DTSTART;VALUE=DATE:{}", ical_date(d.due)));
            line(&format!("DTEND;VALUE=DATE:{}", ical_date(d.due.add_days(1))));
            let summary = format!("DIEF deadline: {} ({}, T-{})", d.what, d.tor, d.rule.days_before());
            line(&format!("SUMMARY:{}", ical_escape(&summary)));
            let who = if d.mine { "Your action." } else { "For information." };
            let description = format!("{who} Last day for the {} of \"{}\", {}.", d.what, m.title, d.tor);
            line(&format!("DESCRIPTION:{}", ical_escape(&description)));
            line("TRANSP:TRANSPARENT");
            line("END:VEVENT");
        }
    }
    line("END:VCALENDAR");
    out
}
