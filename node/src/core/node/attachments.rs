//! A node's streamed attachments (issue 13): their progress, the download
//! of a complete one a chunk at a time, and the test tools of the chunk
//! protocol. The records and the transfer are in `core/attachments`.

use dief_protocol::reason::Reason;
#[cfg(feature = "test-support")]
use dief_protocol::Party;
use tokio::sync::mpsc;

#[cfg(feature = "test-support")]
use crate::core::attachments::serve;
use crate::core::attachments::{parse_id, progress, read_chunk, read_entry, Content, FileProgress, FileState};
use crate::core::error::{NodeError, NodeResult};
use crate::core::node::Node;
use crate::core::records;
use crate::core::store::Cf;

impl Node {
    /// Every streamed attachment this node holds or fetches, with its
    /// progress.
    pub fn attachments(&self) -> NodeResult<Vec<FileProgress>> {
        let store = &self.core().inner.store;
        let mut out = Vec::new();
        for (_, v) in store.scan_prefix(Cf::Chunks, b"f/")? {
            out.push(progress(store, records::decode("file", &v)?)?);
        }
        Ok(out)
    }

    /// One attachment's progress, by the hex of its id.
    pub fn attachment(&self, id: &str) -> NodeResult<FileProgress> {
        let store = &self.core().inner.store;
        match read_entry(store, &parse_id(id)?)? {
            Some(e) => progress(store, e),
            None => Err(NodeError::NotFound { what: "attachment", id: id.to_string() }),
        }
    }

    /// The plain bytes of a complete attachment, chunk by chunk (each chunk
    /// opened, so authenticated, as it is read); the file entry first.
    pub fn attachment_content(&self, id: &str) -> NodeResult<(FileProgress, Content)> {
        let progress = self.attachment(id)?;
        if progress.state != FileState::Complete {
            return Err(NodeError::Refused(
                Reason::new("refusal-attachment-incomplete").text("id", id).text("name", &progress.name),
            ));
        }
        let store = self.core().inner.store.clone();
        let fid = parse_id(id)?;
        let Some(entry) = read_entry(&store, &fid)? else {
            return Err(NodeError::NotFound { what: "attachment", id: id.to_string() });
        };
        let (tx, rx) = mpsc::channel(2);
        tokio::task::spawn_blocking(move || {
            for i in 0..entry.file.chunk_count() {
                let plain = read_chunk(&store, &entry.file, i);
                let failed = plain.is_err();
                if tx.blocking_send(plain).is_err() || failed {
                    return;
                }
            }
        });
        Ok((progress, rx))
    }

    /// Chunks this node has sent to members since it started.
    pub fn chunks_served(&self) -> u64 {
        self.core().inner.chunks_served.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Tests: asks `party` for chunk `index` of file `id` (hex) as this
    /// node, and returns the status byte of the answer (0 the chunk, 1
    /// refused, 2 busy, 3 not held).
    #[cfg(feature = "test-support")]
    pub async fn request_chunk_raw(&self, party: Party, id: &str, index: u32) -> NodeResult<u8> {
        let inner = &self.core().inner;
        let peer = inner.peer_of(party).ok_or(NodeError::NoRoster)?;
        let answer = inner.net().request_chunk(&peer, serve::request(&parse_id(id)?, index)).await?;
        Ok(answer.first().copied().unwrap_or(u8::MAX))
    }
}
