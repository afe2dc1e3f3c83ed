## attachments: refusals of the streamed attachments (issue 13)

refusal-attachment-not-own = case { $case } was provided by { $provider }; only its provider can attach a file to it
refusal-attachment-too-many = case { $case } already has { $limit } streamed attachments, the most a case can have
refusal-attachment-unreadable = { $path } is not a file this node can read
refusal-attachment-bad-id = { $id } is not an attachment id (64 hexadecimal characters)
refusal-attachment-incomplete = the attachment { $name } ({ $id }) is not complete on this node yet
