//! A node's streamed attachments (issue 13): their progress, the download
//! of a complete one a chunk at a time, fetching a failed one again, and
//! the test tools of the chunk protocol. The records and the transfer are
//! in `core/attachments`.

use dief_protocol::reason::Reason;
#[cfg(feature = "test-support")]
use dief_protocol::Party;
use tokio::sync::mpsc;

#[cfg(feature = "test-support")]
use crate::core::attachments::serve;
use crate::core::attachments::upload::delete_chunks;
use crate::core::attachments::{
    bitmap_key, entry_key, parse_id, progress, read_chunk, read_entry, Content, FileProgress, FileState,
};
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

    /// Fetches a failed file again: deletes its chunks and the bitmap
    /// recording them, sets it back to fetching, and wakes the fetcher. Only
    /// for a file another party provides, whose chunks did not make its
    /// digest (the provider may since have repaired what it serves).
    pub async fn refetch_attachment(&self, id: &str) -> NodeResult<FileProgress> {
        let inner = &self.core().inner;
        let fid = parse_id(id)?;
        let _one = inner.refetching.lock().await;
        let Some(mut entry) = read_entry(&inner.store, &fid)? else {
            return Err(NodeError::NotFound { what: "attachment", id: id.to_string() });
        };
        if entry.provider == inner.party {
            return Err(NodeError::Refused(
                Reason::new("refusal-attachment-refetch-own").text("id", id).text("name", &entry.file.name),
            ));
        }
        if entry.state != FileState::Failed {
            return Err(NodeError::Refused(
                Reason::new("refusal-attachment-refetch-not-failed").text("id", id).text("name", &entry.file.name),
            ));
        }
        let store = inner.store.clone();
        tokio::task::spawn_blocking(move || -> NodeResult<()> {
            delete_chunks(&store, &fid, entry.file.chunk_count())?;
            entry.state = FileState::Fetching;
            let mut batch = store.batch();
            batch.put(Cf::Chunks, &entry_key(&fid), &records::encode("file", &entry)?);
            batch.put(Cf::Chunks, &bitmap_key(&fid), &vec![0; entry.file.chunk_count().div_ceil(8) as usize]);
            store.write_sync(batch)?;
            Ok(())
        })
        .await
        .map_err(|e| NodeError::Internal(format!("clearing the file stopped: {e}")))??;
        inner.fetch_wake.notify_one();
        tracing::info!(file = %id, "failed attachment fetched again");
        self.attachment(id)
    }

    /// Chunks this node has sent to members since it started.
    pub fn chunks_served(&self) -> u64 {
        self.core().inner.chunks_served.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Tests: seals chunk `index` of an own file `id` again over its plain
    /// bytes with the first byte flipped, as a provider serving a wrong
    /// chunk would: it opens under the file's key, so a fetcher stores it
    /// and the whole file fails its digest. A second call restores it.
    #[cfg(feature = "test-support")]
    pub fn flip_own_chunk(&self, id: &str, index: u32) -> NodeResult<()> {
        let store = &self.core().inner.store;
        let Some(entry) = read_entry(store, &parse_id(id)?)? else {
            return Err(NodeError::NotFound { what: "attachment", id: id.to_string() });
        };
        let mut plain = read_chunk(store, &entry.file, index)?;
        if let Some(b) = plain.first_mut() {
            *b ^= 1;
        }
        let sealed = dief_protocol::case::stream::seal_chunk(&entry.file, index, &plain)
            .map_err(|e| NodeError::Internal(e.to_string()))?;
        store.put_sync(Cf::Chunks, &crate::core::attachments::chunk_key(&entry.file.id(), index), &sealed)?;
        Ok(())
    }

    /// Tests: the temporary keys of uploads this node holds (none once
    /// every upload has ended, stored or not).
    #[cfg(feature = "test-support")]
    pub fn upload_leftovers(&self) -> NodeResult<usize> {
        crate::core::attachments::upload::held_keys(&self.core().inner.store)
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
