//! One integration-test binary, a module per area. Every test builds its
//! own federation of real nodes in its own temporary directory.

mod attachments;
mod confidentiality;
mod contacts;
mod continuity;
mod delivery;
mod meetings;
mod membership;
mod operations;
mod procedures;
mod uploads;
mod versions;
