//! Identifiers: who takes part ([`StateCode`], [`Party`]), what is sent
//! ([`MessageId`], [`CaseId`]) and which key is meant ([`KeyId`]), with their
//! text, serde and binary forms and the [`IdError`] they share.
//!
//! Everything here is pure: the current time is passed in by the caller.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

/// Longest piece of a rejected input quoted back in an [`IdError`].
const MAX_SHOWN_CHARS: usize = 64;

/// Why an identifier was refused. Every message names the offending input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// A State code that is not three characters long.
    #[error("{input:?} is not a State code: expected 3 letters, got {len} characters")]
    StateCodeLength {
        /// The rejected input (possibly shortened).
        input: String,
        /// Its length in characters.
        len: usize,
    },
    /// A State code with something other than ASCII letters.
    #[error("{input:?} is not a State code: only the letters A-Z are allowed")]
    StateCodeNotLetters {
        /// The rejected input.
        input: String,
    },
    /// Three letters that are not an officially assigned alpha-3 code.
    #[error("{input:?} is not an assigned ISO 3166-1 alpha-3 code")]
    StateCodeUnassigned {
        /// The rejected input.
        input: String,
    },
    /// A message id text that is not 26 characters long.
    #[error("{input:?} is not a message id: expected 26 characters, got {len}")]
    MessageIdLength {
        /// The rejected input (possibly shortened).
        input: String,
        /// Its length in characters.
        len: usize,
    },
    /// A message id text with a character outside Crockford base32.
    #[error("{input:?} is not a message id: {ch:?} at position {position} is not a Crockford base32 character")]
    MessageIdChar {
        /// The rejected input.
        input: String,
        /// The offending character.
        ch: char,
        /// Its position (0-based, in characters).
        position: usize,
    },
    /// A message id text whose value does not fit in 128 bits.
    #[error("{input:?} is not a message id: it overflows 128 bits (first character must be 0-7)")]
    MessageIdOverflow {
        /// The rejected input.
        input: String,
    },
    /// A binary message id that is not 16 bytes long.
    #[error("a message id is 16 bytes, got {len}")]
    MessageIdBytes {
        /// The length received.
        len: usize,
    },
    /// A timestamp that does not fit in the 48 bits of a message id.
    #[error("{unix_ms} ms since the Unix epoch does not fit in 48 bits")]
    TimestampOutOfRange {
        /// The rejected timestamp.
        unix_ms: u64,
    },
    /// The system random number generator failed.
    #[error("the system random number generator failed")]
    RandomUnavailable,
    /// A case id text that is not `<STATE>-<message id>`.
    #[error("{input:?} is not a case id: expected <STATE>-<26-character id>, e.g. FRA-01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    CaseIdFormat {
        /// The rejected input.
        input: String,
    },
    /// A key id text that is not 16 hexadecimal characters.
    #[error("{input:?} is not a key id: expected 16 hexadecimal characters")]
    KeyIdText {
        /// The rejected input.
        input: String,
    },
    /// A binary key id that is not 8 bytes long.
    #[error("a key id is 8 bytes, got {len}")]
    KeyIdBytes {
        /// The length received.
        len: usize,
    },
}

/// The input as quoted in an error: at most [`MAX_SHOWN_CHARS`] characters.
fn shown(input: &str) -> String {
    match input.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &input[..cut]),
        None => input.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// StateCode
// ---------------------------------------------------------------------------

/// All officially assigned ISO 3166-1 alpha-3 codes (249), sorted.
pub const ISO_3166_ALPHA3: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF", "ATG", "AUS", "AUT",
    "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL",
    "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG",
    "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM",
    "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR",
    "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY",
    "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA",
    "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY",
    "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL",
    "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM",
    "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER",
    "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU",
    "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON",
    "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
    "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
];

/// A State, named by its ISO 3166-1 alpha-3 code (always upper case and
/// officially assigned).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode([u8; 3]);

impl StateCode {
    /// This State as a sender or recipient.
    pub fn party(self) -> Party {
        Party::State(self)
    }

    /// The code, e.g. `"FRA"`.
    pub fn as_str(&self) -> &str {
        // Only validated ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The three upper-case ASCII letters.
    pub fn as_bytes(&self) -> [u8; 3] {
        self.0
    }
}

impl FromStr for StateCode {
    type Err = IdError;

    /// Accepts exactly three ASCII letters, in any case, forming an assigned
    /// ISO 3166-1 alpha-3 code. No trimming.
    fn from_str(s: &str) -> Result<Self, IdError> {
        let len = s.chars().count();
        if len != 3 {
            return Err(IdError::StateCodeLength { input: shown(s), len });
        }
        let mut code = [0u8; 3];
        for (slot, byte) in code.iter_mut().zip(s.bytes()) {
            if !byte.is_ascii_alphabetic() {
                return Err(IdError::StateCodeNotLetters { input: shown(s) });
            }
            *slot = byte.to_ascii_uppercase();
        }
        // Three chars and (checked above) the first three bytes ASCII:
        // a multi-byte char would have failed `is_ascii_alphabetic`.
        let upper = std::str::from_utf8(&code).map_err(|_| IdError::StateCodeNotLetters { input: shown(s) })?;
        if ISO_3166_ALPHA3.binary_search(&upper).is_err() {
            return Err(IdError::StateCodeUnassigned { input: shown(s) });
        }
        Ok(StateCode(code))
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateCode({})", self.as_str())
    }
}

impl Serialize for StateCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StateCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor::<Self>::new("an ISO 3166-1 alpha-3 code"))
    }
}

// ---------------------------------------------------------------------------
// Party
// ---------------------------------------------------------------------------

/// Who can send or receive: the ATT Secretariat or a State.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Party {
    /// The Arms Trade Treaty Secretariat.
    Secretariat,
    /// A State Party.
    State(StateCode),
}

impl Party {
    /// Text form of [`Party::Secretariat`].
    pub const SECRETARIAT: &'static str = "SECRETARIAT";

    /// Whether this is the Secretariat.
    pub fn is_secretariat(&self) -> bool {
        matches!(self, Party::Secretariat)
    }

    /// The State, if this is one.
    pub fn state(&self) -> Option<StateCode> {
        match self {
            Party::Secretariat => None,
            Party::State(code) => Some(*code),
        }
    }
}

impl From<StateCode> for Party {
    fn from(code: StateCode) -> Self {
        Party::State(code)
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Secretariat => f.pad(Self::SECRETARIAT),
            Party::State(code) => fmt::Display::fmt(code, f),
        }
    }
}

impl FromStr for Party {
    type Err = IdError;

    /// `SECRETARIAT` (any case) or a State code.
    fn from_str(s: &str) -> Result<Self, IdError> {
        if s.eq_ignore_ascii_case(Self::SECRETARIAT) {
            Ok(Party::Secretariat)
        } else {
            s.parse().map(Party::State)
        }
    }
}

impl Serialize for Party {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Party::Secretariat => serializer.serialize_str(Self::SECRETARIAT),
            Party::State(code) => serializer.serialize_str(code.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Party {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor::<Self>::new("SECRETARIAT or an ISO 3166-1 alpha-3 code"))
    }
}

// ---------------------------------------------------------------------------
// MessageId
// ---------------------------------------------------------------------------

/// Crockford base32, as used by ULID.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Bytes of a [`MessageId`] its maker chooses: the time (6) and a nonce (5).
const ID_CHOSEN_LEN: usize = 11;
/// Bytes of a sender-bound [`MessageId`] that name its sender.
const ID_TAG_LEN: usize = 16 - ID_CHOSEN_LEN;
const ID_TAG_DOMAIN: &[u8] = b"dief/message-id/v1";

/// Length of the text form of a [`MessageId`].
const ULID_LEN: usize = 26;

/// Value of one Crockford base32 character (either case; no aliases).
fn crockford_value(ch: char) -> Option<u8> {
    let upper = ch.to_ascii_uppercase();
    if !upper.is_ascii() {
        return None;
    }
    CROCKFORD.iter().position(|&c| char::from(c) == upper).and_then(|p| u8::try_from(p).ok())
}

/// The 26-character ULID text of 16 bytes (ASCII).
fn ulid_encode(bytes: &[u8; 16]) -> [u8; ULID_LEN] {
    let value = u128::from_be_bytes(*bytes);
    let mut out = [0u8; ULID_LEN];
    for (i, slot) in out.iter_mut().enumerate() {
        let shift = 5 * (ULID_LEN - 1 - i);
        // Masked to 5 bits, so the index is < 32.
        *slot = CROCKFORD[((value >> shift) & 0x1f) as usize];
    }
    out
}

/// The 16 bytes of a 26-character ULID text (either case).
fn ulid_decode(s: &str) -> Result<[u8; 16], IdError> {
    let len = s.chars().count();
    if len != ULID_LEN {
        return Err(IdError::MessageIdLength { input: shown(s), len });
    }
    let mut value: u128 = 0;
    for (position, ch) in s.chars().enumerate() {
        let digit = crockford_value(ch).ok_or_else(|| IdError::MessageIdChar { input: shown(s), ch, position })?;
        // 26 × 5 = 130 bits: the first character may only carry 3.
        if position == 0 && digit > 7 {
            return Err(IdError::MessageIdOverflow { input: shown(s) });
        }
        value = (value << 5) | u128::from(digit);
    }
    Ok(value.to_be_bytes())
}

/// A time-ordered message id in the ULID layout: bytes 0..6 are the
/// big-endian Unix time in milliseconds, bytes 6..16 are random.
///
/// Ordering the bytes orders by time (ids made in the same millisecond are
/// ordered by their random part). The text form is the standard 26-character
/// ULID Crockford base32, which sorts the same way.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId([u8; 16]);

impl MessageId {
    /// The largest timestamp that fits (2^48 - 1 ms, in the year 10889).
    pub const MAX_TIMESTAMP_MS: u64 = (1 << 48) - 1;

    /// An id from its time and random parts. Fails only if `unix_ms` does
    /// not fit in 48 bits.
    pub fn from_parts(unix_ms: u64, random: [u8; 10]) -> Result<Self, IdError> {
        if unix_ms > Self::MAX_TIMESTAMP_MS {
            return Err(IdError::TimestampOutOfRange { unix_ms });
        }
        let mut bytes = [0u8; 16];
        let time = unix_ms.to_be_bytes();
        bytes[..6].copy_from_slice(&time[2..]);
        bytes[6..].copy_from_slice(&random);
        Ok(MessageId(bytes))
    }

    /// A fresh id for time `unix_ms`, its random part drawn from the system
    /// random number generator.
    ///
    /// Ids made in one millisecond by this process are strictly increasing
    /// (ULID's monotonic mode): records are kept under their message id, and
    /// "the latest" of several messages is the last key. Two random parts in
    /// one millisecond would otherwise order a re-sent invitation before the
    /// one it replaces half the time.
    ///
    /// Envelopes use [`MessageId::generate_for`], whose ids are bound to
    /// their sender; this form names things that are not messages (cases,
    /// contact cards).
    pub fn generate(unix_ms: u64) -> Result<Self, IdError> {
        use ring::rand::SecureRandom;
        let mut id = Self::next_chosen(unix_ms)?;
        let mut tail = [0u8; ID_TAG_LEN];
        ring::rand::SystemRandom::new().fill(&mut tail).map_err(|_| IdError::RandomUnavailable)?;
        id.0[ID_CHOSEN_LEN..].copy_from_slice(&tail);
        Ok(id)
    }

    /// A fresh message id for an envelope `sender` seals at `unix_ms`,
    /// bound to `sender` ([`MessageId::is_bound_to`]): its last five bytes
    /// are a hash of the sender and the rest of the id. Receivers key what
    /// they hold by message id, so an id that only its sender can have
    /// made means no other member can take it first (a co-recipient that
    /// delivers under the id before the real envelope arrives) or answer
    /// under it to overwrite what it answers. Increasing within one
    /// millisecond, like [`MessageId::generate`].
    pub fn generate_for(sender: Party, unix_ms: u64) -> Result<Self, IdError> {
        let mut id = Self::next_chosen(unix_ms)?;
        let tag = Self::sender_tag(sender, &id.0);
        id.0[ID_CHOSEN_LEN..].copy_from_slice(&tag);
        Ok(id)
    }

    /// Whether this id was made by [`MessageId::generate_for`] for `sender`.
    /// Another party cannot make one that passes for `sender`: it has no
    /// freedom left once the id is fixed, and a chance of 2^-40 per id.
    pub fn is_bound_to(&self, sender: Party) -> bool {
        self.0[ID_CHOSEN_LEN..] == Self::sender_tag(sender, &self.0)
    }

    fn sender_tag(sender: Party, id: &[u8; 16]) -> [u8; ID_TAG_LEN] {
        let party = sender.to_string();
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        for part in [ID_TAG_DOMAIN, party.as_bytes(), &id[..ID_CHOSEN_LEN]] {
            ctx.update(&(part.len() as u64).to_be_bytes());
            ctx.update(part);
        }
        let mut tag = [0u8; ID_TAG_LEN];
        tag.copy_from_slice(&ctx.finish().as_ref()[..ID_TAG_LEN]);
        tag
    }

    /// Time and nonce of a fresh id (its first [`ID_CHOSEN_LEN`] bytes),
    /// strictly increasing within one millisecond in this process; the
    /// last bytes are left for the caller.
    fn next_chosen(unix_ms: u64) -> Result<Self, IdError> {
        use ring::rand::SecureRandom;
        static LAST: std::sync::Mutex<[u8; ID_CHOSEN_LEN]> = std::sync::Mutex::new([0; ID_CHOSEN_LEN]);
        let mut random = [0u8; 10];
        ring::rand::SystemRandom::new().fill(&mut random).map_err(|_| IdError::RandomUnavailable)?;
        let mut id = Self::from_parts(unix_ms, random)?;
        let mut chosen = [0u8; ID_CHOSEN_LEN];
        chosen.copy_from_slice(&id.0[..ID_CHOSEN_LEN]);
        let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
        if chosen[..6] == last[..6] && chosen <= *last {
            let mut wide = [0u8; 16];
            wide[16 - ID_CHOSEN_LEN..].copy_from_slice(&*last);
            let next = u128::from_be_bytes(wide).wrapping_add(1).to_be_bytes();
            chosen.copy_from_slice(&next[16 - ID_CHOSEN_LEN..]);
            id.0[..ID_CHOSEN_LEN].copy_from_slice(&chosen);
        }
        *last = chosen;
        Ok(id)
    }

    /// An id from its 16 bytes (any value is valid).
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        MessageId(bytes)
    }

    /// The 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Unix time in milliseconds.
    pub fn timestamp_ms(&self) -> u64 {
        let mut time = [0u8; 8];
        time[2..].copy_from_slice(&self.0[..6]);
        u64::from_be_bytes(time)
    }

    /// The 10 random bytes.
    pub fn random_part(&self) -> [u8; 10] {
        let mut random = [0u8; 10];
        random.copy_from_slice(&self.0[6..]);
        random
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = ulid_encode(&self.0);
        // The alphabet is ASCII, so this cannot fail.
        f.pad(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageId({self})")
    }
}

impl FromStr for MessageId {
    type Err = IdError;

    /// The 26-character ULID text, in either case.
    fn from_str(s: &str) -> Result<Self, IdError> {
        ulid_decode(s).map(MessageId)
    }
}

impl TryFrom<&[u8]> for MessageId {
    type Error = IdError;

    fn try_from(bytes: &[u8]) -> Result<Self, IdError> {
        <[u8; 16]>::try_from(bytes).map(MessageId).map_err(|_| IdError::MessageIdBytes { len: bytes.len() })
    }
}

impl Serialize for MessageId {
    /// The ULID text for human-readable formats, 16 raw bytes otherwise.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for MessageId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = TextOrBytesVisitor::<Self>::new("a 26-character ULID or 16 bytes");
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(visitor)
        } else {
            deserializer.deserialize_bytes(visitor)
        }
    }
}

// ---------------------------------------------------------------------------
// CaseId
// ---------------------------------------------------------------------------

/// A diversion case: the State that provides it and a time-ordered id.
/// Text form `FRA-01ARZ3NDEKTSV4RRFFQ69G5FAV`; serialized as that text in
/// every format.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct CaseId {
    provider: StateCode,
    id: MessageId,
}

impl CaseId {
    /// The case `id` provided by `provider`.
    pub fn new(provider: StateCode, id: MessageId) -> Self {
        CaseId { provider, id }
    }

    /// The State that provides the case.
    pub fn provider(&self) -> StateCode {
        self.provider
    }

    /// The time-ordered part.
    pub fn id(&self) -> MessageId {
        self.id
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.provider, self.id)
    }
}

impl FromStr for CaseId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, IdError> {
        let (provider, id) = s.split_once('-').ok_or_else(|| IdError::CaseIdFormat { input: shown(s) })?;
        Ok(CaseId { provider: provider.parse()?, id: id.parse()? })
    }
}

impl Serialize for CaseId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor::<Self>::new("a case id such as FRA-<ULID>"))
    }
}

// ---------------------------------------------------------------------------
// KeyId
// ---------------------------------------------------------------------------

/// Domain separation for [`KeyId::of`].
const KEY_ID_DOMAIN: &[u8] = b"dief/key-id/v1";

/// Names a public key: the first 8 bytes of
/// SHA-256(`"dief/key-id/v1"` ‖ key bytes).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; 8]);

impl KeyId {
    /// The id of `public_key` (its encoded bytes).
    pub fn of(public_key: &[u8]) -> KeyId {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        ctx.update(KEY_ID_DOMAIN);
        ctx.update(public_key);
        let digest = ctx.finish();
        let mut id = [0u8; 8];
        for (slot, byte) in id.iter_mut().zip(digest.as_ref()) {
            *slot = *byte;
        }
        KeyId(id)
    }

    /// A key id from its 8 bytes.
    pub fn from_bytes(bytes: [u8; 8]) -> Self {
        KeyId(bytes)
    }

    /// The 8 bytes.
    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&hex::encode(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl FromStr for KeyId {
    type Err = IdError;

    /// 16 hexadecimal characters (either case).
    fn from_str(s: &str) -> Result<Self, IdError> {
        let mut id = [0u8; 8];
        hex::decode_to_slice(s, &mut id).map_err(|_| IdError::KeyIdText { input: shown(s) })?;
        Ok(KeyId(id))
    }
}

impl TryFrom<&[u8]> for KeyId {
    type Error = IdError;

    fn try_from(bytes: &[u8]) -> Result<Self, IdError> {
        <[u8; 8]>::try_from(bytes).map(KeyId).map_err(|_| IdError::KeyIdBytes { len: bytes.len() })
    }
}

impl Serialize for KeyId {
    /// Lower-case hex for human-readable formats, 8 raw bytes otherwise.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = TextOrBytesVisitor::<Self>::new("16 hexadecimal characters or 8 bytes");
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(visitor)
        } else {
            deserializer.deserialize_bytes(visitor)
        }
    }
}

// ---------------------------------------------------------------------------
// serde visitors
// ---------------------------------------------------------------------------

/// Deserializes a string through `FromStr`.
struct TextVisitor<T> {
    expecting: &'static str,
    marker: PhantomData<T>,
}

impl<T> TextVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        TextVisitor { expecting, marker: PhantomData }
    }
}

impl<T: FromStr<Err = IdError>> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

/// Deserializes a string through `FromStr` or bytes through `TryFrom<&[u8]>`.
struct TextOrBytesVisitor<T> {
    expecting: &'static str,
    marker: PhantomData<T>,
}

impl<T> TextOrBytesVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        TextOrBytesVisitor { expecting, marker: PhantomData }
    }
}

impl<T> Visitor<'_> for TextOrBytesVisitor<T>
where
    T: FromStr<Err = IdError> + for<'a> TryFrom<&'a [u8], Error = IdError>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        T::try_from(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use proptest::prelude::*;
    use serde::de::value::{Error as ValueError, StrDeserializer};
    use serde::de::IntoDeserializer;
    use serde::ser::Impossible;

    // serde_json is not a dependency of this crate, so the human-readable
    // path is exercised with a minimal human-readable serializer that only
    // accepts strings, and serde's own `StrDeserializer` (human readable).
    struct TextSerializer;

    macro_rules! refuse {
        ($($name:ident($($ty:ty),*)),* $(,)?) => {$(
            fn $name(self $(, _: $ty)*) -> Result<String, ValueError> {
                Err(serde::ser::Error::custom(concat!("unexpected ", stringify!($name))))
            }
        )*};
    }

    impl Serializer for TextSerializer {
        type Ok = String;
        type Error = ValueError;
        type SerializeSeq = Impossible<String, ValueError>;
        type SerializeTuple = Impossible<String, ValueError>;
        type SerializeTupleStruct = Impossible<String, ValueError>;
        type SerializeTupleVariant = Impossible<String, ValueError>;
        type SerializeMap = Impossible<String, ValueError>;
        type SerializeStruct = Impossible<String, ValueError>;
        type SerializeStructVariant = Impossible<String, ValueError>;

        fn serialize_str(self, v: &str) -> Result<String, ValueError> {
            Ok(v.to_owned())
        }

        refuse!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_bytes(&[u8]),
            serialize_none(),
            serialize_unit(),
            serialize_unit_struct(&'static str),
            serialize_unit_variant(&'static str, u32, &'static str),
        );

        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<String, ValueError> {
            Err(serde::ser::Error::custom("unexpected option"))
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<String, ValueError> {
            Err(serde::ser::Error::custom("unexpected newtype"))
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<String, ValueError> {
            Err(serde::ser::Error::custom("unexpected newtype variant"))
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, ValueError> {
            Err(serde::ser::Error::custom("unexpected seq"))
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, ValueError> {
            Err(serde::ser::Error::custom("unexpected tuple"))
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, ValueError> {
            Err(serde::ser::Error::custom("unexpected tuple struct"))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, ValueError> {
            Err(serde::ser::Error::custom("unexpected tuple variant"))
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, ValueError> {
            Err(serde::ser::Error::custom("unexpected map"))
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, ValueError> {
            Err(serde::ser::Error::custom("unexpected struct"))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, ValueError> {
            Err(serde::ser::Error::custom("unexpected struct variant"))
        }
    }

    /// Text a value serializes to in a human-readable format.
    fn to_text<T: Serialize>(value: &T) -> String {
        value.serialize(TextSerializer).expect("human-readable serialize")
    }

    /// A value deserialized from text by a human-readable deserializer.
    fn from_text<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ValueError> {
        let de: StrDeserializer<'de, ValueError> = text.into_deserializer();
        T::deserialize(de)
    }

    fn to_cbor<T: Serialize>(value: &T) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(value, &mut out).expect("CBOR serialize");
        out
    }

    fn from_cbor<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
        ciborium::from_reader(bytes).map_err(|e| e.to_string())
    }

    fn code(s: &str) -> StateCode {
        s.parse().expect("valid State code")
    }

    const ZERO_ULID: &str = "00000000000000000000000000";

    // --- StateCode ---

    #[test]
    fn code_list_is_sorted_complete_and_well_formed() {
        assert_eq!(ISO_3166_ALPHA3.len(), 249);
        assert!(ISO_3166_ALPHA3.windows(2).all(|w| w[0] < w[1]));
        assert!(ISO_3166_ALPHA3.iter().all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn known_codes_parse() {
        for c in ["FRA", "USA", "DEU", "CHN", "GBR", "RUS", "BRA", "ZAF", "KOR", "CIV"] {
            let parsed = code(c);
            assert_eq!(parsed.as_str(), c);
            assert_eq!(parsed.to_string(), c);
        }
        for c in ISO_3166_ALPHA3 {
            assert_eq!(code(c).as_str(), *c);
        }
    }

    #[test]
    fn lower_and_mixed_case_accepted() {
        assert_eq!(code("fra"), code("FRA"));
        assert_eq!(code("Fra").as_str(), "FRA");
        assert_eq!(format!("{:?}", code("fra")), "StateCode(FRA)");
    }

    #[test]
    fn wrong_length_refused() {
        for (s, len) in [("", 0), ("FR", 2), ("FRAN", 4), (" FRA", 4), ("FRA ", 4)] {
            assert_eq!(s.parse::<StateCode>(), Err(IdError::StateCodeLength { input: s.to_owned(), len }));
        }
        let err = "FRANCE".parse::<StateCode>().unwrap_err();
        assert_eq!(err.to_string(), "\"FRANCE\" is not a State code: expected 3 letters, got 6 characters");
    }

    #[test]
    fn non_letters_refused() {
        for s in ["F1A", "123", "FR-", "FRÉ", "é12"] {
            assert_eq!(s.parse::<StateCode>(), Err(IdError::StateCodeNotLetters { input: s.to_owned() }), "{s}");
        }
    }

    #[test]
    fn unassigned_refused() {
        for s in ["XXX", "AAA", "xyz", "UKK", "EUR"] {
            assert_eq!(s.parse::<StateCode>(), Err(IdError::StateCodeUnassigned { input: s.to_owned() }));
        }
        assert_eq!(
            "XYZ".parse::<StateCode>().unwrap_err().to_string(),
            "\"XYZ\" is not an assigned ISO 3166-1 alpha-3 code"
        );
    }

    #[test]
    fn long_input_is_shortened_in_errors() {
        let long = "A".repeat(10_000);
        let msg = long.parse::<StateCode>().unwrap_err().to_string();
        assert!(msg.len() < 200, "{msg}");
    }

    #[test]
    fn state_code_serde() {
        let fra = code("FRA");
        assert_eq!(to_text(&fra), "FRA");
        assert_eq!(from_text::<StateCode>("fra").unwrap(), fra);
        let err = from_text::<StateCode>("XYZ").unwrap_err().to_string();
        assert!(err.contains("not an assigned ISO 3166-1 alpha-3 code"), "{err}");
        assert_eq!(from_cbor::<StateCode>(&to_cbor(&fra)).unwrap(), fra);
        assert!(from_cbor::<StateCode>(&to_cbor(&"XXX")).is_err());
    }

    // --- Party ---

    #[test]
    fn party_text_and_accessors() {
        for s in ["SECRETARIAT", "secretariat", "Secretariat"] {
            assert_eq!(s.parse::<Party>().unwrap(), Party::Secretariat);
        }
        assert_eq!(Party::Secretariat.to_string(), "SECRETARIAT");
        assert!(Party::Secretariat.is_secretariat());
        assert_eq!(Party::Secretariat.state(), None);
        let fra: Party = "fra".parse().unwrap();
        assert_eq!(fra, Party::State(code("FRA")));
        assert_eq!(fra.to_string(), "FRA");
        assert!(!fra.is_secretariat());
        assert_eq!(fra.state(), Some(code("FRA")));
        assert!(matches!("SECRETARY".parse::<Party>(), Err(IdError::StateCodeLength { .. })));
        assert!(matches!("XXX".parse::<Party>(), Err(IdError::StateCodeUnassigned { .. })));
        assert_eq!(to_text(&Party::Secretariat), "SECRETARIAT");
        assert_eq!(to_text(&fra), "FRA");
    }

    // --- MessageId ---

    #[test]
    fn ulid_zero_and_max() {
        let zero = MessageId::from_bytes([0; 16]);
        assert_eq!(zero.to_string(), ZERO_ULID);
        assert_eq!(ZERO_ULID.parse::<MessageId>().unwrap(), zero);
        let max = MessageId::from_bytes([0xff; 16]);
        assert_eq!(max.to_string(), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        assert_eq!("7zzzzzzzzzzzzzzzzzzzzzzzzz".parse::<MessageId>().unwrap(), max);
        assert_eq!(max.timestamp_ms(), MessageId::MAX_TIMESTAMP_MS);
    }

    #[test]
    fn ulid_known_vector() {
        // From the ULID specification's README; bytes and time computed
        // independently.
        let text = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
        let id: MessageId = text.parse().unwrap();
        assert_eq!(hex::encode(id.as_bytes()), "01563e3ab5d3d6764c61efb99302bd5b");
        assert_eq!(id.timestamp_ms(), 1_469_922_850_259);
        assert_eq!(id.to_string(), text);
        assert_eq!(text.to_lowercase().parse::<MessageId>().unwrap(), id);
        assert_eq!(format!("{id:?}"), format!("MessageId({text})"));
    }

    #[test]
    fn ulid_fixed_bytes_round_trip() {
        let bytes: [u8; 16] = core::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ 0x5a);
        let id = MessageId::from_bytes(bytes);
        let back: MessageId = id.to_string().parse().unwrap();
        assert_eq!(back.as_bytes(), &bytes);
    }

    #[test]
    fn ulid_overflow_refused() {
        assert_eq!(
            "8ZZZZZZZZZZZZZZZZZZZZZZZZZ".parse::<MessageId>(),
            Err(IdError::MessageIdOverflow { input: "8ZZZZZZZZZZZZZZZZZZZZZZZZZ".to_owned() })
        );
        assert!(matches!("Z0000000000000000000000000".parse::<MessageId>(), Err(IdError::MessageIdOverflow { .. })));
    }

    #[test]
    fn ulid_bad_text_refused() {
        assert_eq!(
            "0000000000000000000000000".parse::<MessageId>(),
            Err(IdError::MessageIdLength { input: "0000000000000000000000000".to_owned(), len: 25 })
        );
        assert!(matches!("".parse::<MessageId>(), Err(IdError::MessageIdLength { len: 0, .. })));
        for (bad, position) in [('U', 3), ('I', 0), ('L', 25), ('O', 10), ('!', 5), ('é', 7)] {
            let mut s: Vec<char> = ZERO_ULID.chars().collect();
            s[position] = bad;
            let s: String = s.into_iter().collect();
            assert_eq!(s.parse::<MessageId>(), Err(IdError::MessageIdChar { input: s.clone(), ch: bad, position }));
        }
    }

    #[test]
    fn message_id_parts() {
        let id = MessageId::from_parts(1_700_000_000_123, [7; 10]).unwrap();
        assert_eq!(id.timestamp_ms(), 1_700_000_000_123);
        assert_eq!(id.random_part(), [7; 10]);
        assert_eq!(
            MessageId::from_parts(MessageId::MAX_TIMESTAMP_MS + 1, [0; 10]),
            Err(IdError::TimestampOutOfRange { unix_ms: MessageId::MAX_TIMESTAMP_MS + 1 })
        );
        assert!(MessageId::from_parts(MessageId::MAX_TIMESTAMP_MS, [0; 10]).is_ok());
    }

    #[test]
    fn message_id_generate() {
        let a = MessageId::generate(1_700_000_000_000).unwrap();
        let b = MessageId::generate(1_700_000_000_000).unwrap();
        assert_eq!(a.timestamp_ms(), 1_700_000_000_000);
        assert_ne!(a, b, "random parts should differ");
        assert!(MessageId::generate(u64::MAX).is_err());
    }

    /// Ids of one millisecond come out in the order they were made, so
    /// the last of several messages is the last key.
    #[test]
    fn ids_made_in_one_millisecond_increase() {
        let ids: Vec<MessageId> = (0..1000).map(|_| MessageId::generate(1_650_000_000_000).unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "not strictly increasing");
        assert!(ids.iter().all(|id| id.timestamp_ms() == 1_650_000_000_000));
    }

    /// Envelope ids name their sender: nobody else's check passes, and
    /// changing any byte breaks the binding (issue 11).
    #[test]
    fn sender_bound_ids_pass_for_their_sender_only() {
        let fra: Party = "FRA".parse().unwrap();
        let gha: Party = "GHA".parse().unwrap();
        let ids: Vec<MessageId> = (0..200).map(|_| MessageId::generate_for(fra, 1_650_000_000_000).unwrap()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "not strictly increasing");
        for id in &ids {
            assert!(id.is_bound_to(fra));
            assert!(!id.is_bound_to(gha));
            assert!(!id.is_bound_to(Party::Secretariat));
            assert_eq!(id.timestamp_ms(), 1_650_000_000_000);
        }
        let mut flipped = *ids[0].as_bytes();
        flipped[8] ^= 1;
        assert!(!MessageId::from_bytes(flipped).is_bound_to(fra));
        let unbound = MessageId::generate(1_650_000_000_000).unwrap();
        assert!(!unbound.is_bound_to(fra));
    }

    #[test]
    fn message_id_orders_by_time() {
        let early = MessageId::from_parts(1_000, [0xff; 10]).unwrap();
        let late = MessageId::from_parts(1_001, [0x00; 10]).unwrap();
        assert!(early < late);
        assert!(early.to_string() < late.to_string());
        let much_later = MessageId::from_parts(1 << 40, [0; 10]).unwrap();
        assert!(late < much_later);
    }

    #[test]
    fn message_id_serde_forms() {
        let id = MessageId::from_parts(1_700_000_000_123, [9; 10]).unwrap();
        assert_eq!(to_text(&id), id.to_string());
        assert_eq!(from_text::<MessageId>(&id.to_string()).unwrap(), id);
        let cbor = to_cbor(&id);
        assert_eq!(cbor.len(), 17);
        assert_eq!(cbor[0], 0x50, "CBOR byte string of length 16");
        assert_eq!(&cbor[1..], id.as_bytes());
        assert_eq!(from_cbor::<MessageId>(&cbor).unwrap(), id);
        let short = to_cbor(&serde_bytes::Bytes::new(&[0; 15]));
        let err = from_cbor::<MessageId>(&short).unwrap_err();
        assert!(err.contains("16 bytes, got 15"), "{err}");
        assert!(from_text::<MessageId>("8ZZZZZZZZZZZZZZZZZZZZZZZZZ").is_err());
    }

    // --- CaseId ---

    #[test]
    fn case_id_text() {
        let id: MessageId = "01ARZ3NDEKTSV4RRFFQ69G5FAV".parse().unwrap();
        let case = CaseId::new(code("FRA"), id);
        assert_eq!(case.provider(), code("FRA"));
        assert_eq!(case.id(), id);
        assert_eq!(case.to_string(), "FRA-01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assert_eq!("fra-01arz3ndektsv4rrffq69g5fav".parse::<CaseId>().unwrap(), case);
        assert!(matches!("FRA01ARZ3NDEKTSV4RRFFQ69G5FAV".parse::<CaseId>(), Err(IdError::CaseIdFormat { .. })));
        assert!(matches!("XXX-01ARZ3NDEKTSV4RRFFQ69G5FAV".parse::<CaseId>(), Err(IdError::StateCodeUnassigned { .. })));
        assert!(matches!("FRA-01ARZ3NDEKTSV4RRFFQ69G5FA".parse::<CaseId>(), Err(IdError::MessageIdLength { .. })));
        assert!(matches!("FRA-01ARZ3NDEKTSV4RRFFQ69G5FAV-".parse::<CaseId>(), Err(IdError::MessageIdLength { .. })));
        assert_eq!(to_text(&case), case.to_string());
    }

    // --- KeyId ---

    #[test]
    fn key_id_vectors() {
        // SHA-256("dief/key-id/v1" || key)[..8], computed independently.
        assert_eq!(KeyId::of(b"").to_string(), "20533afcafdbee59");
        let key: Vec<u8> = (0u8..32).collect();
        let kid = KeyId::of(&key);
        assert_eq!(kid.to_string(), "f3b78715b57efa44");
        assert_eq!(format!("{kid:?}"), "KeyId(f3b78715b57efa44)");
        assert_eq!("F3B78715B57EFA44".parse::<KeyId>().unwrap(), kid);
        assert_eq!(KeyId::from_bytes(*kid.as_bytes()), kid);
    }

    #[test]
    fn key_id_bad_text_refused() {
        for s in ["", "f3b78715b57efa4", "f3b78715b57efa444", "g3b78715b57efa44"] {
            assert_eq!(s.parse::<KeyId>(), Err(IdError::KeyIdText { input: s.to_owned() }));
        }
    }

    #[test]
    fn key_id_serde_forms() {
        let kid = KeyId::of(b"some key");
        assert_eq!(to_text(&kid), kid.to_string());
        assert_eq!(from_text::<KeyId>(&kid.to_string()).unwrap(), kid);
        let cbor = to_cbor(&kid);
        assert_eq!(cbor[0], 0x48, "CBOR byte string of length 8");
        assert_eq!(from_cbor::<KeyId>(&cbor).unwrap(), kid);
        let long = to_cbor(&serde_bytes::Bytes::new(&[0; 9]));
        assert!(from_cbor::<KeyId>(&long).is_err());
    }

    // --- properties ---

    fn any_state() -> impl Strategy<Value = StateCode> {
        proptest::sample::select(ISO_3166_ALPHA3).prop_map(code)
    }

    fn any_party() -> impl Strategy<Value = Party> {
        prop_oneof![Just(Party::Secretariat), any_state().prop_map(Party::State)]
    }

    fn any_message_id() -> impl Strategy<Value = MessageId> {
        any::<[u8; 16]>().prop_map(MessageId::from_bytes)
    }

    fn any_case_id() -> impl Strategy<Value = CaseId> {
        (any_state(), any_message_id()).prop_map(|(p, id)| CaseId::new(p, id))
    }

    fn any_key_id() -> impl Strategy<Value = KeyId> {
        any::<[u8; 8]>().prop_map(KeyId::from_bytes)
    }

    fn round_trips<T>(value: T) -> Result<(), TestCaseError>
    where
        T: fmt::Display
            + FromStr<Err = IdError>
            + Serialize
            + serde::de::DeserializeOwned
            + PartialEq
            + fmt::Debug
            + Copy,
    {
        let text = value.to_string();
        prop_assert_eq!(text.parse::<T>(), Ok(value));
        let hr = to_text(&value);
        prop_assert_eq!(from_text::<T>(&hr).map_err(|e| e.to_string()), Ok(value));
        let cbor = to_cbor(&value);
        prop_assert_eq!(from_cbor::<T>(&cbor), Ok(value));
        Ok(())
    }

    proptest! {
        #[test]
        fn state_code_round_trips(v in any_state()) {
            round_trips(v)?;
        }

        #[test]
        fn party_round_trips(v in any_party()) {
            round_trips(v)?;
        }

        #[test]
        fn message_id_round_trips(v in any_message_id()) {
            round_trips(v)?;
        }

        #[test]
        fn case_id_round_trips(v in any_case_id()) {
            round_trips(v)?;
        }

        #[test]
        fn key_id_round_trips(v in any_key_id()) {
            round_trips(v)?;
        }

        #[test]
        fn message_id_text_order_is_byte_order(a in any_message_id(), b in any_message_id()) {
            prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        }

        #[test]
        fn message_id_order_follows_time(
            t1 in 0..=MessageId::MAX_TIMESTAMP_MS,
            t2 in 0..=MessageId::MAX_TIMESTAMP_MS,
            r1 in any::<[u8; 10]>(),
            r2 in any::<[u8; 10]>(),
        ) {
            let a = MessageId::from_parts(t1, r1).unwrap();
            let b = MessageId::from_parts(t2, r2).unwrap();
            prop_assert_eq!(a.timestamp_ms(), t1);
            prop_assert_eq!(a.random_part(), r1);
            if t1 != t2 {
                prop_assert_eq!(a.cmp(&b), t1.cmp(&t2));
            }
        }

        #[test]
        fn state_code_from_str_never_panics(s in any::<String>()) {
            let _ = s.parse::<StateCode>();
            let _ = s.parse::<Party>();
        }

        #[test]
        fn state_code_from_short_str_never_panics(s in "\\PC{0,4}") {
            if let Ok(c) = s.parse::<StateCode>() {
                prop_assert!(s.eq_ignore_ascii_case(c.as_str()));
            }
        }

        #[test]
        fn message_id_from_str_never_panics(s in any::<String>()) {
            let _ = s.parse::<MessageId>();
            let _ = s.parse::<CaseId>();
            let _ = s.parse::<KeyId>();
        }

        #[test]
        fn message_id_from_ulidish_str_never_panics(s in "[0-9A-Za-z!é]{24,28}") {
            if let Ok(id) = s.parse::<MessageId>() {
                prop_assert!(s.eq_ignore_ascii_case(&id.to_string()));
            }
        }
    }
}
