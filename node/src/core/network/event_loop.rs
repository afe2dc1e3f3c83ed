//! The one task that owns the libp2p `Swarm`: it selects over swarm events,
//! the handle's commands and the node's replies, keeps the allow-list gate
//! and the pending requests keyed by request id.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use libp2p::multiaddr::Protocol;
use libp2p::request_response::{
    self, InboundFailure, InboundRequestId, OutboundFailure, OutboundRequestId, ResponseChannel,
};
use libp2p::swarm::dial_opts::{DialOpts, PeerCondition};
use libp2p::swarm::{DialError, ListenError, NetworkBehaviour, SwarmEvent};
use libp2p::{allow_block_list, connection_limits, identify, ping, Multiaddr, PeerId, Swarm};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, info, info_span, warn, Instrument, Span};

use crate::core::network::budget::{Ledger, RateLimiter};
use crate::core::network::codec::EnvelopeCodec;
use crate::core::network::types::*;

#[derive(NetworkBehaviour)]
pub(super) struct Behaviour {
    /// First, so that one source over its share is refused before it takes
    /// one of the pending slots `limits` counts.
    pub(super) handshakes: crate::core::network::handshakes::PendingPerSource,
    pub(super) limits: connection_limits::Behaviour,
    pub(super) gate: allow_block_list::Behaviour<allow_block_list::AllowedPeers>,
    pub(super) identify: identify::Behaviour,
    pub(super) ping: ping::Behaviour,
    pub(super) envelope: request_response::Behaviour<EnvelopeCodec>,
    /// Chunks of streamed attachments (`/dief/chunks/1`, `chunks.rs`).
    pub(super) chunks: request_response::Behaviour<EnvelopeCodec>,
}

/// Addresses of one member: from the roster, and learned through identify.
#[derive(Default)]
pub(super) struct MemberAddrs {
    pub(super) configured: Vec<Multiaddr>,
    pub(super) learned: Vec<Multiaddr>,
}

impl MemberAddrs {
    fn all(&self) -> Vec<Multiaddr> {
        let mut all = self.configured.clone();
        for addr in &self.learned {
            if !all.contains(addr) {
                all.push(addr.clone());
            }
        }
        all
    }
}

pub(super) struct PendingOut {
    pub(super) reply: oneshot::Sender<Result<Vec<u8>, NetError>>,
    pub(super) span: Span,
}

pub(super) struct PendingIn {
    pub(super) channel: ResponseChannel<Vec<u8>>,
    pub(super) span: Span,
}

pub(super) struct EventLoop {
    pub(super) swarm: Swarm<Behaviour>,
    pub(super) local_peer_id: PeerId,
    pub(super) cmd_rx: mpsc::Receiver<Command>,
    /// Cloned into the tasks that wait for the node's replies.
    pub(super) reply_tx: mpsc::Sender<(InboundRequestId, Option<Vec<u8>>)>,
    pub(super) reply_rx: mpsc::Receiver<(InboundRequestId, Option<Vec<u8>>)>,
    pub(super) inbound_tx: mpsc::Sender<Inbound>,
    pub(super) events_tx: mpsc::Sender<NetEvent>,
    pub(super) members: HashMap<PeerId, MemberAddrs>,
    pub(super) pending_out: HashMap<OutboundRequestId, PendingOut>,
    pub(super) pending_in: HashMap<InboundRequestId, PendingIn>,
    pub(super) max_request_bytes: usize,
    pub(super) max_response_bytes: usize,
    pub(super) ledger: Arc<Ledger>,
    pub(super) rate: RateLimiter,
    pub(super) busy_answer: fn(String) -> Vec<u8>,
    pub(super) request_timeout: Duration,
    /// The chunk protocol's own requests and replies (`chunks.rs`).
    pub(super) chunk: ChunkState,
}

impl EventLoop {
    pub(super) async fn run(mut self) {
        let ack = loop {
            tokio::select! {
                biased;
                command = self.cmd_rx.recv() => match command {
                    Some(Command::Shutdown(ack)) => break Some(ack),
                    Some(command) => self.handle_command(command),
                    // Every handle dropped: nobody can use the network.
                    None => break None,
                },
                Some((id, response)) = self.reply_rx.recv() => self.handle_reply(id, response),
                Some((id, response)) = self.chunk.reply_rx.recv() => self.handle_chunk_reply(id, response),
                event = self.swarm.select_next_some() => self.handle_swarm_event(event),
            }
        };
        info!("network shutting down");
        // Dropping the swarm closes the listeners and every connection;
        // pending requests fail when their reply senders are dropped.
        let EventLoop { swarm, .. } = self;
        drop(swarm);
        if let Some(ack) = ack {
            let _ = ack.send(());
        }
    }

    fn handle_command(&mut self, command: Command) {
        match command {
            Command::ListenAddrs(reply) => {
                let _ = reply.send(self.swarm.listeners().map(|a| a.to_string()).collect());
            }
            Command::SetMembers { members, reply } => {
                self.set_members(members);
                let _ = reply.send(());
            }
            Command::Request { peer, bytes, reply } => self.start_request(peer, bytes, reply),
            Command::ChunkRequest { peer, bytes, reply } => self.start_chunk_request(peer, bytes, reply),
            Command::DialAll(reply) => {
                self.dial_all();
                let _ = reply.send(());
            }
            Command::ConnectedPeers(reply) => {
                let _ = reply.send(self.swarm.connected_peers().map(|p| p.to_base58()).collect());
            }
            // Handled by `run`.
            Command::Shutdown(ack) => {
                let _ = ack.send(());
            }
        }
    }

    fn set_members(&mut self, mut new: HashMap<PeerId, Vec<Multiaddr>>) {
        if new.remove(&self.local_peer_id).is_some() {
            debug!("the local peer is on the member list; ignored");
        }
        let removed: Vec<PeerId> = self.members.keys().filter(|p| !new.contains_key(p)).copied().collect();
        self.rate.retain(|p| new.contains_key(p));
        for peer in removed {
            self.members.remove(&peer);
            // `disallow_peer` closes the connections itself (allow-block-list
            // 0.7); disconnecting here as well makes it independent of that.
            self.swarm.behaviour_mut().gate.disallow_peer(peer);
            let was_connected = self.swarm.disconnect_peer_id(peer).is_ok();
            info!(%peer, was_connected, "peer removed from the members");
        }
        for (peer, configured) in new {
            if self.swarm.behaviour_mut().gate.allow_peer(peer) {
                info!(%peer, "peer added to the members");
            }
            self.members.entry(peer).or_default().configured = configured;
        }
    }

    fn start_request(&mut self, peer: PeerId, bytes: Vec<u8>, reply: oneshot::Sender<Result<Vec<u8>, NetError>>) {
        let addrs = match self.check_request(&peer, bytes.len()) {
            Ok(addrs) => addrs,
            Err(error) => {
                let _ = reply.send(Err(error));
                return;
            }
        };
        let len = bytes.len();
        let id = self.swarm.behaviour_mut().envelope.send_request_with_addresses(&peer, bytes, addrs);
        let span = info_span!("dief_request", %peer, request_id = %id);
        span.in_scope(|| debug!(len, "request queued"));
        self.pending_out.insert(id, PendingOut { reply, span });
    }

    /// Whether a request may be sent; if so, the addresses to dial.
    pub(super) fn check_request(&mut self, peer: &PeerId, len: usize) -> Result<Vec<Multiaddr>, NetError> {
        if *peer == self.local_peer_id {
            return Err(NetError::LocalPeer { peer: peer.to_base58() });
        }
        let Some(addrs) = self.members.get(peer) else {
            return Err(NetError::NotMember { peer: peer.to_base58() });
        };
        if len > self.max_request_bytes {
            return Err(NetError::TooLarge { peer: peer.to_base58(), limit: self.max_request_bytes });
        }
        let addrs = addrs.all();
        if self.pending_out.len() >= MAX_PENDING_REQUESTS {
            // Forget requests whose caller gave up.
            self.pending_out.retain(|_, p| !p.reply.is_closed());
            if self.pending_out.len() >= MAX_PENDING_REQUESTS {
                return Err(NetError::Busy);
            }
        }
        Ok(addrs)
    }

    fn dial_all(&mut self) {
        let targets: Vec<(PeerId, Vec<Multiaddr>)> =
            self.members.iter().filter(|(p, _)| !self.swarm.is_connected(p)).map(|(p, a)| (*p, a.all())).collect();
        for (peer, addrs) in targets {
            let opts =
                DialOpts::peer_id(peer).addresses(addrs).condition(PeerCondition::DisconnectedAndNotDialing).build();
            match self.swarm.dial(opts) {
                Ok(()) => debug!(%peer, "dialing"),
                Err(DialError::DialPeerConditionFalse(_)) => {}
                Err(error) => debug!(%peer, %error, "cannot dial"),
            }
        }
    }

    /// The node answered (or gave up on) an inbound request.
    fn handle_reply(&mut self, id: InboundRequestId, response: Option<Vec<u8>>) {
        let Some(pending) = self.pending_in.remove(&id) else {
            // The request failed meanwhile (timeout, connection closed).
            return;
        };
        let _entered = pending.span.enter();
        let Some(bytes) = response else {
            debug!("no reply from the node; the remote sees a failure");
            return;
        };
        if bytes.len() > self.max_response_bytes {
            warn!(len = bytes.len(), limit = self.max_response_bytes, "reply too large; dropped");
            return;
        }
        if self.swarm.behaviour_mut().envelope.send_response(pending.channel, bytes).is_err() {
            debug!("response channel closed before the reply");
        }
    }

    fn handle_swarm_event(&mut self, event: SwarmEvent<BehaviourEvent>) {
        match event {
            SwarmEvent::Behaviour(BehaviourEvent::Envelope(event)) => self.handle_envelope(event),
            SwarmEvent::Behaviour(BehaviourEvent::Chunks(event)) => self.handle_chunks(event),
            SwarmEvent::Behaviour(BehaviourEvent::Identify(identify::Event::Received { peer_id, info, .. })) => {
                self.learn_addrs(peer_id, info.listen_addrs)
            }
            SwarmEvent::Behaviour(BehaviourEvent::Identify(_)) | SwarmEvent::Behaviour(BehaviourEvent::Ping(_)) => {}
            SwarmEvent::Behaviour(BehaviourEvent::Gate(never)) => match never {},
            SwarmEvent::ConnectionEstablished { peer_id, endpoint, num_established, .. } => {
                info!(
                    peer = %peer_id,
                    addr = %endpoint.get_remote_address(),
                    dialer = endpoint.is_dialer(),
                    "connection established"
                );
                if !self.members.contains_key(&peer_id) {
                    // The gate refuses these; belt and braces.
                    warn!(peer = %peer_id, "connection from a non-member; closing");
                    let _ = self.swarm.disconnect_peer_id(peer_id);
                } else if num_established.get() == 1 {
                    self.emit(NetEvent::Connected { peer: peer_id.to_base58() });
                }
            }
            SwarmEvent::ConnectionClosed { peer_id, endpoint, num_established, cause, .. } => {
                info!(
                    peer = %peer_id,
                    addr = %endpoint.get_remote_address(),
                    cause = ?cause,
                    "connection closed"
                );
                if num_established == 0 {
                    self.emit(NetEvent::Disconnected { peer: peer_id.to_base58() });
                }
            }
            SwarmEvent::IncomingConnectionError { send_back_addr, error, peer_id, .. } => match error {
                ListenError::Denied { cause } => {
                    info!(peer = ?peer_id, addr = %send_back_addr, %cause, "inbound peer refused by the gate");
                }
                error => debug!(addr = %send_back_addr, %error, "inbound connection failed"),
            },
            SwarmEvent::OutgoingConnectionError { peer_id, error, .. } => match error {
                DialError::Denied { cause } => {
                    info!(peer = ?peer_id, %cause, "outbound peer refused by the gate");
                }
                error => debug!(peer = ?peer_id, %error, "outbound connection failed"),
            },
            SwarmEvent::NewListenAddr { address, .. } => info!(%address, "listening"),
            SwarmEvent::ExpiredListenAddr { address, .. } => {
                info!(%address, "no longer listening")
            }
            SwarmEvent::ListenerClosed { addresses, reason, .. } => warn!(?addresses, ?reason, "listener closed"),
            SwarmEvent::ListenerError { error, .. } => warn!(%error, "listener error"),
            _ => {}
        }
    }

    fn handle_envelope(&mut self, event: request_response::Event<Vec<u8>, Vec<u8>>) {
        match event {
            request_response::Event::Message {
                peer,
                message: request_response::Message::Request { request_id, request, channel },
                ..
            } => self.handle_inbound(peer, request_id, request, channel),
            request_response::Event::Message {
                peer,
                message: request_response::Message::Response { request_id, response },
                ..
            } => {
                if let Some(pending) = self.pending_out.remove(&request_id) {
                    pending.span.in_scope(|| debug!(len = response.len(), "response received"));
                    let _ = pending.reply.send(Ok(response));
                } else {
                    debug!(%peer, %request_id, "response to an unknown request");
                }
            }
            request_response::Event::OutboundFailure { peer, request_id, error, .. } => {
                if let Some(pending) = self.pending_out.remove(&request_id) {
                    pending.span.in_scope(|| info!(%error, "request failed"));
                    let _ = pending.reply.send(Err(self.outbound_error(peer, error)));
                }
            }
            request_response::Event::InboundFailure { peer, request_id, error, .. } => {
                let span = match self.pending_in.remove(&request_id) {
                    Some(pending) => pending.span,
                    None => info_span!("dief_inbound", %peer, %request_id),
                };
                span.in_scope(|| match error {
                    InboundFailure::Io(e) if e.kind() == io::ErrorKind::InvalidData => {
                        warn!(error = %e, "inbound request refused")
                    }
                    InboundFailure::ResponseOmission => debug!("inbound request not answered"),
                    error => info!(%error, "inbound request failed"),
                });
            }
            request_response::Event::ResponseSent { peer, request_id, .. } => {
                debug!(%peer, %request_id, "response sent")
            }
        }
    }

    fn handle_inbound(
        &mut self,
        peer: PeerId,
        request_id: InboundRequestId,
        bytes: Vec<u8>,
        channel: ResponseChannel<Vec<u8>>,
    ) {
        let span = info_span!("dief_inbound", %peer, %request_id);
        let entered = span.enter();
        if !self.members.contains_key(&peer) {
            warn!("request from a non-member; dropped");
            return;
        }
        debug!(len = bytes.len(), "request received");
        let held = match self.rate.take(peer, Instant::now()).and_then(|()| self.ledger.hold(peer, bytes.len())) {
            Ok(held) => held,
            Err(reason) => {
                // Answered at once and the bytes freed: the member backs
                // off and retries, the others are not held up.
                debug!(%reason, "request refused for a budget");
                let answer = (self.busy_answer)(reason);
                if self.swarm.behaviour_mut().envelope.send_response(channel, answer).is_err() {
                    debug!("the refused request's stream is gone");
                }
                return;
            }
        };
        let (reply_tx, reply_rx) = oneshot::channel();
        let inbound = Inbound { peer: peer.to_base58(), bytes, reply: reply_tx, held };
        match self.inbound_tx.try_send(inbound) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => {
                warn!("inbound queue full; request dropped (the remote will retry)");
                return;
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                warn!("nobody reads inbound requests; request dropped");
                return;
            }
        }
        drop(entered);
        self.pending_in.insert(request_id, PendingIn { channel, span: span.clone() });
        let back = self.reply_tx.clone();
        let timeout = self.request_timeout;
        tokio::spawn(
            async move {
                let response = match tokio::time::timeout(timeout, reply_rx).await {
                    Ok(Ok(bytes)) => Some(bytes),
                    Ok(Err(_)) | Err(_) => None,
                };
                // Fails only when the loop is gone.
                let _ = back.send((request_id, response)).await;
            }
            .instrument(span),
        );
    }

    fn learn_addrs(&mut self, peer: PeerId, listen_addrs: Vec<Multiaddr>) {
        let Some(member) = self.members.get_mut(&peer) else {
            debug!(%peer, "identify from a non-member; ignored");
            return;
        };
        let mut learned = Vec::new();
        for addr in listen_addrs {
            if let Some(Protocol::P2p(id)) = addr.iter().last() {
                if id != peer {
                    continue;
                }
            }
            if !member.configured.contains(&addr) && !learned.contains(&addr) {
                learned.push(addr);
            }
            if learned.len() >= MAX_LEARNED_ADDRS {
                break;
            }
        }
        if learned != member.learned {
            debug!(%peer, addrs = ?learned, "addresses learned");
            member.learned = learned;
        }
    }

    pub(super) fn outbound_error(&self, peer: PeerId, error: OutboundFailure) -> NetError {
        let peer = peer.to_base58();
        match error {
            OutboundFailure::DialFailure => NetError::DialFailure { peer },
            OutboundFailure::Timeout => NetError::Timeout { peer },
            OutboundFailure::ConnectionClosed => NetError::ConnectionClosed { peer },
            OutboundFailure::UnsupportedProtocols => NetError::UnsupportedProtocol { peer },
            // Our codec reports an oversized response as invalid data.
            OutboundFailure::Io(e) if e.kind() == io::ErrorKind::InvalidData => {
                NetError::TooLarge { peer, limit: self.max_response_bytes }
            }
            OutboundFailure::Io(e) => NetError::Refused { peer, reason: e.to_string() },
        }
    }

    fn emit(&self, event: NetEvent) {
        match self.events_tx.try_send(event) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(event)) => {
                warn!(?event, "event queue full; event dropped")
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
}
