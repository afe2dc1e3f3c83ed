//! Attaching a large file to an own case as a streamed attachment (issue
//! 13): the core stores the file's sealed chunks as it reads it, then the
//! case gets a new version naming the file (its digest and content key),
//! which goes to every State holding the case; each of them is granted
//! the file's chunks in the batch that queues the update, and fetches them.

use std::path::Path;

use dief_protocol::case::MAX_ATTACHMENTS;
use dief_protocol::reason::Reason;
use dief_protocol::CaseId;
use serde::{Deserialize, Serialize};

use crate::core::attachments::{self, FileProgress};
use crate::core::error::{NodeError, NodeResult};
use crate::core::node::Node;
use crate::services::cases::EditReport;

/// What attaching a file did.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachReport {
    pub attachment: FileProgress,
    pub edit: EditReport,
}

impl Node {
    /// Attaches the file at `path`, on the node's host, to an own case.
    pub async fn attach_file(
        &self,
        case: &CaseId,
        path: &Path,
        name: Option<String>,
        media_type: Option<String>,
    ) -> NodeResult<AttachReport> {
        let entry = self.own_case(case, "refusal-attachment-not-own")?;
        if entry.withdrawn.is_some() {
            return Err(NodeError::Refused(Reason::new("refusal-case-withdrawn-edit").text("case", case)));
        }
        if entry.record.content.streamed_attachments.len() >= MAX_ATTACHMENTS {
            return Err(NodeError::Refused(
                Reason::new("refusal-attachment-too-many").text("case", case).number("limit", MAX_ATTACHMENTS),
            ));
        }
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
        attachments::name_case(self.core(), &file, *case).await?;
        let mut content = entry.record.content.clone();
        content.streamed_attachments.push(file.clone());
        let edit = self.edit_case(case, content).await?;
        let attachment = self.attachment(&hex::encode(file.id()))?;
        Ok(AttachReport { attachment, edit })
    }
}
