## refusals: refusals worded from their key and arguments (issue 12)

## 案例

refusal-case-not-own-share = 案例 { $case } 由 { $provider } 提供；只有其提供方可以共享该案例。
refusal-case-not-own-holders = 案例 { $case } 由 { $provider } 提供；只有其提供方可以列出持有该案例的国家。
refusal-case-not-own-edit = 案例 { $case } 由 { $provider } 提供；只有其提供方可以编辑该案例。
refusal-case-not-own-withdraw = 案例 { $case } 由 { $provider } 提供；只有其提供方可以撤回该案例。
refusal-case-not-for-sharing = 案例 { $case } 不能共享：该案例已标注为不得共享（ToR-13），因为{ $why ->
        [national_security] 其中包含涉及国家安全的信息
       *[ongoing_proceedings] 共享该案例将妨碍正在进行的执法程序
    }。在提供方取消该标注之前，该案例不能共享。
refusal-case-not-for-sharing-note = 案例 { $case } 不能共享：该案例已标注为不得共享（ToR-13），因为{ $why ->
        [national_security] 其中包含涉及国家安全的信息
       *[ongoing_proceedings] 共享该案例将妨碍正在进行的执法程序
    }（{ $note }）。在提供方取消该标注之前，该案例不能共享。
refusal-case-withdrawn-share = 案例 { $case } 已撤回，不再共享。
refusal-case-share-no-recipient = 请至少选择一个要与之共享的国家。
refusal-case-share-to-provider = { $state } 是案例 { $case } 的提供方，不能作为接收方。
refusal-case-withdrawn-edit = 案例 { $case } 已撤回，不能编辑。
refusal-case-too-many-versions = 案例 { $case } 的版本过多。
refusal-case-already-withdrawn = 案例 { $case } 已被撤回。

## 信息交流：每一程序消息的必备要素

refusal-exchange-no-recipient = 没有收件方。
refusal-exchange-to-itself = { $party } 不能向自身发送此消息。

## 联络卡

refusal-contacts-state-only = 只有国家可以发布联络卡（ToR-20）。

## 格式（导入和导出）

refusal-formats-misp-import = MISP 导入被拒绝：{ $detail }

## 会议

refusal-meetings-briefing-chair-only = 只有主席起草通报（ToR-22）；{ $state } 不是主席。
refusal-meetings-briefing-no-participant = 尚无国家登记参加“{ $title }”。
refusal-meetings-briefing-not-participant = { $state } 不是本通报的参与方。
refusal-meetings-agenda-no-invitation = 会议 { $meeting } 尚未发出邀请：请先邀请各成员。
refusal-meetings-agenda-adopted = 会议 { $meeting } 的议程已于 { $on } 通过。
refusal-meetings-agenda-no-draft = 会议 { $meeting } 没有可供通过的议程草案。
refusal-meetings-agenda-already-adopted = 会议 { $meeting } 的议程已于 { $on } 通过，无需再次通过。
refusal-meetings-intent-not-own-case = { $state } 只能介绍本国的案例，不能介绍 { $case }。
refusal-meetings-intent-already-withdrawn = 介绍意向 { $intent } 已被撤回。
refusal-meetings-expert-intent-withdrawn = 介绍意向 { $intent } 已撤回。
refusal-meetings-expert-case-only = 专家只能为案例介绍而提名（ToR-8）。
refusal-meetings-expert-no-meeting = 该介绍尚未安排会议。
refusal-meetings-expert-ack-proposer-only = 只有提名专家 { $expert } 的 { $proposer } 才能记录其确认。
refusal-meetings-text-not-clear = “{ $field }”必须以明文提供；由本节点对其加密封存。
refusal-meetings-no-recipient = 没有可接收该消息的成员：{ $what }

## 国家间程序（ToR-12、15、16、21）

refusal-procedures-replies-states-only = 关于案例的答复在国家之间进行，不经秘书处。
refusal-procedures-threads-states-only = 后续讨论在国家之间进行，不经秘书处。
refusal-procedures-notice-not-own = 案例 { $case } 由 { $provider } 提供；只有介绍国才能就该案例发出通知。
refusal-procedures-notice-withdrawn = 案例 { $case } 已撤回，不再介绍。
refusal-procedures-notice-no-recipient = 请至少指明一个所涉国家（--to）。
refusal-procedures-notice-to-itself = { $state } 介绍案例 { $case }，不向自身发出通知。
refusal-procedures-notice-too-late = { $meeting } 的会议已经开始或已经结束。
refusal-procedures-not-a-notice = 消息 { $message } 不是通知。
refusal-procedures-right-of-reply-early = 答辩权在介绍之后、即 { $meeting } 的会议上开始行使（ToR-12）。
refusal-procedures-challenge-itself = 参与方不能对自身提出质疑。
refusal-procedures-challenge-own-answer = 质疑 { $challenge } 由本节点提出，应由另一方答复。
refusal-procedures-challenge-close = 只有质疑方才能结束质疑 { $challenge }。
refusal-procedures-reply-no-recipient = 请说明就 { $case } 答复的对象（--to）。
refusal-procedures-reply-to-itself = 国家不能答复自身。
refusal-procedures-reply-not-shared = 案例 { $case } 从未与 { $state } 共享：请先共享该案例。
refusal-procedures-thread-provider-only = 只有案例 { $case } 的提供方 { $provider } 才能就该案例发起后续讨论（ToR-21）。
refusal-procedures-not-a-thread = 消息 { $message } 并非发起讨论的消息。
refusal-procedures-use-own-case = 案例 { $case } 是本国自己的案例，无需提出使用请求。
refusal-procedures-use-withdrawn = 案例 { $case } 已被其提供方撤回。
refusal-procedures-export-handling = 案例 { $case } 被 { $provider } 标注为 { $marking }：收到的带有此标注的案例不能导出。
refusal-procedures-export-info-only = 案例 { $case } 被 { $provider } 标注为仅供参考：不能用于行动（ToR-16）。
refusal-procedures-export-withdrawn = 案例 { $case } 已被 { $provider } 撤回：不能用于行动（{ $reason }）。
refusal-procedures-export-not-agreed = 案例 { $case } 用于行动须事先征得 { $provider } 同意（ToR-16）：其最近一次答复为“{ $decision ->
        [decline] 拒绝
        [discuss] 先行商讨
       *[other] { $decision }
    }”。
refusal-procedures-export-no-request = 案例 { $case } 用于行动须事先征得 { $provider } 同意（ToR-16）：尚未发送使用请求；请使用 `dief use request` 发送请求。
refusal-procedures-export-unanswered = 案例 { $case } 用于行动须事先征得 { $provider } 同意（ToR-16）：使用请求尚未得到答复。

## 加密封存的文本（发给成员国）

refusal-sealed-too-long = “{ $field }”过长：加密封存后密文为 { $len } 字节，超过 { $limit } 字节的上限。
refusal-sealed-no-members = “{ $field }”须向成员国加密封存，但成员名单中尚未列出任何成员国。

## 成员资格和成员名单

refusal-membership-addresses = 加入申请中的地址：{ $detail }
refusal-membership-admit-count = 一次可接纳 1 至 { $max } 份加入申请。
refusal-membership-no-status = 未配置成员身份。
refusal-membership-other-keys = { $state } 已是成员，但使用的是其他密钥（{ $fingerprint }）：其密钥只能通过由其现用密钥签署的密钥更换（在其节点上执行 `dief keys rotate`）加以更改；如其密钥已丢失，则通过 `dief roster recover` 更改，并向每个成员显示。
refusal-membership-recovery-reason = 恢复密钥须说明理由，长度为 1 至 { $max } 字节，并向每个成员显示。
refusal-membership-recover-not-member = { $state } 不是成员：请通过加入申请接纳该国。
refusal-membership-not-member = { $state } 不是成员。
refusal-membership-wire-version = 传输格式版本 { $version } 不是本版本软件所写入的版本（{ $oldest } 至 { $newest }）。
refusal-membership-roster-key-offline = 本节点不持有名单密钥 { $fingerprint }：该密钥离线签署（`dief roster sign`）。
refusal-membership-alert-stale = 成员名单已不再列出本警报所涉 { $party } 的密钥；请查看较新的警报。

## 节点设置

refusal-node-config = { $detail }
refusal-node-roster-key-pin = 国家必须固定名单密钥的指纹（--roster-key）。

## 备份和恢复

refusal-backup-dir-not-empty = { $dir } 不是空目录：请恢复到新目录中（恢复操作绝不覆盖现有节点）。
refusal-backup-no-config = 备份中没有 { $file }。
refusal-backup-config-not-utf8 = 备份中的 { $file } 不是 UTF-8 编码。
refusal-backup-config-invalid = 备份中的 { $file }：{ $detail }

## 账户

refusal-accounts-wrong-password = 当前密码不正确。

## API

refusal-api-loopback-only = API 只在环回地址上监听，不能使用 { $addr }。
refusal-api-metrics-loopback-only = 指标监听程序只在环回地址上运行，不能使用 { $addr }。
refusal-api-secretariat-reads-concern = 秘书处将阅读此关切事项（该文本为秘书处加密封存，由秘书处开启）：请以 secretariat_reads 确认（dief challenge send --secretariat-reads）。
refusal-api-secretariat-reads-answer = 秘书处将阅读此答复（该文本为秘书处加密封存，由秘书处开启）：请以 secretariat_reads 确认（dief challenge answer --secretariat-reads）。
refusal-api-secretariat-reads-close = 秘书处将阅读此结案说明（该文本为秘书处加密封存，由秘书处开启）：请以 secretariat_reads 确认（dief challenge close --secretariat-reads）。

## 联合网络演示环境（dief demo）

refusal-federation-already-in = { $state } 已在本联合网络中。
refusal-federation-node-running = { $party } 正在运行；请先将其停止。
