//! The request/response codec of `/dief/envelope/1`: one length-prefixed
//! frame per stream direction, refused before allocation when over the
//! limit. What the prefix means lives in `dief_protocol::frame` (pure, and
//! fuzzed); this file only moves the bytes and holds the read budget.

use std::io;

use dief_protocol::frame::{self, FrameError};
use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use libp2p::request_response::{self};
use libp2p::StreamProtocol;

use std::sync::Arc;

use crate::core::network::budget::Reading;
use crate::core::network::types::INITIAL_READ_CAPACITY;

/// Length-prefixed frames with hard limits, for `/dief/envelope/1`.
#[derive(Clone, Debug)]
pub(super) struct EnvelopeCodec {
    pub(super) max_request_bytes: usize,
    pub(super) max_response_bytes: usize,
    /// Bytes of requests being read, from every connection.
    pub(super) reading: Arc<Reading>,
}

impl EnvelopeCodec {
    /// The limits and read budget of `/dief/envelope/1` from the network's
    /// settings.
    pub(super) fn for_envelopes(config: &crate::core::network::types::NetworkConfig) -> EnvelopeCodec {
        EnvelopeCodec {
            max_request_bytes: config.max_request_bytes,
            max_response_bytes: config.max_response_bytes,
            reading: Reading::new(&config.budgets),
        }
    }
}

/// Maps a frame error to the `io::Error` kind the codec has always given.
fn io_error(e: FrameError, kind: io::ErrorKind) -> io::Error {
    io::Error::new(kind, e.to_string())
}

/// The length prefix, refused over `limit` before anything is allocated.
async fn read_len<T>(io: &mut T, limit: usize) -> io::Result<usize>
where
    T: AsyncRead + Unpin + Send,
{
    let mut prefix = [0u8; frame::PREFIX_LEN];
    io.read_exact(&mut prefix).await?;
    frame::parse_prefix(prefix, limit).map_err(|e| io_error(e, io::ErrorKind::InvalidData))
}

async fn read_body<T>(io: &mut T, len: usize) -> io::Result<Vec<u8>>
where
    T: AsyncRead + Unpin + Send,
{
    let mut buf = Vec::with_capacity(len.min(INITIAL_READ_CAPACITY));
    // `take` bounds the read even if the stream carries more.
    let bound = u64::try_from(len).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    (&mut *io).take(bound).read_to_end(&mut buf).await?;
    frame::check_body_len(buf.len(), len).map_err(|e| io_error(e, io::ErrorKind::UnexpectedEof))?;
    Ok(buf)
}

/// A response's body, allocated at its announced length at once. A
/// response only answers a request this node made (a few in flight, each
/// bounded by `max_response_bytes`), so the cautious growth of
/// [`read_body`], which guards against a peer announcing a large request
/// and sending nothing, would here only copy a MiB chunk several times
/// over as the buffer doubled (and leave it with twice the capacity).
async fn read_body_whole<T>(io: &mut T, len: usize) -> io::Result<Vec<u8>>
where
    T: AsyncRead + Unpin + Send,
{
    let mut buf = vec![0u8; len];
    io.read_exact(&mut buf).await?;
    Ok(buf)
}

pub(super) async fn write_frame<T>(io: &mut T, bytes: &[u8], limit: usize) -> io::Result<()>
where
    T: AsyncWrite + Unpin + Send,
{
    let prefix = frame::encode_prefix(bytes.len(), limit).map_err(|e| io_error(e, io::ErrorKind::InvalidInput))?;
    io.write_all(&prefix).await?;
    io.write_all(bytes).await?;
    io.flush().await
}

impl request_response::Codec for EnvelopeCodec {
    type Protocol = StreamProtocol;
    type Request = Vec<u8>;
    type Response = Vec<u8>;

    async fn read_request<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        let len = read_len(io, self.max_request_bytes).await?;
        // Held while the bytes arrive; the event loop's per-peer budget
        // takes over once the request is whole.
        let _permit = self.reading.reserve(len).map_err(|reason| io::Error::new(io::ErrorKind::OutOfMemory, reason))?;
        read_body(io, len).await
    }

    async fn read_response<T>(&mut self, _: &StreamProtocol, io: &mut T) -> io::Result<Vec<u8>>
    where
        T: AsyncRead + Unpin + Send,
    {
        let len = read_len(io, self.max_response_bytes).await?;
        read_body_whole(io, len).await
    }

    async fn write_request<T>(&mut self, _: &StreamProtocol, io: &mut T, request: Vec<u8>) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        // The remote enforces its own limit; ours only bounds the frame.
        write_frame(io, &request, u32::MAX as usize).await
    }

    async fn write_response<T>(&mut self, _: &StreamProtocol, io: &mut T, response: Vec<u8>) -> io::Result<()>
    where
        T: AsyncWrite + Unpin + Send,
    {
        write_frame(io, &response, self.max_response_bytes).await
    }
}
