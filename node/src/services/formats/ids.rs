//! What both exchange formats need: identifiers that are the same on every
//! export of the same case, and timestamps in the form STIX 2.1 requires.

use dief_protocol::{CaseId, Date};

/// Namespaces the hash so that no other use of SHA-256 over a case id can
/// collide with these identifiers.
const DOMAIN: &[u8] = b"dief/exchange-format-id/v1";

/// A UUID derived from the case id and the role of the object in the
/// export (`"report"`, `"item/3"`...), so that exporting the same case again
/// gives the same ids and the receiving tool updates its objects instead of
/// duplicating them. Built like a name-based UUID (RFC 9562 section 5.5),
/// but on SHA-256 (ring has no SHA-1, which version 5 names) and with the
/// bits of a version 4: the STIX 2.1 JSON schemas accept versions 1 to 5
/// only, and the OASIS validator wants version 4 for every object but
/// cyber observables. The 122 other bits are as uniform as a v4's (they are
/// SHA-256 output); they are only not fresh, which is the point.
pub(super) fn uuid_for(case: &CaseId, role: &str) -> String {
    let mut input = Vec::with_capacity(DOMAIN.len() + 64 + role.len());
    input.extend_from_slice(DOMAIN);
    input.push(0);
    input.extend_from_slice(case.to_string().as_bytes());
    input.push(0);
    input.extend_from_slice(role.as_bytes());
    let digest = ring::digest::digest(&ring::digest::SHA256, &input);
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest.as_ref()[..16]);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10 (RFC 9562)
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// A STIX identifier, `type--UUID`.
pub(super) fn stix_id(kind: &str, case: &CaseId, role: &str) -> String {
    format!("{kind}--{}", uuid_for(case, role))
}

/// Unix milliseconds as RFC 3339 in UTC with milliseconds
/// (`2024-05-01T09:30:00.250Z`), the form STIX 2.1 timestamps take.
pub(super) fn timestamp(unix_ms: i64) -> String {
    let day = Date::from_unix_ms(unix_ms);
    let (y, m, d) = day.ymd();
    // Within the day: never negative, whatever side of 1970 it is on.
    let in_day = unix_ms - day.start_ms();
    let (h, rest) = (in_day / 3_600_000, in_day % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{ms:03}Z")
}

/// Unix seconds, as MISP writes its `timestamp` fields.
pub(super) fn unix_seconds(unix_ms: i64) -> String {
    unix_ms.div_euclid(1000).to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn case() -> CaseId {
        "FRA-01HZY0Q6S2D8J4XK8V4Y3N9B7C".parse().unwrap()
    }

    #[test]
    fn ids_are_stable_distinct_and_well_formed() {
        let a = uuid_for(&case(), "report");
        assert_eq!(a, uuid_for(&case(), "report"));
        assert_ne!(a, uuid_for(&case(), "item/0"));
        assert_eq!(a.len(), 36);
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'), "version 4: {a}");
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "RFC variant: {a}");
        assert!(stix_id("report", &case(), "report").starts_with("report--"));
    }

    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(timestamp(1_714_555_800_250), "2024-05-01T09:30:00.250Z");
        assert_eq!(timestamp(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(timestamp(951_782_400_000 - 1), "2000-02-28T23:59:59.999Z");
        assert_eq!(timestamp(951_782_400_000 + 86_400_000), "2000-03-01T00:00:00.000Z");
        assert_eq!(unix_seconds(1_714_555_800_250), "1714555800");
    }
}
