## attachments：流式附件的拒绝信息（issue 13）

refusal-attachment-not-own = 案例 { $case } 由 { $provider } 提供；只有其提供方可以为其附加文件
refusal-attachment-too-many = 案例 { $case } 已有 { $limit } 个流式附件，已达单个案例的上限
refusal-attachment-unreadable = { $path } 不是本节点可以读取的文件
refusal-attachment-bad-id = { $id } 不是附件标识符（应为 64 个十六进制字符）
refusal-attachment-incomplete = 附件 { $name }（{ $id }）在本节点上尚未接收完整
