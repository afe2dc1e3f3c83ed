//! The wire codec: CBOR (RFC 8949) through ciborium, with hard size limits
//! checked before any decoding. Decoding never panics on hostile input; it
//! returns a [`CodecError`] that names what is wrong.

use serde::{de::DeserializeOwned, Serialize};

/// Largest envelope a node accepts: a case with its attachments must fit.
pub const MAX_ENVELOPE_BYTES: usize = 16 * 1024 * 1024;
/// Largest answer to a delivered envelope (a signed receipt or a refusal).
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;
/// Largest signed roster.
pub const MAX_ROSTER_BYTES: usize = 4 * 1024 * 1024;
/// Largest plaintext payload (what is sealed inside an envelope).
pub const MAX_PAYLOAD_BYTES: usize = MAX_ENVELOPE_BYTES - 64 * 1024;

/// Nesting depth ciborium may follow; our types are shallow, hostile input is not.
const MAX_DEPTH: usize = 64;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    #[error("{what} is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { what: &'static str, size: usize, limit: usize },
    #[error("{what} could not be decoded: {reason}")]
    Malformed { what: &'static str, reason: String },
    #[error("{what} could not be encoded: {reason}")]
    Encode { what: &'static str, reason: String },
    #[error("{what} has {trailing} unexpected trailing bytes")]
    Trailing { what: &'static str, trailing: usize },
}

/// Encodes `value` as CBOR, refusing results over `limit` bytes.
pub fn encode<T: Serialize>(what: &'static str, value: &T, limit: usize) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|e| CodecError::Encode { what, reason: e.to_string() })?;
    if out.len() > limit {
        return Err(CodecError::TooLarge { what, size: out.len(), limit });
    }
    Ok(out)
}

/// Decodes one CBOR item of type `T` that must span all of `bytes`.
pub fn decode<T: DeserializeOwned>(what: &'static str, bytes: &[u8], limit: usize) -> Result<T, CodecError> {
    if bytes.len() > limit {
        return Err(CodecError::TooLarge { what, size: bytes.len(), limit });
    }
    let mut reader = bytes;
    let value = ciborium::de::from_reader_with_recursion_limit(&mut reader, MAX_DEPTH)
        .map_err(|e: ciborium::de::Error<std::io::Error>| CodecError::Malformed { what, reason: e.to_string() })?;
    if !reader.is_empty() {
        return Err(CodecError::Trailing { what, trailing: reader.len() });
    }
    Ok(value)
}
