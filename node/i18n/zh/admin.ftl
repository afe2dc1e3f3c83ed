# dief web interface: the admin pages (zh).
# 管理 (/admin)、审计日志 (/audit)、联络名录 (/contacts)。

admin-title = 管理
admin-see-also = 相关页面
admin-secretariat = 秘书处
admin-secretariat-only = 只有秘书处管理参与方名单。

## 上一操作的结果
admin-done-acknowledged = 已确认该警报。
admin-done-retried = 搁置的发送已重新排队。
admin-done-published = 名单已签署并发送给每个成员。
admin-done-drafted = 名单密钥不在本节点上：此项更改仅保存为草案。请在保存名单密钥的地方用命令行工具签署草案，然后发布签署后的名单。

## 密钥
admin-keys = 本节点的密钥
admin-keys-signing = 签名密钥（指纹）
admin-keys-encryption = 加密密钥（标识符）
admin-keys-retired = 已停用的加密密钥
admin-keys-grace = { $days ->
   *[other] 更换密钥后保留 { $days } 天，然后销毁。
}
admin-keys-pending = 等待列入名单的新签名密钥
admin-keys-roster = 名单密钥（指纹）
admin-keys-roster-offline = 不在本节点上（离线保存）

## 警报
admin-alerts = 警报
admin-alerts-none = 没有警报。
admin-alert-raised = 发出时间：{ $at }
admin-alert-keys-replaced = 第 { $sequence } 号名单为 { $party } 列出了新密钥（{ $listed }；本节点持有的密钥为 { $pinned }）。在您确认之前，本节点继续使用其持有的密钥。
admin-alert-recovery-declared = 秘书处宣布恢复密钥，理由如下：
admin-alert-no-rotation = 没有任何以先前密钥签署的密钥更换可为新密钥作证。
admin-alert-own-keys = 第 { $sequence } 号名单为本节点列出了并非其自身的密钥（{ $listed }；本节点的密钥为 { $own }）。核查连续性的成员将保留本节点的密钥。请向秘书处询问原因。
admin-alert-split-view = 名单出现分歧：{ $party } 持有的第 { $sequence } 号名单摘要为 { $other }，本节点持有的摘要为 { $held }。同一编号签署了两份不同的名单。请通过本系统以外的渠道与 { $party } 核对。
admin-alert-confirm = 我已通过本系统以外的渠道（电话、会议、外交照会）与有关国家核实此事。
admin-alert-acknowledge = 确认
admin-alert-acknowledged = 已由 { $by } 于 { $at } 确认
admin-alert-unconfirmed = 请先勾选此框，表明您已通过其他渠道核实，然后再确认。

## 参与方名单
admin-roster = 参与方名单
admin-roster-none = 本节点尚无名单。
admin-roster-sequence = 第 { $sequence } 号名单，发布于 { $at }
admin-roster-key = 名单密钥（指纹）
admin-roster-chair = 主席
admin-roster-chair-term = { $state }，任期至 { $date }
admin-roster-no-chair = 尚未指定主席。
admin-roster-state = 国家
admin-roster-status = 身份
admin-status-state-party = 缔约国
admin-status-signatory = 签署国

## 名单管理（秘书处）
admin-roster-admin = 名单管理
admin-roster-offline = 名单密钥离线保存：接纳、除名和指定主席在此处只会起草下一份名单。草案须在保存密钥的地方签署并发布后方才生效。
admin-roster-draft-waiting = 第 { $sequence } 号名单草案正等待离线签署。
admin-roster-admit = 接纳一个国家
admin-roster-admit-text = 该国的加入申请（请粘贴整个文本块，包括首尾两行带短横线的标记行）
admin-roster-bad-join = 这不是有效的加入申请：请粘贴该国发送的完整文本块。
admin-roster-remove = 将一个国家除名
admin-roster-remove-confirm = 我确认该国退出名单：它将不再收到任何内容。
admin-roster-remove-unconfirmed = 请勾选此框以确认除名。
admin-roster-set-chair = 指定主席
admin-roster-term-ends = 任期结束日期
admin-roster-pick-state = 请从名单中选择一个国家。

## 搁置的发送
admin-set-aside = 搁置的发送
admin-set-aside-none = 没有搁置的发送：每项发送均已送达或仍在尝试中。
admin-set-aside-sent = 发送时间
admin-set-aside-kind = 内容
admin-set-aside-case = 案件
admin-set-aside-recipients = 搁置对象
admin-set-aside-action = 操作
admin-set-aside-attempts = { $n ->
   *[other] 尝试 { $n } 次后
}
admin-retry = 重试

## 备份
admin-backup = 备份
admin-backup-last = 最近一次备份于 { $at } 完成。
admin-backup-file = 文件：
admin-backup-never = 自节点启动以来尚未进行备份。
admin-backup-failed = 最近一次备份尝试失败。

## 审计日志
admin-audit-title = 审计日志
admin-audit-intact = { $n ->
   *[other] 已核验：日志完好（全部 { $n } 条记录齐全、顺序正确、未被改动）。
}
admin-audit-tampered = { $n ->
   *[other] 日志不完好：在 { $n } 条正常记录之后，核验发现：
}
admin-audit-unlisted = 无法列出这些记录。
admin-audit-none = 日志中没有记录。
admin-audit-seq = 序号
admin-audit-time = 时间
admin-audit-user = 用户
admin-audit-action = 操作
admin-audit-case = 案件
admin-audit-parties = 相关方
admin-audit-no-user = （来自网络）
admin-audit-version = 第 { $n } 版
admin-audit-pages = 日志分页
admin-audit-page = 第 { $page } 页，共 { $pages } 页
admin-audit-newer = 较新的记录
admin-audit-older = 较早的记录
admin-audit-sent = 已发送：{ $kind }
admin-audit-delivered = 已收到：{ $kind }
admin-audit-receipted = 已收到回执
admin-audit-case-created = 已登记案件
admin-audit-case-edited = 已修改案件
admin-audit-case-withdrawn = 已撤回案件
admin-audit-operational-export = 已导出供业务使用（ToR-16）
admin-audit-format-export = 已以 { $format } 格式导出供业务使用（ToR-16）
admin-audit-refused = 已拒绝
admin-audit-log-recovered = 节点发现其日志不一致，并在最后一条记录之后继续
admin-audit-account-added = 已添加账户：
admin-audit-account-changed = 已更改账户：
admin-audit-password-changed = 已更改密码：
admin-audit-language-changed = 已更改语言：
admin-audit-role-changed = 已更改角色：
admin-audit-account-disabled = 已停用账户：
admin-audit-account-enabled = 已启用账户：
admin-audit-signed-in = 已登录
admin-audit-sign-in-refused = 已拒绝以下名称的登录：
admin-audit-other = 其他事件

## 核验发现
admin-finding-unreadable = 日志中某一存储部分无法读取：已被改动、移动或格式未知。
admin-finding-unexpected-key = 记录之间有一条意外的记录（{ $key }）。
admin-finding-deleted = 第 { $first } 至 { $last } 条记录已被删除。
admin-finding-reordered = 记录顺序被打乱：第 { $position } 个位置存放的是第 { $seq } 条记录。
admin-finding-edited = 第 { $seq } 条记录已被改动：与其哈希值不再相符。
admin-finding-chain-broken = 第 { $seq } 条记录未与第 { $previous } 条记录相链接：其中一条已被替换。
admin-finding-truncated = 日志被截断：日志头指向第 { $head } 条记录，而最后一条记录是第 { $last } 条。
admin-finding-head-missing = 日志头缺失，但存在直至第 { $last } 条的记录。
admin-finding-beyond-head = 日志头（第 { $head } 条）之后仍有记录（直至第 { $last } 条）：日志头被回退。
admin-finding-head-mismatch = 日志头指向第 { $seq } 条记录，但哈希值不同：日志头或该记录已被替换。
admin-finding-recovered = 第 { $seq } 条记录载明节点发现其日志不一致并继续运行。
admin-finding-other = 发现了另一种不一致（见技术细节）。

## 联络名录（ToR-20）
admin-contacts-title = 联络名录
admin-contact-state = 国家
admin-contact-role = 职能
admin-contact-text = 文本
admin-contact-search = 搜索
admin-contact-none = 没有相符的联络卡。
admin-contact-role-law_enforcement = 执法部门
admin-contact-role-customs = 海关
admin-contact-role-licensing = 出口许可
admin-contact-role-foreign_ministry = 外交部
admin-contact-role-other = 其他
admin-contact-address = 地址
admin-contact-languages = 工作语言
admin-contact-languages-help = 以逗号分隔的语言代码，例如：zh, fr
admin-contact-issued = 发布
admin-contact-version = { $date }（第 { $n } 版）
admin-contact-notes = 备注
admin-contact-notes-help = 仅向成员国密封提供：秘书处转发联络卡，但不阅读备注。
admin-contact-notes-sealed = 已密封：本节点无法阅读。
admin-contact-function = 职务
admin-contact-name = 姓名
admin-contact-email = 电子邮件
admin-contact-phone = 电话
admin-contact-person = 联系人 { $n }
admin-contact-agency = 机构
admin-contact-publish = 发布本国的联络卡
admin-contact-publish-help = 联络卡由本国签署，经秘书处发送给每个成员国。为同一机构再次发布将替换其联络卡。
admin-contact-published = 联络卡已发布：将经秘书处送达其他国家。
admin-contact-function-missing = 每位联系人都须填写职务。
