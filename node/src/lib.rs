//! The dief node as a library: encrypted store, libp2p network, delivery,
//! local API. The `dief` binary and the tests drive it.

pub mod network;
pub mod store;
