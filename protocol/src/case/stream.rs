//! Streamed attachments (issue 13): a file too large to travel inside the
//! sealed case record travels beside it, in chunks.
//!
//! The record carries a [`StreamedAttachment`]: the file's name, media type,
//! size, the SHA-256 of its plain bytes, a random 256-bit content key and the
//! chunk size. Whoever holds the record can therefore open and check every
//! chunk, and nobody else can: the chunks themselves are sealed with
//! AES-256-GCM under the content key ([`seal_chunk`], [`open_chunk`]). The
//! nonce is the chunk index (a key seals one file only, so a nonce never
//! repeats under a key); the associated data binds the file's digest and
//! size, the chunk index and the chunk count, so a chunk cannot be moved to
//! another place in the file, to another file, or the file cut short.
//! [`FileCheck`] hashes the plain chunks in order as they are read back, so
//! the whole file is checked against the digest without ever being held.
//!
//! Pure, like the rest of the crate: the caller brings the random key
//! ([`ContentKey::from_bytes`]) and the bytes.

use std::fmt;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use serde::{Deserialize, Serialize};

use super::record::hex_sha256;
use super::{CaseError, MAX_ATTACHMENTS, MAX_CODE_BYTES, MAX_FILE_NAME_BYTES};

/// The chunk size the node writes: large enough that per-chunk costs (a
/// request, a store write) vanish beside the bytes, small enough that a
/// window of chunks in flight stays a few MiB.
pub const DEFAULT_CHUNK_SIZE: u32 = 1024 * 1024;
/// Smallest chunk size a record may name.
pub const MIN_CHUNK_SIZE: u32 = 4 * 1024;
/// Largest chunk size a record may name: a sealed chunk must fit one frame
/// of the chunk protocol.
pub const MAX_CHUNK_SIZE: u32 = 4 * 1024 * 1024;
/// Largest streamed file.
pub const MAX_STREAMED_FILE_BYTES: u64 = 256 * 1024 * 1024 * 1024;
/// Bytes the AEAD tag adds to each chunk.
pub const CHUNK_TAG_BYTES: usize = 16;

/// Domain of the associated data and of the file id.
const AAD_DOMAIN: &[u8] = b"dief-chunk-v1";
const ID_DOMAIN: &[u8] = b"dief-stream-id-v1";

/// Why a chunk or a file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    #[error("chunk {index} is outside the file's {count} chunks")]
    NoSuchChunk { index: u32, count: u32 },
    #[error("chunk {index} holds {len} bytes where {expected} were expected")]
    ChunkLength { index: u32, len: usize, expected: usize },
    #[error("chunk {index} does not open under the file's key (tampered, moved, or from another file)")]
    ChunkAuthentication { index: u32 },
    #[error("the file is {len} bytes where the record says {expected}")]
    FileLength { len: u64, expected: u64 },
    #[error("the file's SHA-256 does not match the record")]
    FileDigest,
}

/// A file's 256-bit content key. Never printed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentKey(#[serde(with = "hex_sha256")] [u8; 32]);

impl ContentKey {
    /// A key from 32 random bytes the caller drew.
    pub fn from_bytes(bytes: [u8; 32]) -> ContentKey {
        ContentKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn aead(&self) -> LessSafeKey {
        // A 32-byte key is always valid for AES-256-GCM.
        #[allow(clippy::expect_used)]
        LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.0).expect("32-byte AES-256 key"))
    }
}

impl fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ContentKey(<redacted>)")
    }
}

/// A file that travels in chunks beside the record that names it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamedAttachment {
    /// A file name (no path).
    pub name: String,
    /// E.g. `video/mp4`.
    pub media_type: String,
    /// Bytes of the plain file.
    pub size: u64,
    /// SHA-256 of the plain file.
    #[serde(with = "hex_sha256")]
    pub sha256: [u8; 32],
    /// What seals its chunks.
    pub key: ContentKey,
    /// Plain bytes per chunk; the last one may be shorter.
    pub chunk_size: u32,
}

impl fmt::Debug for StreamedAttachment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamedAttachment")
            .field("name", &self.name)
            .field("media_type", &self.media_type)
            .field("size", &self.size)
            .field("sha256", &hex::encode(self.sha256))
            .field("chunk_size", &self.chunk_size)
            .finish_non_exhaustive()
    }
}

impl StreamedAttachment {
    /// The id chunks are stored and asked for under: a hash of the key and
    /// the digest, so it names this sealing of the file and says nothing of
    /// its content to anyone without the record.
    pub fn id(&self) -> [u8; 32] {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        ctx.update(ID_DOMAIN);
        ctx.update(self.key.as_bytes());
        ctx.update(&self.sha256);
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.finish().as_ref());
        out
    }

    /// Chunks of the file (0 for an empty file).
    pub fn chunk_count(&self) -> u32 {
        let size = u64::from(self.chunk_size.max(1));
        u32::try_from(self.size.div_ceil(size)).unwrap_or(u32::MAX)
    }

    /// Plain bytes of chunk `index`.
    pub fn chunk_len(&self, index: u32) -> Result<usize, StreamError> {
        let count = self.chunk_count();
        if index >= count {
            return Err(StreamError::NoSuchChunk { index, count });
        }
        let start = u64::from(index) * u64::from(self.chunk_size);
        let len = (self.size - start).min(u64::from(self.chunk_size));
        usize::try_from(len).map_err(|_| StreamError::NoSuchChunk { index, count })
    }

    fn aad(&self, index: u32) -> Vec<u8> {
        let mut aad = Vec::with_capacity(AAD_DOMAIN.len() + 32 + 8 + 4 + 4);
        aad.extend_from_slice(AAD_DOMAIN);
        aad.extend_from_slice(&self.sha256);
        aad.extend_from_slice(&self.size.to_be_bytes());
        aad.extend_from_slice(&index.to_be_bytes());
        aad.extend_from_slice(&self.chunk_count().to_be_bytes());
        aad
    }

    /// Checks the fields a peer could have set wrong; `i` is its position.
    pub fn check(&self, i: usize) -> Result<(), CaseError> {
        let f = |name: &str| format!("streamed_attachments[{i}].{name}");
        super::validation::check_file_name(&self.name, || f("name"))?;
        if self.name.len() > MAX_FILE_NAME_BYTES {
            return Err(CaseError::TooLong { field: f("name"), len: self.name.len(), limit: MAX_FILE_NAME_BYTES });
        }
        if self.media_type.len() > MAX_CODE_BYTES {
            return Err(CaseError::TooLong {
                field: f("media_type"),
                len: self.media_type.len(),
                limit: MAX_CODE_BYTES,
            });
        }
        super::validation::check_media_type(&self.media_type, || f("media_type"))?;
        if !(MIN_CHUNK_SIZE..=MAX_CHUNK_SIZE).contains(&self.chunk_size) {
            return Err(CaseError::Invalid {
                field: f("chunk_size"),
                value: self.chunk_size.to_string(),
                why: "a chunk size from 4 KiB to 4 MiB",
            });
        }
        if self.size > MAX_STREAMED_FILE_BYTES {
            return Err(CaseError::Invalid { field: f("size"), value: self.size.to_string(), why: "at most 256 GiB" });
        }
        Ok(())
    }
}

/// Checks a case's list of streamed attachments: their number, each one,
/// and no file named twice.
pub fn check_streamed(list: &[StreamedAttachment]) -> Result<(), CaseError> {
    if list.len() > MAX_ATTACHMENTS {
        return Err(CaseError::TooMany {
            field: "streamed_attachments".into(),
            count: list.len(),
            limit: MAX_ATTACHMENTS,
        });
    }
    for (i, a) in list.iter().enumerate() {
        a.check(i)?;
        if list[..i].iter().any(|b| b.id() == a.id()) {
            return Err(CaseError::Duplicate { field: "streamed_attachments".into(), value: hex::encode(a.sha256) });
        }
    }
    Ok(())
}

fn nonce(index: u32) -> Nonce {
    let mut n = [0u8; 12];
    n[8..].copy_from_slice(&index.to_be_bytes());
    Nonce::assume_unique_for_key(n)
}

/// Seals chunk `index` of `file`: `plain` must be exactly that chunk.
/// Returns ciphertext and tag.
pub fn seal_chunk(file: &StreamedAttachment, index: u32, plain: &[u8]) -> Result<Vec<u8>, StreamError> {
    let expected = file.chunk_len(index)?;
    if plain.len() != expected {
        return Err(StreamError::ChunkLength { index, len: plain.len(), expected });
    }
    let mut out = Vec::with_capacity(plain.len() + CHUNK_TAG_BYTES);
    out.extend_from_slice(plain);
    file.key
        .aead()
        .seal_in_place_append_tag(nonce(index), Aad::from(file.aad(index)), &mut out)
        .map_err(|_| StreamError::ChunkLength { index, len: plain.len(), expected })?;
    Ok(out)
}

/// Opens sealed chunk `index` of `file`, refusing one of the wrong length,
/// tampered with, from another position or from another file.
pub fn open_chunk(file: &StreamedAttachment, index: u32, sealed: Vec<u8>) -> Result<Vec<u8>, StreamError> {
    open_chunk_at(file, index, sealed, 0)
}

/// [`open_chunk`] of the sealed chunk that starts at `start` in `buf` (after
/// a wire header), decrypted in place and moved to the front in the same
/// pass, so that a MiB chunk is not copied to drop a byte before it.
pub fn open_chunk_at(
    file: &StreamedAttachment,
    index: u32,
    mut buf: Vec<u8>,
    start: usize,
) -> Result<Vec<u8>, StreamError> {
    let expected = file.chunk_len(index)?;
    let sealed_len = buf.len().saturating_sub(start);
    if start > buf.len() || sealed_len != expected + CHUNK_TAG_BYTES {
        return Err(StreamError::ChunkLength { index, len: sealed_len, expected: expected + CHUNK_TAG_BYTES });
    }
    let len = file
        .key
        .aead()
        .open_within(nonce(index), Aad::from(file.aad(index)), &mut buf, start..)
        .map_err(|_| StreamError::ChunkAuthentication { index })?
        .len();
    buf.truncate(len);
    Ok(buf)
}

/// The whole file checked against its record, one plain chunk at a time in
/// order.
pub struct FileCheck {
    ctx: ring::digest::Context,
    len: u64,
    size: u64,
    sha256: [u8; 32],
}

impl fmt::Debug for FileCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileCheck").field("len", &self.len).field("size", &self.size).finish_non_exhaustive()
    }
}

impl FileCheck {
    pub fn new(file: &StreamedAttachment) -> FileCheck {
        FileCheck {
            ctx: ring::digest::Context::new(&ring::digest::SHA256),
            len: 0,
            size: file.size,
            sha256: file.sha256,
        }
    }

    pub fn update(&mut self, plain: &[u8]) {
        self.ctx.update(plain);
        self.len += plain.len() as u64;
    }

    /// Whether the bytes fed in are the file of the record.
    pub fn finish(self) -> Result<(), StreamError> {
        if self.len != self.size {
            return Err(StreamError::FileLength { len: self.len, expected: self.size });
        }
        if self.ctx.finish().as_ref() != self.sha256 {
            return Err(StreamError::FileDigest);
        }
        Ok(())
    }
}

/// A SHA-256 computed a piece at a time, for whoever reads a file to attach
/// it (the digest goes into the associated data of every chunk, so it is
/// needed before the first chunk is sealed).
pub struct Sha256Stream(ring::digest::Context);

impl fmt::Debug for Sha256Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sha256Stream")
    }
}

impl Default for Sha256Stream {
    fn default() -> Self {
        Sha256Stream(ring::digest::Context::new(&ring::digest::SHA256))
    }
}

impl Sha256Stream {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(self.0.finish().as_ref());
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use proptest::prelude::*;

    use super::*;

    fn file(bytes: &[u8], chunk_size: u32, key: u8) -> StreamedAttachment {
        let mut h = Sha256Stream::default();
        h.update(bytes);
        StreamedAttachment {
            name: "film.mp4".into(),
            media_type: "video/mp4".into(),
            size: bytes.len() as u64,
            sha256: h.finish(),
            key: ContentKey::from_bytes([key; 32]),
            chunk_size,
        }
    }

    fn seal_all(f: &StreamedAttachment, bytes: &[u8]) -> Vec<Vec<u8>> {
        bytes.chunks(f.chunk_size as usize).enumerate().map(|(i, c)| seal_chunk(f, i as u32, c).unwrap()).collect()
    }

    fn open_all(f: &StreamedAttachment, sealed: &[Vec<u8>]) -> Result<(), StreamError> {
        let mut check = FileCheck::new(f);
        for (i, s) in sealed.iter().enumerate() {
            check.update(&open_chunk(f, i as u32, s.clone())?);
        }
        check.finish()
    }

    proptest! {
        #[test]
        fn roundtrip(bytes in proptest::collection::vec(any::<u8>(), 0..40_000), chunk in 4096u32..10_000) {
            let f = file(&bytes, chunk, 1);
            let sealed = seal_all(&f, &bytes);
            prop_assert_eq!(sealed.len() as u32, f.chunk_count());
            let mut back = Vec::new();
            for (i, s) in sealed.iter().enumerate() {
                back.extend(open_chunk(&f, i as u32, s.clone()).unwrap());
            }
            prop_assert_eq!(&back, &bytes);
            prop_assert!(open_all(&f, &sealed).is_ok());
        }

        #[test]
        fn a_chunk_after_a_header_opens_as_alone(bytes in proptest::collection::vec(any::<u8>(), 1..20_000), head in 0usize..40) {
            let f = file(&bytes, 4096, 4);
            for (i, s) in seal_all(&f, &bytes).into_iter().enumerate() {
                let mut framed = vec![0xee; head];
                framed.extend_from_slice(&s);
                prop_assert_eq!(open_chunk_at(&f, i as u32, framed.clone(), head), open_chunk(&f, i as u32, s));
                // One byte off either way is another chunk length or another
                // ciphertext: refused, never opened.
                prop_assert!(open_chunk_at(&f, i as u32, framed.clone(), head + 1).is_err());
                if head > 0 {
                    prop_assert!(open_chunk_at(&f, i as u32, framed, head - 1).is_err());
                }
            }
        }

        #[test]
        fn a_flipped_bit_is_refused(bytes in proptest::collection::vec(any::<u8>(), 1..20_000), at in any::<usize>(), bit in 0u8..8) {
            let f = file(&bytes, 4096, 2);
            let mut sealed = seal_all(&f, &bytes);
            let i = at % sealed.len();
            let j = (at / 7) % sealed[i].len();
            sealed[i][j] ^= 1 << bit;
            prop_assert_eq!(open_chunk(&f, i as u32, sealed[i].clone()), Err(StreamError::ChunkAuthentication { index: i as u32 }));
        }
    }

    #[test]
    fn reordered_chunks_are_refused() {
        let bytes: Vec<u8> = (0..3 * 4096).map(|i| (i % 251) as u8).collect();
        let f = file(&bytes, 4096, 3);
        let sealed = seal_all(&f, &bytes);
        assert_eq!(open_chunk(&f, 0, sealed[1].clone()), Err(StreamError::ChunkAuthentication { index: 0 }));
        assert_eq!(open_chunk(&f, 2, sealed[2].clone()).map(|p| p.len()), Ok(4096));
    }

    #[test]
    fn a_chunk_of_another_file_or_key_is_refused() {
        let a: Vec<u8> = vec![1; 8192];
        let b: Vec<u8> = vec![2; 8192];
        let (fa, fb) = (file(&a, 4096, 4), file(&b, 4096, 4));
        let sealed_b = seal_all(&fb, &b);
        // Same key, same position: the digest in the associated data differs.
        assert_eq!(open_chunk(&fa, 0, sealed_b[0].clone()), Err(StreamError::ChunkAuthentication { index: 0 }));
        let wrong_key = file(&a, 4096, 5);
        let sealed_a = seal_all(&fa, &a);
        assert_eq!(open_chunk(&wrong_key, 0, sealed_a[0].clone()), Err(StreamError::ChunkAuthentication { index: 0 }));
        assert_ne!(fa.id(), wrong_key.id());
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let bytes: Vec<u8> = vec![7; 3 * 4096];
        let f = file(&bytes, 4096, 6);
        // The same bytes claimed as a two-chunk file: the count and size in
        // the associated data differ, so the first chunks do not open.
        let mut short = f.clone();
        short.size = 2 * 4096;
        let sealed = seal_all(&f, &bytes);
        assert_eq!(open_chunk(&short, 0, sealed[0].clone()), Err(StreamError::ChunkAuthentication { index: 0 }));
        // Chunks fed short of the end fail the file check.
        let mut check = FileCheck::new(&f);
        check.update(&open_chunk(&f, 0, sealed[0].clone()).unwrap());
        assert_eq!(check.finish(), Err(StreamError::FileLength { len: 4096, expected: 3 * 4096 }));
        assert_eq!(open_chunk(&f, 3, sealed[0].clone()), Err(StreamError::NoSuchChunk { index: 3, count: 3 }));
    }

    #[test]
    fn checks_and_limits() {
        let mut f = file(b"abc", DEFAULT_CHUNK_SIZE, 8);
        assert!(check_streamed(std::slice::from_ref(&f)).is_ok());
        assert!(matches!(check_streamed(&[f.clone(), f.clone()]), Err(CaseError::Duplicate { .. })));
        f.name = "../etc/passwd".into();
        assert!(matches!(check_streamed(&[f.clone()]), Err(CaseError::Invalid { .. })));
        f.name = "ok.bin".into();
        f.chunk_size = 1;
        assert!(matches!(check_streamed(&[f.clone()]), Err(CaseError::Invalid { .. })));
        assert!(!format!("{f:?}").contains("0808"), "the key is not printed");
    }

    #[test]
    fn a_case_with_a_bad_streamed_attachment_does_not_validate() {
        let mut c = super::super::CaseContent::new(
            "t",
            super::super::CaseStatus::Detected,
            super::super::Investigation::Ongoing,
        );
        c.streamed_attachments.push(file(b"abc", DEFAULT_CHUNK_SIZE, 10));
        assert!(c.validate().is_ok());
        c.streamed_attachments[0].name = "a/b".into();
        assert!(matches!(c.validate(), Err(CaseError::Invalid { .. })));
    }

    #[test]
    fn json_and_cbor_round_trip() {
        let f = file(b"hello", DEFAULT_CHUNK_SIZE, 9);
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(serde_json::from_str::<StreamedAttachment>(&json).unwrap(), f);
        let cbor = crate::codec::encode("file", &f, 4096).unwrap();
        let back: StreamedAttachment = crate::codec::decode("file", &cbor, 4096).unwrap();
        assert_eq!(back, f);
    }
}
