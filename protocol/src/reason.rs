//! A refusal as data: a message key and its arguments (issue 12, ToR-23).
//!
//! Each front end (the web pages, the API's JSON, the CLI) words a refusal
//! from the node's Fluent catalogs in its reader's language, so the words
//! live there (`node/i18n/<lang>/*.ftl`, keys `refusal-…`), not in an
//! English `Display` impl that only an English reader could use. This
//! module holds no words: the protocol stays pure and catalog-free.
//!
//! Keys are written as whole string literals where a refusal is made, so
//! the node's catalog test can find every key in the sources and check that
//! each language has it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// Why something was refused, ready to be worded in any language.
#[derive(Clone, PartialEq, Eq)]
pub struct Reason {
    /// The catalog key, `refusal-…`.
    pub key: &'static str,
    /// Named arguments, in the order they were given.
    pub args: Vec<(&'static str, ReasonArg)>,
}

/// One argument of a [`Reason`]. In JSON each names its kind
/// (`{"date": "2027-03-05"}`), so a client can word a date in its own
/// language rather than take it for a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonArg {
    /// An identifier, a name or a field path: shown as it is, never translated.
    Text(String),
    /// A count or a size: selects plural forms.
    Number(i64),
    /// A calendar day, written in each language's own way.
    Date(Date),
}

impl Reason {
    pub fn new(key: &'static str) -> Reason {
        Reason { key, args: Vec::new() }
    }

    /// Adds a text argument (anything displayable: ids, State codes, names).
    #[must_use]
    pub fn text(mut self, name: &'static str, value: impl fmt::Display) -> Reason {
        self.args.push((name, ReasonArg::Text(value.to_string())));
        self
    }

    /// Adds a number; a value beyond `i64` (never met in practice) saturates.
    #[must_use]
    pub fn number(mut self, name: &'static str, value: impl TryInto<i64>) -> Reason {
        self.args.push((name, ReasonArg::Number(value.try_into().unwrap_or(i64::MAX))));
        self
    }

    #[must_use]
    pub fn date(mut self, name: &'static str, value: Date) -> Reason {
        self.args.push((name, ReasonArg::Date(value)));
        self
    }

    /// The argument named `name`, if given.
    pub fn arg(&self, name: &str) -> Option<&ReasonArg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl fmt::Debug for Reason {
    /// The key and its arguments on one line, as logs and test failures want it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.key)?;
        for (name, value) in &self.args {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

impl fmt::Display for ReasonArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReasonArg::Text(s) => f.write_str(s),
            ReasonArg::Number(n) => write!(f, "{n}"),
            ReasonArg::Date(d) => write!(f, "{d}"),
        }
    }
}

/// An error a person can meet, with the [`Reason`] that words it.
pub trait Explain {
    fn reason(&self) -> Reason;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_their_kind_and_order() {
        let d: Date = "2027-03-05".parse().unwrap_or_else(|_| Date::from_unix_ms(0));
        let r = Reason::new("refusal-x").text("case", "FRA-1").number("count", 3usize).date("on", d);
        assert_eq!(r.arg("count"), Some(&ReasonArg::Number(3)));
        assert_eq!(r.arg("case"), Some(&ReasonArg::Text("FRA-1".into())));
        assert_eq!(format!("{r:?}"), format!("refusal-x case=FRA-1 count=3 on={d}"));
        assert_eq!(r.arg("nothing"), None);
    }
}
