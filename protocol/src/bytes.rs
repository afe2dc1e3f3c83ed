//! Serde helpers for fixed-size byte arrays, so that keys, signatures and
//! digests travel as CBOR byte strings rather than arrays of integers.

use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

pub(crate) fn serialize<S: Serializer, const N: usize>(bytes: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(bytes)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[u8; N], D::Error> {
    let buf = serde_bytes::ByteBuf::deserialize(d)?;
    <[u8; N]>::try_from(buf.as_slice())
        .map_err(|_| D::Error::custom(format!("expected {N} bytes, found {}", buf.len())))
}
