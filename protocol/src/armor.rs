//! Text armour for signed objects that people carry between nodes out of
//! band (join requests, rosters): hex inside BEGIN/END lines, so they
//! survive e-mail and copy-paste and say what they are.

use crate::reason::{Explain, Reason};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArmorError {
    #[error("expected a \"{0}\" block (-----BEGIN {0}-----)")]
    Missing(&'static str),
    #[error("the {0} block is not valid hex")]
    BadHex(&'static str),
}

impl Explain for ArmorError {
    /// The label is the block's own name (`DIEF JOIN REQUEST`), shown as it is.
    fn reason(&self) -> Reason {
        match self {
            ArmorError::Missing(label) => Reason::new("refusal-armor-missing").text("label", label),
            ArmorError::BadHex(label) => Reason::new("refusal-armor-bad-hex").text("label", label),
        }
    }
}

/// Wraps `bytes` as a labelled block.
pub fn armor(label: &'static str, bytes: &[u8]) -> String {
    let hex = hex::encode(bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in hex.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Extracts the bytes of the first `label` block in `text`.
pub fn dearmor(label: &'static str, text: &str) -> Result<Vec<u8>, ArmorError> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin).ok_or(ArmorError::Missing(label))? + begin.len();
    let rest = text.get(start..).ok_or(ArmorError::Missing(label))?;
    let stop = rest.find(&end).ok_or(ArmorError::Missing(label))?;
    let body: String =
        rest.get(..stop).ok_or(ArmorError::Missing(label))?.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(body).map_err(|_| ArmorError::BadHex(label))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let data: Vec<u8> = (0..200u8).collect();
        let text = armor("DIEF ROSTER", &data);
        assert_eq!(dearmor("DIEF ROSTER", &format!("junk\n{text}trailer")).unwrap(), data);
        assert!(matches!(dearmor("DIEF JOIN REQUEST", &text), Err(ArmorError::Missing(_))));
        let broken = text.replace('a', "z");
        assert!(matches!(dearmor("DIEF ROSTER", &broken), Err(ArmorError::BadHex(_))));
    }
}
