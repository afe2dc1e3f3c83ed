## attachments: refusals of the streamed attachments (issue 13)

refusal-attachment-not-own = case { $case } was provided by { $provider }; only its provider can attach a file to it
refusal-attachment-too-many = case { $case } already has { $limit } streamed attachments, the most a case can have
refusal-attachment-unreadable = { $path } is not a file this node can read
refusal-attachment-bad-id = { $id } is not an attachment id (64 hexadecimal characters)
refusal-attachment-incomplete = the attachment { $name } ({ $id }) is not complete on this node yet
refusal-attachment-upload-interrupted = the upload stopped before the whole file arrived: { $why }
refusal-attachment-upload-too-large = the file is larger than { $limit } bytes, the most a streamed attachment may be
refusal-attachment-refetch-own = the attachment { $name } ({ $id }) is this node's own file: it is not fetched from anyone
refusal-attachment-refetch-not-failed = the attachment { $name } ({ $id }) has not failed: only a failed file is fetched again

## the case page: its large files (issue 13)

case-files = Large files
case-files-none = This case has no large files.
case-file-name = File
case-file-type = Type
case-file-size = Size
case-file-state = On this node
case-file-complete = Complete
case-file-failed = Failed: the parts received do not make this file
case-file-fetching = Receiving: { $percent } % ({ $held }/{ $chunks })
case-file-download = Download
case-file-refetch = Fetch again
case-file-add = Attach a large file
case-file-add-hint = (video, scanned documents: sent in sealed parts to every State holding the case)
case-file-attach = Attach the file
case-file-missing = Choose a file to attach.
