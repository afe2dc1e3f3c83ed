//! The node's words in the six UN languages (ToR-23): one Project Fluent
//! catalog per language (`node/i18n/<lang>/*.ftl`, compiled into the binary
//! so an offline node needs no files), the choice of language for a
//! request, dates written the way each language writes them, and refusals
//! ([`Reason`]) worded from their key and arguments. The web pages, the
//! API's error bodies and the CLI all word through here; a refusal's
//! English `Display` is its English catalog entry.
//!
//! A key missing from a catalog renders as `⟦key⟧`, never as an English
//! fallback, so a test finds it on the page instead of a reader meeting
//! English in an Arabic page.

use std::sync::OnceLock;

use dief_protocol::date::Date;
use dief_protocol::reason::{Reason, ReasonArg};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::core::users::LANGUAGES;

/// The catalog files of one language, one per area of the interface.
macro_rules! catalog {
    ($lang:literal) => {
        (
            $lang,
            &[
                include_str!(concat!("../../i18n/", $lang, "/main.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/procedures.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/meetings.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/admin.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/refusals.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/protocol.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/attachments.ftl")),
                include_str!(concat!("../../i18n/", $lang, "/operations.ftl")),
            ],
        )
    };
}

/// The catalogs, in the order of [`LANGUAGES`].
const SOURCES: [(&str, &[&str]); 6] =
    [catalog!("ar"), catalog!("zh"), catalog!("en"), catalog!("fr"), catalog!("ru"), catalog!("es")];

/// Marks a key a catalog lacks.
pub const MISSING_OPEN: char = '⟦';

pub struct Catalogs {
    bundles: Vec<(&'static str, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Catalogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogs").field("languages", &self.bundles.len()).finish()
    }
}

/// A catalog that does not parse is a build mistake; the tests load every
/// catalog, so it never reaches a node.
#[derive(Debug, thiserror::Error)]
#[error("catalog {lang}: {problem}")]
pub struct CatalogError {
    pub lang: &'static str,
    pub problem: String,
}

impl Catalogs {
    pub fn load() -> Result<Catalogs, CatalogError> {
        let mut bundles = Vec::with_capacity(SOURCES.len());
        for (lang, sources) in SOURCES {
            let id = lang.parse().map_err(|e| CatalogError { lang, problem: format!("{e}") })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Dynamic values are wrapped in <bdi> by the pages where the
            // direction matters; Fluent's own isolation marks would show up
            // in copied text and form values.
            bundle.set_use_isolating(false);
            for source in sources {
                let res = FluentResource::try_new(source.to_string())
                    .map_err(|(_, errs)| CatalogError { lang, problem: format!("{errs:?}") })?;
                // A key defined twice across the files is an error here.
                bundle.add_resource(res).map_err(|errs| CatalogError { lang, problem: format!("{errs:?}") })?;
            }
            bundles.push((lang, bundle));
        }
        Ok(Catalogs { bundles })
    }

    /// The catalogs compiled into the binary, loaded once.
    pub fn get() -> &'static Catalogs {
        static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
        CATALOGS.get_or_init(|| match Catalogs::load() {
            Ok(c) => c,
            // Unreachable in a tested build (see the module's tests); an
            // empty set renders every key as missing rather than crashing.
            Err(e) => {
                tracing::error!(error = %e, "message catalogs do not load");
                Catalogs { bundles: Vec::new() }
            }
        })
    }

    fn bundle(&self, lang: &str) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
    }

    /// The message `key` in `lang` with `args`.
    pub fn text(&self, lang: &str, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(bundle) = self.bundle(lang) else { return missing(key) };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(lang, key, "message missing from the catalog");
            return missing(key);
        };
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang, key, ?errors, "message formatted with errors");
        }
        out.into_owned()
    }

    /// Every message id of a language's catalog.
    pub fn keys(&self, lang: &str) -> Vec<String> {
        SOURCES
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, sources)| {
                sources
                    .iter()
                    .flat_map(|src| src.lines())
                    .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                    .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn missing(key: &str) -> String {
    format!("{MISSING_OPEN}{key}⟧")
}

/// One request's language, with shorthand for the pages.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub lang: &'static str,
}

impl Tr {
    pub fn new(lang: &str) -> Tr {
        Tr { lang: LANGUAGES.iter().copied().find(|l| *l == lang).unwrap_or("en") }
    }

    /// Text direction of the language: Arabic is written right to left.
    pub fn dir(self) -> &'static str {
        if self.lang == "ar" {
            "rtl"
        } else {
            "ltr"
        }
    }

    pub fn t(self, key: &str) -> String {
        Catalogs::get().text(self.lang, key, None)
    }

    /// `key` with named arguments; numbers select plural forms.
    pub fn ta(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::S(s) => fa.set(*name, FluentValue::from(*s)),
                Arg::N(n) => fa.set(*name, FluentValue::from(*n)),
            }
        }
        Catalogs::get().text(self.lang, key, Some(&fa))
    }

    /// A refusal worded in this language: dates in the language's form,
    /// numbers selecting plurals, names and ids as they are.
    pub fn reason(self, r: &Reason) -> String {
        self.words(r.key, r.args.iter().map(|(n, v)| (*n, v)))
    }

    /// A refusal from its parts, as the CLI receives them in an API error
    /// body (owned names rather than the protocol's static ones).
    pub fn words<'a>(self, key: &str, args: impl Iterator<Item = (&'a str, &'a ReasonArg)>) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            match value {
                ReasonArg::Text(s) => fa.set(name, FluentValue::from(s.as_str())),
                ReasonArg::Number(n) => fa.set(name, FluentValue::from(*n)),
                ReasonArg::Date(d) => fa.set(name, FluentValue::from(self.date(*d))),
            }
        }
        Catalogs::get().text(self.lang, key, Some(&fa))
    }

    /// A calendar day in the language's own way of writing it.
    pub fn date(self, d: Date) -> String {
        let (y, m, day) = d.ymd();
        let month = self.t(&format!("month-{m}"));
        self.ta(
            "date-long",
            &[("day", Arg::S(&day.to_string())), ("month", Arg::S(&month)), ("year", Arg::S(&y.to_string()))],
        )
    }

    /// A moment (Unix milliseconds, UTC) as a date and a 24-hour time.
    pub fn moment(self, ms: i64) -> String {
        let d = Date::from_unix_ms(ms);
        let secs_of_day = ms.rem_euclid(86_400_000) / 1000;
        format!("{} {:02}:{:02} UTC", self.date(d), secs_of_day / 3600, secs_of_day / 60 % 60)
    }
}

/// An argument of a message.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    S(&'a str),
    N(i64),
}

/// The language to use for a visitor who is not signed in: the first of
/// the browser's `Accept-Language` preferences that is one of the six, or
/// English.
pub fn negotiate(accept_language: Option<&str>) -> &'static str {
    let Some(header) = accept_language else { return "en" };
    let mut prefs: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|part| {
            let mut it = part.trim().split(';');
            let tag = it.next()?.trim();
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    prefs.sort_by(|a, b| b.0.total_cmp(&a.0));
    prefs
        .into_iter()
        .filter_map(|(_, tag)| {
            let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            LANGUAGES.iter().copied().find(|l| *l == primary)
        })
        .next()
        .unwrap_or("en")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_catalog_loads_and_has_every_key_of_every_other() {
        let c = Catalogs::load().unwrap();
        let en = c.keys("en");
        assert!(en.len() > 100, "{} keys", en.len());
        for lang in LANGUAGES {
            let keys = c.keys(lang);
            let missing: Vec<_> = en.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !en.contains(k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, not in en {extra:?}");
            for k in &keys {
                let text = c.text(lang, k, None);
                assert!(!text.starts_with(MISSING_OPEN), "{lang} {k}");
            }
        }
    }

    /// The keys a refusal is made with in the sources: `"refusal-…"`
    /// literals and `Reason::new("…")`, in the protocol and node crates.
    fn refusal_keys_in_sources() -> std::collections::BTreeSet<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("src"), &mut files);
        walk(&root.join("../protocol/src"), &mut files);
        let mut keys = std::collections::BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // Keys made up by unit tests are not refusals anyone meets.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for marker in ["\"refusal-", "Reason::new(\""] {
                for (at, _) in text.match_indices(marker) {
                    let start = if marker.starts_with('"') { at + 1 } else { at + marker.len() };
                    let key: String = text[start..].chars().take_while(|c| *c != '"').collect();
                    let well_formed = key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if well_formed && !key.ends_with('-') && key.contains('-') {
                        keys.insert(key);
                    }
                }
            }
        }
        keys
    }

    /// The `$arguments` of each message of a language, read from its sources.
    fn arguments(lang: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        let (_, sources) = SOURCES.iter().find(|(l, _)| *l == lang).unwrap();
        let mut out = std::collections::BTreeMap::new();
        let mut current: Option<String> = None;
        for line in sources.iter().flat_map(|s| s.lines()) {
            if line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                current = line.split_once(" =").map(|(k, _)| k.trim().to_string());
            } else if !line.starts_with(' ') {
                current = None;
            }
            let Some(key) = &current else { continue };
            let vars: &mut std::collections::BTreeSet<String> = out.entry(key.clone()).or_default();
            for (at, _) in line.match_indices('$') {
                let name: String = line[at + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                vars.insert(name);
            }
        }
        out
    }

    /// A refusal made anywhere in the node or the protocol has its words in
    /// every language, and each language uses the English message's
    /// arguments: a translation can neither miss a key nor drop or misspell
    /// an argument (which Fluent would show as `{$name}`).
    #[test]
    fn every_refusal_in_the_sources_is_worded_in_every_language_with_its_arguments() {
        let c = Catalogs::load().unwrap();
        let used = refusal_keys_in_sources();
        assert!(used.len() > 20, "{} refusal keys found in the sources", used.len());
        let en_args = arguments("en");
        for lang in LANGUAGES {
            let keys: std::collections::BTreeSet<String> = c.keys(lang).into_iter().collect();
            let missing: Vec<_> = used.iter().filter(|k| !keys.contains(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            let args = arguments(lang);
            for key in &used {
                assert_eq!(args.get(key), en_args.get(key), "{lang} {key}: its arguments differ from English");
            }
        }
        let unused: Vec<_> =
            c.keys("en").into_iter().filter(|k| k.starts_with("refusal-") && !used.contains(k)).collect();
        assert!(unused.is_empty(), "catalog refusals no source makes: {unused:?}");
    }

    #[test]
    fn a_missing_key_shows_as_missing_not_as_english() {
        let c = Catalogs::load().unwrap();
        assert_eq!(c.text("fr", "no-such-key", None), "⟦no-such-key⟧");
    }

    #[test]
    fn dates_follow_each_languages_convention() {
        let d: Date = "2027-03-05".parse().unwrap();
        assert_eq!(Tr::new("en").date(d), "5 March 2027");
        assert_eq!(Tr::new("fr").date(d), "5 mars 2027");
        assert_eq!(Tr::new("es").date(d), "5 de marzo de 2027");
        assert_eq!(Tr::new("ru").date(d), "5 марта 2027 г.");
        assert_eq!(Tr::new("zh").date(d), "2027年3月5日");
        assert_eq!(Tr::new("ar").date(d), "5 مارس 2027");
    }

    #[test]
    fn the_browsers_preference_picks_one_of_the_six() {
        assert_eq!(negotiate(Some("de-DE,de;q=0.9,ar;q=0.8,en;q=0.5")), "ar");
        assert_eq!(negotiate(Some("zh-CN")), "zh");
        assert_eq!(negotiate(Some("en;q=0.2, ru;q=0.9")), "ru");
        assert_eq!(negotiate(Some("de")), "en");
        assert_eq!(negotiate(None), "en");
        assert_eq!(Tr::new("ar").dir(), "rtl");
        assert_eq!(Tr::new("xx").lang, "en");
    }
}
