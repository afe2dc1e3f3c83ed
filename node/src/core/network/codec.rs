//! The request/response codec of `/dief/envelope/1`: one length-prefixed
//! frame per stream direction, refused before allocation when over the
//! limit.

use std::io;

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

pub(super) async fn read_frame<T>(io: &mut T, limit: usize) -> io::Result<Vec<u8>>
where
    T: AsyncRead + Unpin + Send,
{
    let len = read_len(io, limit).await?;
    read_body(io, len).await
}

/// The length prefix, refused over `limit` before anything is allocated.
async fn read_len<T>(io: &mut T, limit: usize) -> io::Result<usize>
where
    T: AsyncRead + Unpin + Send,
{
    let mut prefix = [0u8; 4];
    io.read_exact(&mut prefix).await?;
    let len = u32::from_be_bytes(prefix);
    usize::try_from(len).ok().filter(|len| *len <= limit).ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidData, format!("frame of {len} bytes exceeds the limit of {limit}"))
    })
}

async fn read_body<T>(io: &mut T, len: usize) -> io::Result<Vec<u8>>
where
    T: AsyncRead + Unpin + Send,
{
    let mut buf = Vec::with_capacity(len.min(INITIAL_READ_CAPACITY));
    // `take` bounds the read even if the stream carries more.
    let bound = u64::try_from(len).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    (&mut *io).take(bound).read_to_end(&mut buf).await?;
    if buf.len() != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("frame truncated: {} of {len} bytes", buf.len()),
        ));
    }
    Ok(buf)
}

pub(super) async fn write_frame<T>(io: &mut T, bytes: &[u8], limit: usize) -> io::Result<()>
where
    T: AsyncWrite + Unpin + Send,
{
    let len = u32::try_from(bytes.len()).ok().filter(|_| bytes.len() <= limit).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("frame of {} bytes exceeds the limit of {limit}", bytes.len()),
        )
    })?;
    io.write_all(&len.to_be_bytes()).await?;
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
        read_frame(io, self.max_response_bytes).await
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
