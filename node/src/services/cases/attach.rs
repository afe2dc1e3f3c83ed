//! Attaching a large file to an own case as a streamed attachment (issue
//! 13): the core stores the file's sealed chunks as it reads it, then the
//! case gets a new version naming the file (its digest and content key),
//! which goes to every State holding the case; each of them is granted
//! the file's chunks in the batch that queues the update, and fetches them.
//! The file comes from a path on the node's host or, streamed, through the
//! API or a web form.

use std::path::Path;

use dief_protocol::case::stream::StreamedAttachment;
use dief_protocol::case::MAX_ATTACHMENTS;
use dief_protocol::reason::Reason;
use dief_protocol::CaseId;
use futures::Stream;
use serde::{Deserialize, Serialize};

use crate::core::attachments::upload;
use crate::core::attachments::{self, FileProgress};
use crate::core::error::{NodeError, NodeResult};
use crate::core::node::Node;
use crate::services::cases::EditReport;
use crate::services::records::CaseEntry;

/// What attaching a file did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachReport {
    pub attachment: FileProgress,
    pub edit: EditReport,
}

impl Node {
    /// The own case a file may be attached to: not withdrawn, short of the
    /// most streamed attachments a case may have.
    fn attachable(&self, case: &CaseId) -> NodeResult<CaseEntry> {
        let entry = self.own_case(case, "refusal-attachment-not-own")?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-case-withdrawn-edit").text("case", case)));
        }
        if entry.record.content.streamed_attachments.len() >= MAX_ATTACHMENTS {
            return Err(NodeError::Refused(
                Reason::new("refusal-attachment-too-many").text("case", case).number("limit", MAX_ATTACHMENTS),
            ));
        }
        Ok(entry)
    }

    /// Names a stored own file in a new version of the case, on a task of
    /// its own: once the file is stored, a caller that goes away (an HTTP
    /// client closing the connection) must not leave it named by no case.
    async fn name_in_case(&self, case: &CaseId, file: StreamedAttachment) -> NodeResult<AttachReport> {
        let (node, case) = (self.clone(), *case);
        tokio::spawn(async move { node.name_stored(&case, file).await })
            .await
            .map_err(|e| NodeError::Internal(format!("naming the file in its case stopped: {e}")))?
    }

    /// The case is read again: storing a large file takes long, and an
    /// edit made meanwhile must stay. A case withdrawn or filled meanwhile
    /// refuses the file, which is deleted.
    async fn name_stored(&self, case: &CaseId, file: StreamedAttachment) -> NodeResult<AttachReport> {
        let entry = match self.attachable(case) {
            Ok(entry) => entry,
            Err(refused) => {
                upload::discard_own(self.core(), &file).await?;
                return Err(refused);
            }
        };
        attachments::name_case(self.core(), &file, *case).await?;
        let mut content = entry.record.content;
        content.streamed_attachments.push(file.clone());
        let edit = self.edit_case(case, content).await?;
        let attachment = self.attachment(&hex::encode(file.id()))?;
        Ok(AttachReport { attachment, edit })
    }

    /// Attaches the file at `path`, on the node's host, to an own case.
    pub async fn attach_file(
        &self,
        case: &CaseId,
        path: &Path,
        name: Option<String>,
        media_type: Option<String>,
    ) -> NodeResult<AttachReport> {
        self.attachable(case)?;
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            _ => return Err(NodeError::Refused(Reason::new("refusal-attachment-unreadable").text("path", shown))),
        }
        let name = match name.or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned())) {
            Some(n) => n,
            None => return Err(NodeError::Refused(Reason::new("refusal-attachment-unreadable").text("path", shown))),
        };
        let media_type = media_type.unwrap_or_else(|| "application/octet-stream".into());
        let file = attachments::store_own(self.core(), path, name, media_type).await?;
        self.name_in_case(case, file).await
    }

    /// Attaches the bytes `pieces` yields (an upload through the API or a
    /// web form, streamed: never held whole) to an own case, as the file
    /// `name`. The case is checked before a byte is read.
    pub async fn attach_upload<S, B, E>(
        &self,
        case: &CaseId,
        pieces: S,
        name: String,
        media_type: Option<String>,
    ) -> NodeResult<AttachReport>
    where
        S: Stream<Item = Result<B, E>>,
        B: AsRef<[u8]>,
        E: std::fmt::Display,
    {
        self.attachable(case)?;
        let media_type = media_type.unwrap_or_else(|| "application/octet-stream".into());
        let file = upload::store_upload(self.core(), pieces, name, media_type).await?;
        self.name_in_case(case, file).await
    }
}
