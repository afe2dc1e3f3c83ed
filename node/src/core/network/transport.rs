//! The TCP transport as the node dials with it: from a new port each time.
//!
//! libp2p dials from the listening port by default (port reuse, for NAT
//! hole punching, which members reached at the addresses in the roster do
//! not need). That binds the wildcard address to the listening port, which
//! fails with "address in use" while any other socket on the host holds
//! that port on one of its addresses, and libp2p retries only on an
//! unavailable address: the member stayed unreachable until that socket
//! closed (seen as a flaky test with outsiders on 127.0.0.2).

use std::pin::Pin;
use std::task::{Context, Poll};

use libp2p::core::muxing::StreamMuxerBox;
use libp2p::core::transport::{Boxed, DialOpts, ListenerId, PortUse, TransportError, TransportEvent};
use libp2p::core::upgrade::Version;
use libp2p::core::Transport;
use libp2p::{noise, tcp, yamux, Multiaddr, PeerId};

/// TCP with Noise and Yamux, as libp2p's `with_tcp` builds it, dialing
/// from new ports.
pub(super) fn tcp(key: &libp2p::identity::Keypair) -> Result<Boxed<(PeerId, StreamMuxerBox)>, noise::Error> {
    Ok(NewPortDials(tcp::tokio::Transport::new(tcp::Config::default()))
        .upgrade(Version::V1Lazy)
        .authenticate(noise::Config::new(key)?)
        .multiplex(yamux::Config::default())
        .map(|(peer, muxer), _| (peer, StreamMuxerBox::new(muxer)))
        .boxed())
}

/// `T`, with every dial asking for a new local port.
pub(super) struct NewPortDials<T>(pub(super) T);

impl<T: Transport + Unpin> Transport for NewPortDials<T> {
    type Output = T::Output;
    type Error = T::Error;
    type ListenerUpgrade = T::ListenerUpgrade;
    type Dial = T::Dial;

    fn listen_on(&mut self, id: ListenerId, addr: Multiaddr) -> Result<(), TransportError<Self::Error>> {
        self.0.listen_on(id, addr)
    }

    fn remove_listener(&mut self, id: ListenerId) -> bool {
        self.0.remove_listener(id)
    }

    fn dial(&mut self, addr: Multiaddr, mut opts: DialOpts) -> Result<Self::Dial, TransportError<Self::Error>> {
        opts.port_use = PortUse::New;
        self.0.dial(addr, opts)
    }

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<TransportEvent<Self::ListenerUpgrade, Self::Error>> {
        Pin::new(&mut self.get_mut().0).poll(cx)
    }
}
