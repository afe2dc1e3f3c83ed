//! What the network's handle, its event loop and the node share: settings,
//! the inbound request and event types, errors, the commands the handle
//! sends the loop, and parsing of peer ids and multiaddrs.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use libp2p::multiaddr::Protocol;
use libp2p::{identity, Multiaddr, PeerId};
use tokio::sync::oneshot;

/// Protocol name of the envelope request/response protocol.
pub(super) const ENVELOPE_PROTOCOL: &str = "/dief/envelope/1";
/// Protocol name of the chunk request/response protocol (issue 13).
pub(super) const CHUNK_PROTOCOL: &str = "/dief/chunks/1";
/// Largest chunk request (a file id and an index).
pub(super) const MAX_CHUNK_REQUEST_BYTES: usize = 64;
/// Largest chunk response: the largest sealed chunk and a status byte.
pub(super) const MAX_CHUNK_RESPONSE_BYTES: usize = 4 * 1024 * 1024 + 1024;
/// Chunk requests waiting for the node's answer at once; more are dropped
/// (the fetcher retries).
pub(super) const CHUNK_INBOUND_QUEUE: usize = 64;
/// Protocol version announced by identify.
pub(super) const IDENTIFY_PROTOCOL: &str = "/dief/id/1.0.0";
/// Capacity of the command channel from [`Network`] handles to the loop.
pub(super) const COMMAND_QUEUE: usize = 256;
/// Capacity of the [`NetEvent`] channel.
pub(super) const EVENT_QUEUE: usize = 256;
/// Capacity of the channel carrying the node's replies back to the loop.
pub(super) const REPLY_QUEUE: usize = 256;
/// Most outbound requests waiting for an answer (or a dial) at once.
pub(super) const MAX_PENDING_REQUESTS: usize = 1024;
/// Connections with no stream open for this long are closed.
pub(super) const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// Extra time granted on top of the request timeout for dialing.
pub(super) const DIAL_ALLOWANCE: Duration = Duration::from_secs(15);
/// How long [`start`] waits for every listener to report its address.
pub(super) const LISTEN_TIMEOUT: Duration = Duration::from_secs(10);
/// Most identify-learned addresses kept per member.
pub(super) const MAX_LEARNED_ADDRS: usize = 8;
/// Largest initial buffer when reading a frame; it grows as bytes arrive.
pub(super) const INITIAL_READ_CAPACITY: usize = 64 * 1024;

/// Configuration of [`start`].
pub struct NetworkConfig {
    /// Ed25519 secret seed of this node's libp2p identity.
    pub identity_seed: zeroize::Zeroizing<[u8; 32]>,
    /// Multiaddrs to listen on, e.g. `/ip4/127.0.0.1/tcp/4101` or
    /// `/ip4/127.0.0.1/udp/4101/quic-v1` (port 0 picks a free port).
    pub listen: Vec<String>,
    /// Hard limit on an inbound request; a larger one is refused without
    /// being read. Outbound requests above it are refused locally too.
    pub max_request_bytes: usize,
    /// Hard limit on a response (read or written).
    pub max_response_bytes: usize,
    /// Time allowed for a request, once connected, to get its response; also
    /// the time the node has to answer an inbound request.
    pub request_timeout: Duration,
    /// Capacity of the [`Inbound`] channel.
    pub inbound_queue: usize,
    /// Caps on connections, so that neither an outsider opening handshakes
    /// nor a member opening connections can exhaust the node.
    pub connections: ConnectionCaps,
    /// What members' requests may hold of this node.
    pub budgets: crate::core::network::budget::InboundBudgets,
    /// The answer to a request refused for a budget, given the reason: the
    /// node's "busy, retry" refusal (the network does not know its format).
    pub busy_answer: fn(String) -> Vec<u8>,
}

/// Connection caps, enforced by libp2p's connection-limits behaviour (and,
/// per source, `handshakes.rs`) before a connection is used. An outsider's
/// connection is refused by the gate after its Noise handshake, so the
/// pending caps bound how many handshakes it can keep the node busy with,
/// and how many of those slots one address can take from the members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionCaps {
    /// Inbound connections still in their handshake.
    pub pending_incoming: u32,
    /// Of those, from one source address (an IPv4 address or an IPv6 /64).
    pub pending_per_source: u32,
    /// Established connections with one peer (TCP and QUIC, and the
    /// overlap of a redial).
    pub per_peer: u32,
    /// Established connections in all.
    pub total: u32,
}

impl Default for ConnectionCaps {
    /// A Forum of up to 400 members, each on TCP and QUIC.
    fn default() -> Self {
        ConnectionCaps {
            pending_incoming: crate::core::config::PENDING_HANDSHAKES,
            pending_per_source: crate::core::config::DEFAULT_HANDSHAKES_PER_ADDRESS,
            per_peer: 4,
            total: 1024,
        }
    }
}

impl fmt::Debug for NetworkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetworkConfig")
            .field("identity_seed", &"<redacted>")
            .field("listen", &self.listen)
            .field("max_request_bytes", &self.max_request_bytes)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("request_timeout", &self.request_timeout)
            .field("inbound_queue", &self.inbound_queue)
            .field("connections", &self.connections)
            .field("budgets", &self.budgets)
            .finish()
    }
}

/// A member of the roster: who may connect, and where to reach them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Base58 peer id (`12D3KooW...`).
    pub peer_id: String,
    /// Multiaddrs to dial; may be empty (the peer can still dial us).
    pub addrs: Vec<String>,
}

/// A request received from a member.
#[derive(Debug)]
pub struct Inbound {
    /// Base58 peer id of the sender.
    pub peer: String,
    /// The request bytes.
    pub bytes: Vec<u8>,
    /// Send the response here. Dropping it without sending makes the remote
    /// see a failure (it will retry later).
    pub reply: oneshot::Sender<Vec<u8>>,
    /// The request's bytes on the per-peer budget: drop it once answered.
    pub held: crate::core::network::budget::HeldBytes,
}

/// A chunk request (`/dief/chunks/1`) received from a member.
#[derive(Debug)]
pub struct ChunkInbound {
    /// Base58 peer id of the sender.
    pub peer: String,
    pub bytes: Vec<u8>,
    /// The answer; dropping it makes the remote see a failure.
    pub reply: oneshot::Sender<Vec<u8>>,
}

/// Connection changes. Delivered on a bounded channel: when it is full,
/// events are dropped (with a warning).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetEvent {
    /// The first connection to `peer` was established.
    Connected { peer: String },
    /// The last connection to `peer` was closed.
    Disconnected { peer: String },
}

/// Errors of the network.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    #[error("invalid peer id {peer:?}: {reason}")]
    InvalidPeerId { peer: String, reason: String },
    #[error("invalid multiaddr {addr:?}: {reason}")]
    InvalidAddress { addr: String, reason: String },
    #[error("invalid identity seed: {reason}")]
    InvalidIdentity { reason: String },
    #[error("cannot build the transport: {reason}")]
    Transport { reason: String },
    #[error("cannot listen on {addr}: {reason}")]
    Listen { addr: String, reason: String },
    #[error("peer {peer} is not a member")]
    NotMember { peer: String },
    #[error("peer {peer} is the local node")]
    LocalPeer { peer: String },
    #[error("could not connect to peer {peer}")]
    DialFailure { peer: String },
    #[error("request to peer {peer} timed out")]
    Timeout { peer: String },
    #[error("connection to peer {peer} closed before the response")]
    ConnectionClosed { peer: String },
    #[error("peer {peer} refused or failed the request: {reason}")]
    Refused { peer: String, reason: String },
    #[error("message exchanged with peer {peer} exceeds the limit of {limit} bytes")]
    TooLarge { peer: String, limit: usize },
    #[error("peer {peer} does not speak {ENVELOPE_PROTOCOL}")]
    UnsupportedProtocol { peer: String },
    #[error("too many requests in flight")]
    Busy,
    #[error("the network has shut down")]
    Shutdown,
}

/// Base58 peer id of the identity derived from `identity_seed`.
///
/// A 32-byte seed is always a valid Ed25519 secret key, so this cannot fail
/// in practice; should libp2p ever reject it, the empty string is returned,
/// which is not a valid peer id anywhere.
pub fn peer_id_of(identity_seed: &[u8; 32]) -> String {
    match keypair_from_seed(identity_seed) {
        Ok(keypair) => keypair.public().to_peer_id().to_base58(),
        Err(_) => String::new(),
    }
}

pub(super) fn keypair_from_seed(seed: &[u8; 32]) -> Result<identity::Keypair, NetError> {
    // libp2p zeroizes the buffer it is given: hand it a copy.
    let mut copy = zeroize::Zeroizing::new(*seed);
    identity::Keypair::ed25519_from_bytes(&mut copy[..])
        .map_err(|e| NetError::InvalidIdentity { reason: e.to_string() })
}

pub(super) fn parse_peer(peer: &str) -> Result<PeerId, NetError> {
    PeerId::from_str(peer).map_err(|e| NetError::InvalidPeerId { peer: peer.to_owned(), reason: e.to_string() })
}

pub(super) fn parse_addr(addr: &str) -> Result<Multiaddr, NetError> {
    Multiaddr::from_str(addr).map_err(|e| NetError::InvalidAddress { addr: addr.to_owned(), reason: e.to_string() })
}

/// Parses a member's address; a trailing `/p2p/<id>` must name the member.
pub(super) fn parse_member_addr(peer: &PeerId, addr: &str) -> Result<Multiaddr, NetError> {
    let parsed = parse_addr(addr)?;
    if let Some(Protocol::P2p(id)) = parsed.iter().last() {
        if id != *peer {
            return Err(NetError::InvalidAddress {
                addr: addr.to_owned(),
                reason: format!("names peer {id}, not member {peer}"),
            });
        }
    }
    Ok(parsed)
}

/// The chunk protocol's part of the event loop's state.
pub(super) struct ChunkState {
    pub(super) inbound_tx: tokio::sync::mpsc::Sender<ChunkInbound>,
    pub(super) reply_tx: tokio::sync::mpsc::Sender<(libp2p::request_response::InboundRequestId, Option<Vec<u8>>)>,
    pub(super) reply_rx: tokio::sync::mpsc::Receiver<(libp2p::request_response::InboundRequestId, Option<Vec<u8>>)>,
    pub(super) pending_out:
        HashMap<libp2p::request_response::OutboundRequestId, oneshot::Sender<Result<Vec<u8>, NetError>>>,
    pub(super) pending_in:
        HashMap<libp2p::request_response::InboundRequestId, libp2p::request_response::ResponseChannel<Vec<u8>>>,
}

impl ChunkState {
    /// The state, and the receiver of the chunk requests for the node.
    pub(super) fn new() -> (ChunkState, tokio::sync::mpsc::Receiver<ChunkInbound>) {
        let (inbound_tx, inbound_rx) = tokio::sync::mpsc::channel(CHUNK_INBOUND_QUEUE);
        let (reply_tx, reply_rx) = tokio::sync::mpsc::channel(CHUNK_INBOUND_QUEUE);
        let state =
            ChunkState { inbound_tx, reply_tx, reply_rx, pending_out: HashMap::new(), pending_in: HashMap::new() };
        (state, inbound_rx)
    }
}

pub(super) enum Command {
    ListenAddrs(oneshot::Sender<Vec<String>>),
    SetMembers { members: HashMap<PeerId, Vec<Multiaddr>>, reply: oneshot::Sender<()> },
    Request { peer: PeerId, bytes: Vec<u8>, reply: oneshot::Sender<Result<Vec<u8>, NetError>> },
    ChunkRequest { peer: PeerId, bytes: Vec<u8>, reply: oneshot::Sender<Result<Vec<u8>, NetError>> },
    DialAll(oneshot::Sender<()>),
    ConnectedPeers(oneshot::Sender<Vec<String>>),
    Shutdown(oneshot::Sender<()>),
}
