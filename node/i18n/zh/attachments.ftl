## attachments：流式附件的拒绝信息（issue 13）

refusal-attachment-not-own = 案例 { $case } 由 { $provider } 提供；只有其提供方可以为其附加文件
refusal-attachment-too-many = 案例 { $case } 已有 { $limit } 个流式附件，已达单个案例的上限
refusal-attachment-unreadable = { $path } 不是本节点可以读取的文件
refusal-attachment-bad-id = { $id } 不是附件标识符（应为 64 个十六进制字符）
refusal-attachment-incomplete = 附件 { $name }（{ $id }）在本节点上尚未接收完整
refusal-attachment-upload-interrupted = 文件尚未完整送达，上传即已中断：{ $why }
refusal-attachment-upload-too-large = 文件超过 { $limit } 字节，即流式附件的上限
refusal-attachment-refetch-own = 附件 { $name }（{ $id }）是本节点自己的文件：不从任何一方获取
refusal-attachment-refetch-not-failed = 附件 { $name }（{ $id }）并未失败：只有失败的文件才会重新获取

## 案例页面：其大文件（issue 13）

case-files = 大文件
case-files-none = 此案例没有大文件。
case-file-name = 文件
case-file-type = 类型
case-file-size = 大小
case-file-state = 本节点状态
case-file-complete = 完整
case-file-failed = 失败：收到的各部分不能组成此文件
case-file-fetching = 正在接收：{ $percent }%（{ $held }/{ $chunks }）
case-file-download = 下载
case-file-refetch = 重新获取
case-file-add = 附加大文件
case-file-add-hint = （视频、扫描文件：以加密分段发送给持有该案例的每个国家）
case-file-attach = 附加文件
case-file-missing = 请选择要附加的文件。
