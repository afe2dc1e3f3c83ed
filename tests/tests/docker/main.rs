//! Fault tests across real hosts: each test starts its own federation of
//! `dief:dev` containers (built by `docker/build.sh`) on its own private
//! network, runs bounded traffic with `dief load`, injects a fault with the
//! Docker CLI, prints Jepsen-style counts (attempted, acknowledged by
//! receipt, delivered, lost, duplicated) and then asserts them.
//!
//! - `faults`: partition, crash (SIGKILL), pause: exactly-once delivery.
//! - `membership`: the Secretariat down, an outsider with valid keys.
//!
//! They run one at a time (a static mutex), fail rather than skip when
//! Docker or the image is missing, and remove every container, network and
//! volume they made, on failure too.

#![allow(clippy::unwrap_used)]

mod faults;
mod harness;
mod membership;
