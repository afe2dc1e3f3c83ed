//! The libp2p network: direct, authenticated connections between the nodes
//! of the roster, carrying opaque request/response byte strings (the
//! encrypted envelopes are built elsewhere).
//!
//! This is the only module of the project that imports `libp2p`; its public
//! API speaks in `String`s: peer ids are base58 (`12D3KooW...`) and
//! addresses are multiaddrs (`/ip4/127.0.0.1/tcp/4101`), parsed here with
//! typed errors.
//!
//! Shape: [`start`] builds a swarm (TCP + Noise + Yamux, and QUIC v1) and
//! spawns one event loop task that owns it. [`Network`] is a cheap, cloneable
//! handle that talks to the loop through a bounded command channel. Inbound
//! requests come out of a bounded [`Inbound`] channel, connection changes out
//! of a bounded [`NetEvent`] channel; the loop never blocks on either (when
//! one is full, the item is dropped with a warning).
//!
//! The gate: an allow-list of roster members ([`Network::set_members`]).
//! Connections to or from anyone else are refused, in both directions, and
//! removing a peer from the list closes its connections at once.
//!
//! Wire format of the request/response protocol `/dief/envelope/1`: one
//! frame per stream direction, a `u32` big-endian length then the bytes.
//! A length over the configured limit is refused before anything is
//! allocated or read.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::str::FromStr;
use std::time::Duration;

use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, StreamExt};
use libp2p::multiaddr::Protocol;
use libp2p::request_response::{
    self, InboundFailure, InboundRequestId, OutboundFailure, OutboundRequestId, ProtocolSupport, ResponseChannel,
};
use libp2p::swarm::dial_opts::{DialOpts, PeerCondition};
use libp2p::swarm::{DialError, ListenError, NetworkBehaviour, SwarmEvent};
use libp2p::{allow_block_list, identify, identity, noise, ping, tcp, yamux, Multiaddr, PeerId, StreamProtocol, Swarm};
use tokio::sync::{mpsc, oneshot};
use tracing::{debug, info, info_span, warn, Instrument, Span};

/// Protocol name of the envelope request/response protocol.
const ENVELOPE_PROTOCOL: &str = "/dief/envelope/1";
/// Protocol version announced by identify.
const IDENTIFY_PROTOCOL: &str = "/dief/id/1.0.0";
/// Capacity of the command channel from [`Network`] handles to the loop.
const COMMAND_QUEUE: usize = 256;
/// Capacity of the [`NetEvent`] channel.
const EVENT_QUEUE: usize = 256;
/// Capacity of the channel carrying the node's replies back to the loop.
const REPLY_QUEUE: usize = 256;
/// Most outbound requests waiting for an answer (or a dial) at once.
const MAX_PENDING_REQUESTS: usize = 1024;
/// Connections with no stream open for this long are closed.
const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// Extra time granted on top of the request timeout for dialing.
const DIAL_ALLOWANCE: Duration = Duration::from_secs(15);
/// How long [`start`] waits for every listener to report its address.
const LISTEN_TIMEOUT: Duration = Duration::from_secs(10);
/// Most identify-learned addresses kept per member.
const MAX_LEARNED_ADDRS: usize = 8;
/// Largest initial buffer when reading a frame; it grows as bytes arrive.
const INITIAL_READ_CAPACITY: usize = 64 * 1024;

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

fn keypair_from_seed(seed: &[u8; 32]) -> Result<identity::Keypair, NetError> {
    // libp2p zeroizes the buffer it is given: hand it a copy.
    let mut copy = zeroize::Zeroizing::new(*seed);
    identity::Keypair::ed25519_from_bytes(&mut copy[..])
        .map_err(|e| NetError::InvalidIdentity { reason: e.to_string() })
}

fn parse_peer(peer: &str) -> Result<PeerId, NetError> {
    PeerId::from_str(peer).map_err(|e| NetError::InvalidPeerId { peer: peer.to_owned(), reason: e.to_string() })
}

fn parse_addr(addr: &str) -> Result<Multiaddr, NetError> {
    Multiaddr::from_str(addr).map_err(|e| NetError::InvalidAddress { addr: addr.to_owned(), reason: e.to_string() })
}

/// Parses a member's address; a trailing `/p2p/<id>` must name the member.
fn parse_member_addr(peer: &PeerId, addr: &str) -> Result<Multiaddr, NetError> {
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

/// Starts the network: binds every listen address (waiting until each has
/// reported its actual address), then spawns the event loop.
///
/// Returns the handle, the inbound requests and the connection events.
/// Nobody may connect until [`Network::set_members`] is called.
pub async fn start(
    config: NetworkConfig,
) -> Result<(Network, mpsc::Receiver<Inbound>, mpsc::Receiver<NetEvent>), NetError> {
    let keypair = keypair_from_seed(&config.identity_seed)?;
    let local_peer_id = keypair.public().to_peer_id();
    let listen = config.listen.iter().map(|a| parse_addr(a).map(|m| (a.clone(), m))).collect::<Result<Vec<_>, _>>()?;

    let codec =
        EnvelopeCodec { max_request_bytes: config.max_request_bytes, max_response_bytes: config.max_response_bytes };
    let request_timeout = config.request_timeout;
    let mut swarm = libp2p::SwarmBuilder::with_existing_identity(keypair)
        .with_tokio()
        .with_tcp(tcp::Config::default(), noise::Config::new, yamux::Config::default)
        .map_err(|e| NetError::Transport { reason: e.to_string() })?
        .with_quic()
        .with_behaviour(|key| Behaviour {
            gate: allow_block_list::Behaviour::default(),
            identify: identify::Behaviour::new(
                identify::Config::new(IDENTIFY_PROTOCOL.to_owned(), key.public())
                    .with_agent_version(format!("dief/{}", env!("CARGO_PKG_VERSION")))
                    // Our address book is ours: identify must not feed
                    // addresses to other behaviours behind our back.
                    .with_cache_size(0),
            ),
            ping: ping::Behaviour::default(),
            envelope: request_response::Behaviour::with_codec(
                codec,
                [(StreamProtocol::new(ENVELOPE_PROTOCOL), ProtocolSupport::Full)],
                request_response::Config::default().with_request_timeout(request_timeout),
            ),
        })
        .map_err(|e| NetError::Transport { reason: e.to_string() })?
        .with_swarm_config(|c| c.with_idle_connection_timeout(IDLE_CONNECTION_TIMEOUT))
        .build();

    let mut waiting = HashMap::new();
    for (text, addr) in listen {
        let id = swarm.listen_on(addr).map_err(|e| NetError::Listen { addr: text.clone(), reason: e.to_string() })?;
        waiting.insert(id, text);
    }
    let bound = tokio::time::timeout(LISTEN_TIMEOUT, async {
        while !waiting.is_empty() {
            match swarm.select_next_some().await {
                SwarmEvent::NewListenAddr { listener_id, address } => {
                    info!(%address, "listening");
                    waiting.remove(&listener_id);
                }
                SwarmEvent::ListenerClosed { listener_id, reason, .. } => {
                    if let Some(addr) = waiting.remove(&listener_id) {
                        let reason = match reason {
                            Ok(()) => "listener closed".to_owned(),
                            Err(e) => e.to_string(),
                        };
                        return Err(NetError::Listen { addr, reason });
                    }
                }
                SwarmEvent::ListenerError { listener_id, error } => {
                    if let Some(addr) = waiting.remove(&listener_id) {
                        return Err(NetError::Listen { addr, reason: error.to_string() });
                    }
                }
                other => debug!(event = ?other, "swarm event while binding"),
            }
        }
        Ok(())
    })
    .await;
    match bound {
        Ok(result) => result?,
        Err(_) => {
            return Err(NetError::Listen {
                addr: waiting.into_values().collect::<Vec<_>>().join(", "),
                reason: "no address reported in time".to_owned(),
            })
        }
    }

    let (cmd_tx, cmd_rx) = mpsc::channel(COMMAND_QUEUE);
    let (inbound_tx, inbound_rx) = mpsc::channel(config.inbound_queue.max(1));
    let (events_tx, events_rx) = mpsc::channel(EVENT_QUEUE);
    let (reply_tx, reply_rx) = mpsc::channel(REPLY_QUEUE);
    let event_loop = EventLoop {
        swarm,
        local_peer_id,
        cmd_rx,
        reply_tx,
        reply_rx,
        inbound_tx,
        events_tx,
        members: HashMap::new(),
        pending_out: HashMap::new(),
        pending_in: HashMap::new(),
        max_request_bytes: config.max_request_bytes,
        max_response_bytes: config.max_response_bytes,
        request_timeout,
    };
    tokio::spawn(event_loop.run().instrument(info_span!("dief_network", local = %local_peer_id)));

    let network = Network {
        cmd_tx,
        local_peer_id: local_peer_id.to_base58(),
        request_deadline: request_timeout.saturating_add(DIAL_ALLOWANCE),
    };
    Ok((network, inbound_rx, events_rx))
}

/// Handle on the running network. Cheap to clone; all clones drive the same
/// event loop.
#[derive(Clone, Debug)]
pub struct Network {
    cmd_tx: mpsc::Sender<Command>,
    local_peer_id: String,
    request_deadline: Duration,
}

impl Network {
    /// Base58 peer id of this node.
    pub fn local_peer_id(&self) -> &str {
        &self.local_peer_id
    }

    /// Addresses actually bound (port 0 resolved).
    pub async fn listen_addrs(&self) -> Result<Vec<String>, NetError> {
        self.ask(Command::ListenAddrs).await
    }

    /// Replaces the allow-list with `members`. Peers no longer on it are
    /// disconnected at once; the addresses are used to dial members. The
    /// local peer, if listed, is ignored. Any invalid entry rejects the whole
    /// list (and leaves the previous one in force).
    pub async fn set_members(&self, members: Vec<Member>) -> Result<(), NetError> {
        let mut parsed = HashMap::with_capacity(members.len());
        for member in members {
            let peer = parse_peer(&member.peer_id)?;
            let addrs = member.addrs.iter().map(|a| parse_member_addr(&peer, a)).collect::<Result<Vec<_>, _>>()?;
            let entry: &mut Vec<Multiaddr> = parsed.entry(peer).or_default();
            for addr in addrs {
                if !entry.contains(&addr) {
                    entry.push(addr);
                }
            }
        }
        self.ask(|reply| Command::SetMembers { members: parsed, reply }).await
    }

    /// Sends `bytes` to `peer` and waits for its response, dialing the peer
    /// with its member addresses if not connected.
    pub async fn request(&self, peer: &str, bytes: Vec<u8>) -> Result<Vec<u8>, NetError> {
        let span = info_span!("dief_request_call", peer = %peer, len = bytes.len());
        async {
            let peer_id = parse_peer(peer)?;
            let (tx, rx) = oneshot::channel();
            self.cmd_tx
                .send(Command::Request { peer: peer_id, bytes, reply: tx })
                .await
                .map_err(|_| NetError::Shutdown)?;
            match tokio::time::timeout(self.request_deadline, rx).await {
                Ok(Ok(result)) => result,
                Ok(Err(_)) => Err(NetError::Shutdown),
                Err(_) => Err(NetError::Timeout { peer: peer.to_owned() }),
            }
        }
        .instrument(span)
        .await
    }

    /// Dials every member that is not connected (nor being dialed). Returns
    /// once the dials are started, not when they complete.
    pub async fn dial_all(&self) -> Result<(), NetError> {
        self.ask(Command::DialAll).await
    }

    /// Peers with at least one open connection.
    pub async fn connected_peers(&self) -> Result<Vec<String>, NetError> {
        self.ask(Command::ConnectedPeers).await
    }

    /// Stops the event loop: listeners and connections are closed, pending
    /// requests fail with [`NetError::Shutdown`]. Returns when done (at once
    /// if already stopped).
    pub async fn shutdown(&self) {
        let (tx, rx) = oneshot::channel();
        if self.cmd_tx.send(Command::Shutdown(tx)).await.is_ok() {
            // An error means the loop is gone already: done either way.
            let _ = rx.await;
        }
    }

    async fn ask<T>(&self, command: impl FnOnce(oneshot::Sender<T>) -> Command) -> Result<T, NetError> {
        let (tx, rx) = oneshot::channel();
        self.cmd_tx.send(command(tx)).await.map_err(|_| NetError::Shutdown)?;
        rx.await.map_err(|_| NetError::Shutdown)
    }
}

enum Command {
    ListenAddrs(oneshot::Sender<Vec<String>>),
    SetMembers { members: HashMap<PeerId, Vec<Multiaddr>>, reply: oneshot::Sender<()> },
    Request { peer: PeerId, bytes: Vec<u8>, reply: oneshot::Sender<Result<Vec<u8>, NetError>> },
    DialAll(oneshot::Sender<()>),
    ConnectedPeers(oneshot::Sender<Vec<String>>),
    Shutdown(oneshot::Sender<()>),
}

#[derive(NetworkBehaviour)]
struct Behaviour {
    gate: allow_block_list::Behaviour<allow_block_list::AllowedPeers>,
    identify: identify::Behaviour,
    ping: ping::Behaviour,
    envelope: request_response::Behaviour<EnvelopeCodec>,
}

/// Addresses of one member: from the roster, and learned through identify.
#[derive(Default)]
struct MemberAddrs {
    configured: Vec<Multiaddr>,
    learned: Vec<Multiaddr>,
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

struct PendingOut {
    reply: oneshot::Sender<Result<Vec<u8>, NetError>>,
    span: Span,
}

struct PendingIn {
    channel: ResponseChannel<Vec<u8>>,
    span: Span,
}

struct EventLoop {
    swarm: Swarm<Behaviour>,
    local_peer_id: PeerId,
    cmd_rx: mpsc::Receiver<Command>,
    /// Cloned into the tasks that wait for the node's replies.
    reply_tx: mpsc::Sender<(InboundRequestId, Option<Vec<u8>>)>,
    reply_rx: mpsc::Receiver<(InboundRequestId, Option<Vec<u8>>)>,
    inbound_tx: mpsc::Sender<Inbound>,
    events_tx: mpsc::Sender<NetEvent>,
    members: HashMap<PeerId, MemberAddrs>,
    pending_out: HashMap<OutboundRequestId, PendingOut>,
    pending_in: HashMap<InboundRequestId, PendingIn>,
    max_request_bytes: usize,
    max_response_bytes: usize,
    request_timeout: Duration,
}

impl EventLoop {
    async fn run(mut self) {
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
    fn check_request(&mut self, peer: &PeerId, len: usize) -> Result<Vec<Multiaddr>, NetError> {
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
        let (reply_tx, reply_rx) = oneshot::channel();
        let inbound = Inbound { peer: peer.to_base58(), bytes, reply: reply_tx };
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

    fn outbound_error(&self, peer: PeerId, error: OutboundFailure) -> NetError {
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

/// Length-prefixed frames with hard limits, for `/dief/envelope/1`.
#[derive(Clone, Debug)]
struct EnvelopeCodec {
    max_request_bytes: usize,
    max_response_bytes: usize,
}

async fn read_frame<T>(io: &mut T, limit: usize) -> io::Result<Vec<u8>>
where
    T: AsyncRead + Unpin + Send,
{
    let mut prefix = [0u8; 4];
    io.read_exact(&mut prefix).await?;
    let len = u32::from_be_bytes(prefix);
    let len = usize::try_from(len).ok().filter(|len| *len <= limit).ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidData, format!("frame of {len} bytes exceeds the limit of {limit}"))
    })?;
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

async fn write_frame<T>(io: &mut T, bytes: &[u8], limit: usize) -> io::Result<()>
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
        read_frame(io, self.max_request_bytes).await
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;
    use tokio::time::timeout;

    const WAIT: Duration = Duration::from_secs(20);

    fn config(seed: u8, listen: &[&str]) -> NetworkConfig {
        NetworkConfig {
            identity_seed: zeroize::Zeroizing::new([seed; 32]),
            listen: listen.iter().map(|s| s.to_string()).collect(),
            max_request_bytes: 16 * 1024 * 1024,
            max_response_bytes: 64 * 1024,
            request_timeout: Duration::from_secs(5),
            inbound_queue: 16,
        }
    }

    const TCP: &[&str] = &["/ip4/127.0.0.1/tcp/0"];
    const QUIC: &[&str] = &["/ip4/127.0.0.1/udp/0/quic-v1"];

    struct Node {
        net: Network,
        inbound: Option<mpsc::Receiver<Inbound>>,
        events: mpsc::Receiver<NetEvent>,
        addrs: Vec<String>,
    }

    impl Node {
        async fn start(config: NetworkConfig) -> Node {
            let (net, inbound, events) = start(config).await.expect("start");
            let addrs = net.listen_addrs().await.expect("addrs");
            assert!(!addrs.is_empty());
            Node { net, inbound: Some(inbound), events, addrs }
        }

        fn member(&self) -> Member {
            Member { peer_id: self.net.local_peer_id().to_owned(), addrs: self.addrs.clone() }
        }

        fn id(&self) -> String {
            self.net.local_peer_id().to_owned()
        }

        /// Answers every request with "re:" + request.
        fn serve(&mut self) {
            let mut inbound = self.inbound.take().expect("inbound");
            tokio::spawn(async move {
                while let Some(req) = inbound.recv().await {
                    let mut out = b"re:".to_vec();
                    out.extend_from_slice(&req.bytes);
                    let _ = req.reply.send(out);
                }
            });
        }
    }

    async fn pair(listen: &[&str]) -> (Node, Node) {
        let a = Node::start(config(1, listen)).await;
        let b = Node::start(config(2, listen)).await;
        a.net.set_members(vec![b.member()]).await.expect("members");
        b.net.set_members(vec![a.member()]).await.expect("members");
        (a, b)
    }

    async fn request_until_ok(from: &Network, to: &str, bytes: &[u8]) -> Vec<u8> {
        let deadline = Instant::now() + WAIT;
        loop {
            match from.request(to, bytes.to_vec()).await {
                Ok(r) => return r,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("retrying after: {e}");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("request never succeeded: {e}"),
            }
        }
    }

    #[test]
    fn peer_id_is_stable_and_base58() {
        let id = peer_id_of(&[7; 32]);
        assert!(id.starts_with("12D3KooW"), "{id}");
        assert_eq!(id, peer_id_of(&[7; 32]));
        assert_ne!(id, peer_id_of(&[8; 32]));
    }

    /// The roster names nodes by a PeerId that dief-protocol computes
    /// without libp2p; it must be the one libp2p derives from the same key.
    #[test]
    fn protocol_and_libp2p_agree_on_peer_ids() {
        for seed in [[0u8; 32], [7; 32], [0xff; 32]] {
            let ours = dief_protocol::IdentityKeypair::from_seed(&seed).expect("seed").public().peer_id();
            assert_eq!(ours, peer_id_of(&seed));
        }
    }

    #[tokio::test]
    async fn boundary_errors_are_typed() {
        let a = Node::start(config(1, TCP)).await;
        let err = a.net.request("not-a-peer", vec![]).await.expect_err("must fail");
        assert!(matches!(err, NetError::InvalidPeerId { .. }), "{err}");
        let b = peer_id_of(&[2; 32]);
        let err = a
            .net
            .set_members(vec![Member { peer_id: b.clone(), addrs: vec!["/ip4/nonsense".into()] }])
            .await
            .expect_err("must fail");
        assert!(matches!(err, NetError::InvalidAddress { .. }), "{err}");
        let other = peer_id_of(&[3; 32]);
        let err = a
            .net
            .set_members(vec![Member { peer_id: b, addrs: vec![format!("/ip4/127.0.0.1/tcp/1/p2p/{other}")] }])
            .await
            .expect_err("must fail");
        assert!(matches!(err, NetError::InvalidAddress { .. }), "{err}");
        let err = start(config(4, &["/dns/nowhere/tcp/0"])).await.expect_err("must fail");
        assert!(matches!(err, NetError::Listen { .. }), "{err}");
        let err = a.net.request(&a.id(), vec![]).await.expect_err("must fail");
        assert!(matches!(err, NetError::LocalPeer { .. }), "{err}");
        a.net.shutdown().await;
        let err = a.net.connected_peers().await.expect_err("must fail");
        assert!(matches!(err, NetError::Shutdown), "{err}");
    }

    async fn round_trip(listen: &[&str]) {
        let (mut a, mut b) = pair(listen).await;
        b.serve();
        a.serve();
        let reply = timeout(WAIT, a.net.request(&b.id(), b"hello".to_vec())).await.expect("in time").expect("reply");
        assert_eq!(reply, b"re:hello");
        // And back over the same connection.
        let reply = timeout(WAIT, b.net.request(&a.id(), b"hi".to_vec())).await.expect("in time").expect("reply");
        assert_eq!(reply, b"re:hi");
        let connected = a.net.connected_peers().await.expect("peers");
        assert_eq!(connected, vec![b.id()]);
        let event = timeout(WAIT, a.events.recv()).await.expect("in time");
        assert_eq!(event, Some(NetEvent::Connected { peer: b.id() }));
        a.net.shutdown().await;
        b.net.shutdown().await;
    }

    #[tokio::test]
    async fn request_response_over_tcp() {
        round_trip(TCP).await;
    }

    #[tokio::test]
    async fn request_response_over_quic() {
        round_trip(QUIC).await;
    }

    #[tokio::test]
    async fn dial_all_connects_members() {
        let (a, b) = pair(QUIC).await;
        a.net.dial_all().await.expect("dial");
        timeout(WAIT, async {
            while b.net.connected_peers().await.expect("peers") != vec![a.id()] {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("connected in time");
    }

    #[tokio::test]
    async fn non_members_are_refused_both_ways() {
        for listen in [TCP, QUIC] {
            let (mut a, mut b) = pair(listen).await;
            b.serve();
            let c = Node::start(config(3, listen)).await;
            c.net.set_members(vec![a.member()]).await.expect("members");

            let result = timeout(WAIT, c.net.request(&a.id(), b"let me in".to_vec())).await.expect("in time");
            eprintln!("expected failure: {result:?}");
            assert!(result.is_err(), "{result:?}");

            let err = a.net.request(&c.id(), b"x".to_vec()).await.expect_err("must fail");
            assert!(matches!(err, NetError::NotMember { .. }), "{err}");

            // A still works with its member, and never saw C's request.
            let reply = timeout(WAIT, a.net.request(&b.id(), b"ok".to_vec())).await.expect("in time").expect("reply");
            assert_eq!(reply, b"re:ok");
            let mut inbound = a.inbound.take().expect("inbound");
            assert!(inbound.try_recv().is_err());
            assert!(!a.net.connected_peers().await.expect("peers").contains(&c.id()));
            for n in [&a, &b, &c] {
                n.net.shutdown().await;
            }
        }
    }

    #[tokio::test]
    async fn removed_member_is_disconnected() {
        let (mut a, mut b) = pair(TCP).await;
        a.serve();
        b.serve();
        let reply = timeout(WAIT, b.net.request(&a.id(), b"x".to_vec())).await.expect("in time").expect("reply");
        assert_eq!(reply, b"re:x");
        assert_eq!(timeout(WAIT, a.events.recv()).await.expect("in time"), Some(NetEvent::Connected { peer: b.id() }));

        a.net.set_members(vec![]).await.expect("members");
        assert_eq!(
            timeout(WAIT, a.events.recv()).await.expect("in time"),
            Some(NetEvent::Disconnected { peer: b.id() })
        );
        timeout(Duration::from_secs(5), async {
            while b.net.connected_peers().await.expect("peers").contains(&a.id()) {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("B disconnected in time");

        let result = timeout(WAIT, b.net.request(&a.id(), b"again".to_vec())).await.expect("in time");
        eprintln!("expected failure: {result:?}");
        assert!(result.is_err(), "{result:?}");
        let err = a.net.request(&b.id(), b"x".to_vec()).await.expect_err("must fail");
        assert!(matches!(err, NetError::NotMember { .. }), "{err}");
    }

    #[tokio::test]
    async fn oversized_request_is_refused_and_receiver_survives() {
        for listen in [TCP, QUIC] {
            let a = Node::start(config(1, listen)).await;
            let mut b_config = config(2, listen);
            b_config.max_request_bytes = 1024;
            let mut b = Node::start(b_config).await;
            a.net.set_members(vec![b.member()]).await.expect("members");
            b.net.set_members(vec![a.member()]).await.expect("members");
            let mut inbound = b.inbound.take().expect("inbound");

            let result = timeout(WAIT, a.net.request(&b.id(), vec![7; 1024 * 1024])).await.expect("in time");
            eprintln!("expected failure: {result:?}");
            assert!(result.is_err(), "{result:?}");
            assert!(inbound.try_recv().is_err());

            // Exactly at the limit is fine.
            let server = tokio::spawn(async move {
                let req = inbound.recv().await.expect("request");
                assert_eq!(req.bytes.len(), 1024);
                req.reply.send(b"fine".to_vec()).expect("reply");
            });
            let reply = timeout(WAIT, a.net.request(&b.id(), vec![1; 1024])).await.expect("in time").expect("reply");
            assert_eq!(reply, b"fine");
            server.await.expect("server");

            // A sender refuses locally what exceeds its own limit.
            let err = b.net.request(&a.id(), vec![0; 1025]).await.expect_err("must fail");
            assert!(matches!(err, NetError::TooLarge { .. }), "{err}");
            a.net.shutdown().await;
            b.net.shutdown().await;
        }
    }

    #[tokio::test]
    async fn oversized_or_missing_reply_fails_the_request() {
        let (a, mut b) = pair(TCP).await;
        let mut inbound = b.inbound.take().expect("inbound");
        tokio::spawn(async move {
            while let Some(req) = inbound.recv().await {
                match req.bytes.as_slice() {
                    b"big" => {
                        let _ = req.reply.send(vec![0; 64 * 1024 + 1]);
                    }
                    b"drop" => drop(req.reply),
                    _ => {
                        let _ = req.reply.send(b"ok".to_vec());
                    }
                }
            }
        });
        for what in [&b"big"[..], b"drop"] {
            let result = timeout(WAIT, a.net.request(&b.id(), what.to_vec())).await.expect("in time");
            eprintln!("expected failure: {result:?}");
            assert!(result.is_err(), "{result:?}");
        }
        let reply = timeout(WAIT, a.net.request(&b.id(), b"x".to_vec())).await.expect("in time").expect("reply");
        assert_eq!(reply, b"ok");
    }

    #[tokio::test]
    async fn restarted_peer_is_reachable_again() {
        let (mut a, mut b) = pair(TCP).await;
        a.serve();
        b.serve();
        let reply = timeout(WAIT, a.net.request(&b.id(), b"1".to_vec())).await.expect("in time").expect("reply");
        assert_eq!(reply, b"re:1");

        let b_addrs = b.addrs.clone();
        b.net.shutdown().await;
        let result = timeout(WAIT, a.net.request(&b.id(), b"2".to_vec())).await.expect("in time");
        eprintln!("expected failure: {result:?}");
        assert!(result.is_err(), "{result:?}");

        let listen: Vec<&str> = b_addrs.iter().map(String::as_str).collect();
        let mut b2 = Node::start(config(2, &listen)).await;
        assert_eq!(b2.addrs, b_addrs);
        b2.net.set_members(vec![a.member()]).await.expect("members");
        b2.serve();
        let reply = request_until_ok(&a.net, &b2.id(), b"3").await;
        assert_eq!(reply, b"re:3");

        // And the restarted node can announce itself.
        b2.net.dial_all().await.expect("dial");
        a.net.shutdown().await;
        b2.net.shutdown().await;
    }
}
