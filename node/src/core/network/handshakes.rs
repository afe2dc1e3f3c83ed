//! Pending inbound handshakes per source address (issue 11, bounded peers).
//!
//! Before its Noise handshake a connection is only an address: the gate
//! cannot tell a member from an outsider, so libp2p's connection limits cap
//! the pending handshakes in all. That cap alone lets one outsider fill every
//! slot with connections it never finishes, and keep each member's new
//! connection out until they time out. This behaviour caps the handshakes
//! pending from one source (an IPv4 address, or an IPv6 /64, what one host
//! or one customer network holds), so one source takes at most a few of the
//! slots and a member at another address still gets in.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::net::IpAddr;
use std::task::{Context, Poll};

use libp2p::core::transport::PortUse;
use libp2p::core::Endpoint;
use libp2p::multiaddr::Protocol;
use libp2p::swarm::behaviour::ListenFailure;
use libp2p::swarm::{
    dummy, ConnectionDenied, ConnectionId, FromSwarm, NetworkBehaviour, THandler, THandlerInEvent, THandlerOutEvent,
    ToSwarm,
};
use libp2p::{Multiaddr, PeerId};

/// Where a connection comes from, as far as the cap is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Source {
    V4([u8; 4]),
    /// The first 64 bits: one host is given a whole /64.
    V6([u8; 8]),
    /// An address with no IP (not used by our transports): one shared bucket.
    Other,
}

impl Source {
    fn of(addr: &Multiaddr) -> Source {
        match addr.iter().next() {
            Some(Protocol::Ip4(ip)) => Source::V4(ip.octets()),
            Some(Protocol::Ip6(ip)) => match ip.to_ipv4_mapped() {
                Some(v4) => Source::V4(v4.octets()),
                None => {
                    let o = ip.octets();
                    Source::V6([o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7]])
                }
            },
            _ => Source::Other,
        }
    }
}

/// Refusal of a handshake over the per-source cap.
#[derive(Debug)]
struct TooManyFromSource {
    source: Source,
    limit: u32,
}

impl fmt::Display for TooManyFromSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match self.source {
            Source::V4(o) => IpAddr::from(o).to_string(),
            Source::V6(p) => {
                let mut o = [0u8; 16];
                o[..8].copy_from_slice(&p);
                format!("{}/64", IpAddr::from(o))
            }
            Source::Other => "an address with no IP".to_string(),
        };
        write!(f, "{} handshakes already pending from {source}", self.limit)
    }
}

impl std::error::Error for TooManyFromSource {}

/// The behaviour: counts pending inbound connections per [`Source`] and
/// denies one over `limit`.
pub(super) struct PendingPerSource {
    limit: u32,
    pending: HashMap<ConnectionId, Source>,
    per_source: HashMap<Source, u32>,
}

impl fmt::Debug for PendingPerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingPerSource")
            .field("limit", &self.limit)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl PendingPerSource {
    pub(super) fn new(limit: u32) -> Self {
        PendingPerSource { limit, pending: HashMap::new(), per_source: HashMap::new() }
    }

    fn admit(&mut self, id: ConnectionId, remote: &Multiaddr) -> Result<(), TooManyFromSource> {
        let source = Source::of(remote);
        let count = self.per_source.entry(source).or_insert(0);
        if *count >= self.limit {
            return Err(TooManyFromSource { source, limit: self.limit });
        }
        *count += 1;
        self.pending.insert(id, source);
        Ok(())
    }

    /// The handshake ended (established, failed or denied elsewhere).
    fn done(&mut self, id: ConnectionId) {
        let Some(source) = self.pending.remove(&id) else { return };
        if let Some(count) = self.per_source.get_mut(&source) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.per_source.remove(&source);
            }
        }
    }
}

impl NetworkBehaviour for PendingPerSource {
    type ConnectionHandler = dummy::ConnectionHandler;
    type ToSwarm = Infallible;

    fn handle_pending_inbound_connection(
        &mut self,
        connection_id: ConnectionId,
        _local: &Multiaddr,
        remote: &Multiaddr,
    ) -> Result<(), ConnectionDenied> {
        self.admit(connection_id, remote).map_err(|e| {
            tracing::debug!(%remote, reason = %e, "inbound handshake refused");
            ConnectionDenied::new(e)
        })
    }

    fn handle_established_inbound_connection(
        &mut self,
        connection_id: ConnectionId,
        _peer: PeerId,
        _local: &Multiaddr,
        _remote: &Multiaddr,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        self.done(connection_id);
        Ok(dummy::ConnectionHandler)
    }

    fn handle_established_outbound_connection(
        &mut self,
        _connection_id: ConnectionId,
        _peer: PeerId,
        _addr: &Multiaddr,
        _role: Endpoint,
        _port_use: PortUse,
    ) -> Result<THandler<Self>, ConnectionDenied> {
        Ok(dummy::ConnectionHandler)
    }

    fn on_swarm_event(&mut self, event: FromSwarm) {
        // A handshake that failed, timed out or was denied by another
        // behaviour after this one admitted it.
        if let FromSwarm::ListenFailure(ListenFailure { connection_id, .. }) = event {
            self.done(connection_id);
        }
    }

    fn on_connection_handler_event(&mut self, _peer: PeerId, _id: ConnectionId, event: THandlerOutEvent<Self>) {
        match event {}
    }

    fn poll(&mut self, _cx: &mut Context<'_>) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> Multiaddr {
        s.parse().expect("multiaddr")
    }

    #[test]
    fn one_source_takes_at_most_its_share_and_gets_it_back() {
        let mut b = PendingPerSource::new(2);
        let outsider = addr("/ip4/10.0.0.9/tcp/5000");
        let (c1, c2, c3) =
            (ConnectionId::new_unchecked(1), ConnectionId::new_unchecked(2), ConnectionId::new_unchecked(3));
        b.admit(c1, &outsider).expect("first");
        b.admit(c2, &outsider).expect("second");
        let refused = b.admit(c3, &outsider).expect_err("a third from one address");
        assert_eq!(refused.to_string(), "2 handshakes already pending from 10.0.0.9");
        // Another address is not affected.
        b.admit(ConnectionId::new_unchecked(4), &addr("/ip4/10.0.0.10/tcp/4100")).expect("a member");
        // A finished handshake frees its slot; an unknown id changes nothing.
        b.done(c1);
        b.done(ConnectionId::new_unchecked(99));
        b.admit(c3, &outsider).expect("after one finished");
        b.done(c2);
        b.done(c3);
        b.done(ConnectionId::new_unchecked(4));
        assert!(b.pending.is_empty() && b.per_source.is_empty());
    }

    #[test]
    fn ipv6_is_counted_per_64_and_mapped_v4_as_v4() {
        let mut b = PendingPerSource::new(1);
        b.admit(ConnectionId::new_unchecked(1), &addr("/ip6/2001:db8:1:2::1/tcp/1")).expect("first");
        let err = b.admit(ConnectionId::new_unchecked(2), &addr("/ip6/2001:db8:1:2:ffff::7/udp/1/quic-v1"));
        assert_eq!(err.expect_err("same /64").to_string(), "1 handshakes already pending from 2001:db8:1:2::/64");
        b.admit(ConnectionId::new_unchecked(3), &addr("/ip6/2001:db8:1:3::1/tcp/1")).expect("another /64");
        b.admit(ConnectionId::new_unchecked(4), &addr("/ip4/192.0.2.1/tcp/1")).expect("v4");
        let mapped = b.admit(ConnectionId::new_unchecked(5), &addr("/ip6/::ffff:192.0.2.1/tcp/1"));
        assert!(mapped.is_err(), "a v4-mapped address is its v4 address");
    }
}
