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

/// The same for an optional array, as a CBOR byte string or null; with
/// `skip_serializing_if = "Option::is_none"` an absent value leaves the
/// encoding exactly as it was before the field existed.
pub(crate) mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer, const N: usize>(bytes: &Option<[u8; N]>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_bytes(b),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<Option<[u8; N]>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap<const M: usize>(#[serde(with = "super")] [u8; M]);
        Ok(Option::<Wrap<N>>::deserialize(d)?.map(|w| w.0))
    }
}
