//! The chunk protocol `/dief/chunks/1` (issue 13): a member asks for one
//! chunk of a streamed attachment (a small request) and gets it back (up to
//! a few MiB), several requests in flight on one connection. Its own
//! request-response behaviour beside `/dief/envelope/1`, so chunks neither
//! wait behind envelopes nor count against the envelopes' budgets; the
//! node answers through its own bounded channel ([`ChunkInbound`]) and
//! decides who may have which chunk. Only members reach it (the gate).

use libp2p::request_response::{self, InboundRequestId, ProtocolSupport, ResponseChannel};
use libp2p::{PeerId, StreamProtocol};
use tokio::sync::oneshot;
use tracing::debug;

use crate::core::network::budget::Reading;
use crate::core::network::codec::EnvelopeCodec;
use crate::core::network::event_loop::EventLoop;
use crate::core::network::types::*;

/// The request-response behaviour of `/dief/chunks/1`: small requests,
/// answers up to the largest sealed chunk.
pub(super) fn behaviour(config: &NetworkConfig) -> request_response::Behaviour<EnvelopeCodec> {
    let codec = EnvelopeCodec {
        max_request_bytes: MAX_CHUNK_REQUEST_BYTES,
        max_response_bytes: MAX_CHUNK_RESPONSE_BYTES,
        reading: Reading::new(&config.budgets),
    };
    request_response::Behaviour::with_codec(
        codec,
        [(StreamProtocol::new(CHUNK_PROTOCOL), ProtocolSupport::Full)],
        request_response::Config::default()
            .with_request_timeout(config.request_timeout)
            .with_max_concurrent_streams(256),
    )
}

impl EventLoop {
    pub(super) fn start_chunk_request(
        &mut self,
        peer: PeerId,
        bytes: Vec<u8>,
        reply: oneshot::Sender<Result<Vec<u8>, NetError>>,
    ) {
        let addrs = match self.check_request(&peer, bytes.len()) {
            Ok(addrs) if bytes.len() <= MAX_CHUNK_REQUEST_BYTES => addrs,
            Ok(_) => {
                let _ = reply.send(Err(NetError::TooLarge { peer: peer.to_base58(), limit: MAX_CHUNK_REQUEST_BYTES }));
                return;
            }
            Err(error) => {
                let _ = reply.send(Err(error));
                return;
            }
        };
        if self.chunk.pending_out.len() >= MAX_PENDING_REQUESTS {
            self.chunk.pending_out.retain(|_, r| !r.is_closed());
            if self.chunk.pending_out.len() >= MAX_PENDING_REQUESTS {
                let _ = reply.send(Err(NetError::Busy));
                return;
            }
        }
        let id = self.swarm.behaviour_mut().chunks.send_request_with_addresses(&peer, bytes, addrs);
        self.chunk.pending_out.insert(id, reply);
    }

    pub(super) fn handle_chunk_reply(&mut self, id: InboundRequestId, response: Option<Vec<u8>>) {
        let Some(channel) = self.chunk.pending_in.remove(&id) else {
            return;
        };
        // No answer: dropping the channel fails the remote's request.
        if let Some(bytes) = response.filter(|b| b.len() <= MAX_CHUNK_RESPONSE_BYTES) {
            if self.swarm.behaviour_mut().chunks.send_response(channel, bytes).is_err() {
                debug!("chunk response channel closed before the reply");
            }
        }
    }

    pub(super) fn handle_chunks(&mut self, event: request_response::Event<Vec<u8>, Vec<u8>>) {
        match event {
            request_response::Event::Message {
                peer,
                message: request_response::Message::Request { request_id, request, channel },
                ..
            } => self.chunk_inbound(peer, request_id, request, channel),
            request_response::Event::Message {
                message: request_response::Message::Response { request_id, response },
                ..
            } => {
                if let Some(reply) = self.chunk.pending_out.remove(&request_id) {
                    let _ = reply.send(Ok(response));
                }
            }
            request_response::Event::OutboundFailure { peer, request_id, error, .. } => {
                if let Some(reply) = self.chunk.pending_out.remove(&request_id) {
                    debug!(%peer, %error, "chunk request failed");
                    let _ = reply.send(Err(self.outbound_error(peer, error)));
                }
            }
            request_response::Event::InboundFailure { peer, request_id, error, .. } => {
                self.chunk.pending_in.remove(&request_id);
                debug!(%peer, %error, "inbound chunk request failed");
            }
            request_response::Event::ResponseSent { .. } => {}
        }
    }

    fn chunk_inbound(
        &mut self,
        peer: PeerId,
        request_id: InboundRequestId,
        bytes: Vec<u8>,
        channel: ResponseChannel<Vec<u8>>,
    ) {
        if !self.members.contains_key(&peer) {
            debug!(%peer, "chunk request from a non-member; dropped");
            return;
        }
        let (reply, answer) = oneshot::channel();
        let inbound = ChunkInbound { peer: peer.to_base58(), bytes, reply };
        if self.chunk.inbound_tx.try_send(inbound).is_err() {
            debug!(%peer, "chunk queue full; request dropped (the remote retries)");
            return;
        }
        self.chunk.pending_in.insert(request_id, channel);
        let back = self.chunk.reply_tx.clone();
        let timeout = self.request_timeout;
        tokio::spawn(async move {
            let response = match tokio::time::timeout(timeout, answer).await {
                Ok(Ok(bytes)) => Some(bytes),
                Ok(Err(_)) | Err(_) => None,
            };
            let _ = back.send((request_id, response)).await;
        });
    }
}
