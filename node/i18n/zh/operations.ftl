# dief web interface: node operations (zh).
# /admin/operations：密钥更换、备份、加入申请；在秘书处节点上还有名单相关操作。

ops-title = 节点操作
ops-back = 返回管理页面
ops-back-operations = 返回节点操作
ops-done-published = 名单已签署并发送给每个成员。
ops-done-drafted = 名单密钥不在本节点上：此项更改仅保存为草案。请将下方草案带到保存名单密钥的地方签署，然后在此发布签署后的名单。

## This node's keys
ops-keys = 更换本节点的密钥
ops-keys-help = 本节点将生成新的签名密钥和新的加密密钥，用现用密钥签署此项更换并发送给秘书处。新密钥在列入名单后生效；在此之前，本节点继续使用现用密钥。
ops-keys-confirm = 我确认要更换本节点的密钥。
ops-keys-rotate = 更换密钥
ops-keys-unconfirmed = 请勾选此框以确认更换本节点的密钥。
ops-keys-done = 新签名密钥（指纹）：
ops-keys-effect = 新密钥在列入名单后生效。在此之前，管理页面会显示等待列入名单的密钥。
ops-keys-statement = 已签署的密钥更换
ops-keys-statement-help = 如果本节点只能通过本系统以外的渠道与秘书处联系，请复制此文本块并送交秘书处，由其将其应用于名单。

## Backup
ops-backup = 写入备份
ops-backup-path = 备份文件（节点所在机器上的完整路径）
ops-backup-help = 该文件不得已经存在。备份以本节点的数据密钥封存，并在节点继续运行时生成；请将其保存在节点所在机器以外的地方。
ops-backup-write = 写入备份
ops-backup-no-path = 请提供备份文件的路径。
ops-backup-relative = 路径 { $path } 是相对路径。请提供节点所在机器上从根目录开始的完整路径（例如 /var/backups/dief.backup）。
ops-backup-done = 备份已写入。
ops-backup-file = 文件
ops-backup-size = 大小
ops-backup-bytes = { $bytes } 字节
ops-backup-time = 生成时间

## Join request (a State)
ops-join = 本国的加入申请
ops-join-help = 请通过本系统以外的渠道将此文本块发送给秘书处，秘书处据此将本国接纳入名单。该文本块载明本节点的密钥和地址，不含任何机密。

## Wire version (Secretariat)
ops-wire = 本联合网络的传输格式版本
ops-wire-current = 成员写入的传输格式版本
ops-wire-warning = 只有在每个成员都运行能够读取新版本的软件后，才可提高传输格式版本：仍在使用旧版软件的成员将永久拒收较新的消息，其发送方会将这些消息搁置。允许再次降低版本，以便回退。
ops-wire-label = 传输格式版本
ops-wire-set = 设定版本
ops-wire-bad = 请以整数填写传输格式版本。

## A member's key rotation (Secretariat)
ops-rotation = 应用成员的密钥更换
ops-rotation-text = 成员发送的已签署密钥更换（请粘贴整个文本块，包括首行和末行）
ops-rotation-apply = 应用密钥更换
ops-rotation-bad = 这不是有效的密钥更换：请粘贴该成员发送的完整文本块。

## Recovery (Secretariat)
ops-recover = 恢复丢失密钥的成员
ops-recover-help = 成员丢失签名密钥后，任何密钥更换都无法为其新密钥作证。此时名单将列入其新加入申请中的密钥，并向每个成员发出警报，说明理由。
ops-recover-text = 该成员的新加入申请（请粘贴整个文本块，包括首行和末行）
ops-recover-reason = 理由（向每个成员显示）
ops-recover-confirm = 我已通过本系统以外的渠道与有关国家核实此次恢复；每个成员都将收到警报。
ops-recover-submit = 恢复该成员
ops-recover-unconfirmed = 请勾选此框以确认恢复。
ops-recover-no-reason = 请说明恢复的理由：该理由将向每个成员显示。
ops-recover-bad = 这不是有效的加入申请：请粘贴该国发送的完整文本块。

## Roster key (Secretariat)
ops-roster-key = 更换名单密钥
ops-roster-key-help = 本节点将生成新的名单密钥，并用现用密钥签署下一份名单，使成员随之更换。成员持有新名单后，旧密钥不再签署任何内容。
ops-roster-key-confirm = 我确认要更换名单密钥。
ops-roster-key-rotate = 更换名单密钥
ops-roster-key-unconfirmed = 请勾选此框以确认更换名单密钥。

## Roster key kept offline (Secretariat)
ops-draft = 下一份名单的草案
ops-draft-help = 请复制此文本块并带到保存名单密钥的机器上签署，然后在下方发布签署后的名单。
ops-draft-none = 没有等待签署的草案。
ops-publish = 发布离线签署的名单
ops-publish-text = 签署后的名单（请粘贴整个文本块，包括首行和末行）
ops-publish-submit = 发布名单
ops-publish-bad = 这不是有效的已签署名单：请粘贴离线机器生成的完整文本块。
