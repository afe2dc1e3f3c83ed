//! The frame of the request-response protocol `/dief/envelope/1`: a 4-byte
//! big-endian length prefix, then that many bytes, one frame per stream
//! direction. Pure: the node's codec reads and writes the bytes, this module
//! decides what they mean, so the fuzzer reaches it without a network.
//!
//! Limits are checked on the prefix alone, before anything is allocated: a
//! peer that announces 4 GiB gets an error, not an allocation.

use crate::envelope::{Envelope, EnvelopeError, Response};

/// Length of the prefix in bytes.
pub const PREFIX_LEN: usize = 4;

/// What is wrong with a frame. The messages are the ones the node's codec
/// has always reported, so logs and peers see no change.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The prefix announces more than the receiver accepts (or the body to
    /// write is more than the prefix or the limit allow).
    #[error("frame of {len} bytes exceeds the limit of {limit}")]
    TooLarge { len: u64, limit: usize },
    /// Fewer bytes than the prefix announced.
    #[error("frame truncated: {got} of {len} bytes")]
    Truncated { got: usize, len: usize },
    /// Fewer than [`PREFIX_LEN`] bytes: there is no length to read.
    #[error("length prefix truncated: {got} of {PREFIX_LEN} bytes")]
    ShortPrefix { got: usize },
    /// Bytes after the frame where one frame was expected.
    #[error("{trailing} unexpected bytes after the frame")]
    Trailing { trailing: usize },
    /// The body is a frame but not a valid request or response.
    #[error(transparent)]
    Body(#[from] EnvelopeError),
}

/// The body length a prefix announces, refused when over `limit`.
pub fn parse_prefix(prefix: [u8; PREFIX_LEN], limit: usize) -> Result<usize, FrameError> {
    let len = u32::from_be_bytes(prefix);
    usize::try_from(len).ok().filter(|len| *len <= limit).ok_or(FrameError::TooLarge { len: u64::from(len), limit })
}

/// Checks that `got` bytes were read of a body announced as `len`.
pub fn check_body_len(got: usize, len: usize) -> Result<(), FrameError> {
    if got != len {
        return Err(FrameError::Truncated { got, len });
    }
    Ok(())
}

/// The prefix for a body of `body_len` bytes, refused when over `limit` or
/// over what four bytes can say.
pub fn encode_prefix(body_len: usize, limit: usize) -> Result<[u8; PREFIX_LEN], FrameError> {
    let too_large = || FrameError::TooLarge { len: u64::try_from(body_len).unwrap_or(u64::MAX), limit };
    let len = u32::try_from(body_len).ok().filter(|_| body_len <= limit).ok_or_else(too_large)?;
    Ok(len.to_be_bytes())
}

/// One whole frame (prefix and body) for `body`.
pub fn encode(body: &[u8], limit: usize) -> Result<Vec<u8>, FrameError> {
    let prefix = encode_prefix(body.len(), limit)?;
    let mut out = Vec::with_capacity(PREFIX_LEN + body.len());
    out.extend_from_slice(&prefix);
    out.extend_from_slice(body);
    Ok(out)
}

/// Splits the first frame off `buf`: its body and what follows it. The
/// limit is checked before the body is looked at.
pub fn split(buf: &[u8], limit: usize) -> Result<(&[u8], &[u8]), FrameError> {
    let (prefix, rest) = buf.split_first_chunk::<PREFIX_LEN>().ok_or(FrameError::ShortPrefix { got: buf.len() })?;
    let len = parse_prefix(*prefix, limit)?;
    if rest.len() < len {
        return Err(FrameError::Truncated { got: rest.len(), len });
    }
    Ok(rest.split_at(len))
}

/// The body of `buf`, which must be exactly one frame: what a stream
/// direction carries.
pub fn decode(buf: &[u8], limit: usize) -> Result<&[u8], FrameError> {
    let (body, rest) = split(buf, limit)?;
    if !rest.is_empty() {
        return Err(FrameError::Trailing { trailing: rest.len() });
    }
    Ok(body)
}

/// A request frame decoded into the envelope it carries.
pub fn decode_request(buf: &[u8], limit: usize) -> Result<Envelope, FrameError> {
    Ok(Envelope::from_bytes(decode(buf, limit)?)?)
}

/// A response frame decoded into the answer it carries.
pub fn decode_response(buf: &[u8], limit: usize) -> Result<Response, FrameError> {
    Ok(Response::from_bytes(decode(buf, limit)?)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_prefix_is_big_endian_and_the_limit_is_inclusive() {
        assert_eq!(parse_prefix([0, 0, 1, 0], 256).unwrap(), 256);
        assert!(matches!(parse_prefix([0, 0, 1, 1], 256), Err(FrameError::TooLarge { len: 257, limit: 256 })));
        assert_eq!(encode_prefix(256, 256).unwrap(), [0, 0, 1, 0]);
        assert!(encode_prefix(257, 256).is_err());
    }
}
