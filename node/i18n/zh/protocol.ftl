## protocol: refusals worded from their key and arguments (issue 12)

## 案例：案例在存储或共享之前须符合的规则

refusal-case-empty = { $field } 不得为空。
refusal-case-too-long = { $field } 为 { $len } 字节，超过 { $limit } 字节的上限。
refusal-case-too-many = { $field } 有 { $count } 项，超过 { $limit } 项的上限。
refusal-case-text-too-large = 案例文本共计 { $total } 字节，超过 { $limit } 字节的上限。
refusal-case-attachments-too-large = 附件共计 { $total } 字节，超过 { $limit } 字节的上限。
refusal-case-detection-before-diversion = 发现日期 detection.date（{ $detection }）早于转用日期 diversion.date（{ $diversion }）：转用不可能在发生之前即被发现（ToR-18）。
refusal-case-range-end-before-start = { $field } { $end } 早于其范围的起点 { $start }。
refusal-case-range-end-without-start = 已填写 { $field }，但未填写范围的起点。
# $tag and $value come quoted, with any control character escaped ("t\tuh"), so that nothing invisible hides in them.
refusal-case-language-tag = { $field } { $tag } 不是格式正确的 BCP 47 语言标签（例如“en”、“fr”、“zh-Hans”）。
refusal-case-zero-quantity = { $field } 必须至少为 1。
refusal-case-serials-exceed-quantity = { $field } 列出了 { $serials } 个序列号，而数量仅为 { $quantity }。
refusal-case-year-out-of-range = { $field } { $year } 不在 { $min } 至 { $max } 年的范围内。
refusal-case-in-future = { $field } { $value } 晚于今天（{ $today }）。
refusal-case-hash-mismatch = { $field }：附件内容的 SHA-256 值与所记录的哈希值不符。
refusal-case-empty-place = { $field } 须填写名称或国家。
refusal-case-duplicate = { $field } 多次列出 { $value }。
refusal-case-other-known-term = { $field } { $value } 被拒绝：这是以“其他”形式填写的已知术语；请直接使用该术语。
refusal-case-file-name = { $field } { $value } 被拒绝：须为不含路径或控制字符的文件名。
refusal-case-media-type = { $field } { $value } 被拒绝：须为媒体类型，例如 image/jpeg。
refusal-case-category = { $field } { $value } 被拒绝：不是《武器贸易条约》的类别（battle_tanks … small_arms_and_light_weapons、ammunition、parts_and_components）。
refusal-case-invalid = { $field } { $value } 被拒绝：{ $why }
refusal-case-version = 版本为 0：案例版本从 1 开始编号。
refusal-case-updated-before-created = updated_at { $updated_at } 早于 created_at { $created_at }。
# $reason is serde's own English words: technical, not translated.
refusal-case-decode = { $field }：{ $reason }

## 消息载荷：每条消息所载的内容

# $detail is the decoder's English words: technical, not translated.
refusal-payload-codec = { $detail }
refusal-payload-too-long = { $field } 为 { $len } 字节，超过 { $limit } 字节的上限。
refusal-payload-empty = { $field } 不得为空。
# $tag comes quoted and escaped, as in refusal-case-language-tag.
refusal-payload-language-tag = { $tag } 不是 BCP 47 语言标签（例如 en、fr、ar、zh-Hans）。
refusal-payload-version-zero = 案例版本从 1 开始编号。
refusal-payload-not-provider = 案例 { $case } 不属于提供方 { $provider }。
# $why is the ground of the marking (ToR-13), one of the two below.
refusal-payload-not-for-sharing = 案例 { $case }：该案例已标注为不得共享（ToR-13），因为{ $why ->
        [national_security] 其中包含涉及国家安全的信息
       *[ongoing_proceedings] 共享该案例将妨碍正在进行的执法程序
    }。在提供方取消该标注之前，该案例不能共享。
# $note is the provider's own words, shown as written.
refusal-payload-not-for-sharing-noted = 案例 { $case }：该案例已标注为不得共享（ToR-13），因为{ $why ->
        [national_security] 其中包含涉及国家安全的信息
       *[ongoing_proceedings] 共享该案例将妨碍正在进行的执法程序
    }（{ $note }）。在提供方取消该标注之前，该案例不能共享。
refusal-payload-resend-before-epoch = 重新发送请求的起始时间（{ $since_ms } 毫秒）早于纪元起点。
# $what names the signed body (a contact card, an expert acknowledgement); $detail is the decoder's English words.
refusal-payload-undecodable = { $what }：{ $detail }

## 程序：通知和后续讨论

refusal-notice-reply-after-meeting = 通知的请求答复日期（{ $reply_by }）不能晚于会议日期（{ $meeting }）。
refusal-thread-too-few = 讨论至少需要两个国家参与。
refusal-thread-too-many = 讨论最多只能有 { $limit } 个国家参与，而不是 { $count } 个。
refusal-thread-duplicate = 讨论的参与方中有一个国家被列出两次。

## 加密封存的文本：向成员国加密封存的自由文本

# $detail is the key's English words: technical, not translated.
refusal-sealed-key = { $detail }
refusal-sealed-no-recipients = 加密封存的文本至少需要一个可向其加密封存的成员国。
refusal-sealed-too-many-recipients = 接收方有 { $count } 个：最多只能有 { $limit } 个。
refusal-sealed-duplicate-recipient = { $state } 在接收方中被列出两次。
refusal-sealed-unknown-party = { $party } 不是成员名单上的成员国。
refusal-sealed-text-too-long = 为 { $field } 加密封存的密文为 { $len } 字节，超过 { $limit } 字节的上限。
refusal-sealed-not-for-me = { $state } 不在此文本的接收方之列。
refusal-sealed-wrong-key = 该文本是以 { $me } 的密钥 { $found } 加密封存的，本节点已不再持有该密钥。
refusal-sealed-sender-key = 该文本是以其发送方的密钥 { $used } 加密封存的，而不是所给出的密钥（{ $given }）。
# $detail is the cipher's English words: technical, not translated.
refusal-sealed-decrypt = 无法开启该加密封存的文本：{ $detail }（文本已被篡改，或是从另一条消息或另一字段移来）。
refusal-sealed-arrived-in-clear = { $field } 以明文送达：该文本必须向成员国加密封存；请升级发送方节点的软件。

## 会议：会议日程（ToR-3）

refusal-meeting-ends-before-start = 会议的最后一天 { $last_day } 早于其第一天 { $first_day }。
refusal-meeting-too-long = 会议为期 { $days } 天，超过了 { $limit } 天的上限。
refusal-meeting-not-future = 会议必须安排在今天（{ $today }）之后；{ $first_day } 已经开始或已经过去。
refusal-meeting-year-full = { $year } 年已有 { $count } 次会议；论坛每年最多举行 { $limit } 次会议（ToR-3）。
refusal-meeting-overlap = 自 { $first_day } 至 { $last_day } 的会议与会议 { $other }（{ $other_first_day } 至 { $other_last_day }）时间重叠。
refusal-meeting-over = 会议 { $meeting } 已经结束。
refusal-not-member = { $state } 不是论坛成员。

## 会议：经签署并编有版本的步骤

# $detail is the decoder's English words: technical, not translated.
refusal-meeting-codec = { $detail }
# $what names the signed body (a contact card, an expert acknowledgement).
refusal-meeting-bad-signature = { $what } 的签名无法以 { $signer } 的密钥验证。
refusal-meeting-stale = { $what }：版本 { $offered } 并不比已持有的版本（{ $held }）更新：已拒绝。
refusal-meeting-already-held = 已持有第 { $version } 版。

## 会议：邀请、议程和介绍意向（ToR-9 至 ToR-11）

refusal-invitation-too-late = 邀请必须在会议开始之前发出。
refusal-agenda-version-zero = 议程版本从 1 开始编号。
refusal-agenda-too-many-items = 议程最多包含 { $limit } 个项目。
refusal-agenda-item-number = 议程第 { $position } 个项目的编号为 { $number }，与其位置不符。
refusal-agenda-item-no-presenter = 议程第 { $position } 个项目来自介绍意向，但未指明介绍国。
refusal-agenda-too-many-documents = 辅助文件最多 { $limit } 份。
refusal-intent-not-own-case = { $presenter } 只能提出介绍本国案例的意向，不能介绍 { $case }。
refusal-intent-minutes = 介绍时间为 1 至 { $limit } 分钟。
refusal-intent-unknown-meeting = 该介绍意向所指的会议不在会议日程上。
refusal-intent-other-meeting = 该介绍意向所指的是另一次会议。
refusal-intent-agenda-adopted = 会议 { $meeting } 的议程已于 { $adopted_on } 通过，其介绍意向随即截止（ToR-11）。

## 会议：代表团登记（ToR-6、ToR-7）

refusal-registration-revision-zero = 登记修订从 1 开始编号。
refusal-registration-too-many = 代表团名单最多列出 { $limit } 人。
refusal-registration-two-heads = 代表团最多只能有一名团长。
refusal-registration-not-own = 只有 { $state } 才能登记本国代表团，{ $sender } 不能代为登记。
refusal-registration-other-meeting = 该登记所指的是另一次会议。

## 会议：联络卡（ToR-20）

refusal-card-sequence-zero = 联络卡序号从 1 开始编号。
refusal-card-too-many-contacts = 一张联络卡最多列出 { $limit } 名联系人。
# $function and $email come quoted and escaped, as in refusal-case-language-tag.
refusal-card-contact-unreachable = 联系人 { $function } 须提供电子邮件地址或电话号码。
refusal-card-email = { $email } 不是电子邮件地址。
refusal-card-too-many-languages = 最多列出 { $limit } 种语言。

## 会议：通报（ToR-22）

refusal-briefing-version-zero = 通报版本从 1 开始编号。
refusal-briefing-too-many-cases = 一份通报最多引用 { $limit } 个案例。

## 会议：非国家专家（ToR-8、ToR-15）

refusal-expert-other-meeting = 该提名所指的是另一次会议。
refusal-expert-late = 专家提名必须不迟于 { $due } 送达秘书处（T-30，ToR-8）；此提名逾期 { $days_late } 天。
refusal-expert-circulated-early = 提名在提出之前不能分发。
refusal-expert-secretariat-only = 只有秘书处分发提名或记录决定（ToR-8）。
refusal-expert-states-only = 异议、磋商和撤回均由国家提出（ToR-8）。
refusal-expert-other-proposal = 该记录所指的是另一项提名。
refusal-expert-record-date = 记录的日期应为作出记录的当天（{ $today }），而不是 { $on }。
refusal-expert-already-circulated = 该提名已经分发。
refusal-expert-objector-not-party = 只有缔约国可以对专家提出异议，{ $by } 不能提出异议。
refusal-expert-own-objection = 提名国不能对其本国提名的专家提出异议。
refusal-expert-not-circulated = 该提名尚未分发。
refusal-expert-silence-ended = 默许程序已于 { $ends } 结束（ToR-8）。
refusal-expert-already-objected = { $by } 已提出异议。
refusal-expert-no-objection = 没有可就其进行磋商的未决异议。
refusal-expert-consultation-party = 只有提出异议的国家和提名国记录磋商（ToR-8）。
refusal-expert-withdraw-objection = 只有提出异议的国家可以撤回其异议。
refusal-expert-withdraw-proposal = 只有提名国可以撤回其提名。
# $state is the proposal's state as the protocol names it (pending, silence_running, objected, escalated, accepted, rejected, withdrawn).
refusal-expert-decision-early = 程序性决定只能在未决异议于 T-20 提交出席会议的缔约国之后记录（ToR-8）；该提名目前{ $state ->
        [pending] 尚未分发
        [silence_running] 处于默许程序中
        [objected] 有异议，正在磋商
        [escalated] 已提交出席会议的缔约国
        [accepted] 已被接受
        [rejected] 已被拒绝
        [withdrawn] 已被撤回
       *[other] 的状态为 { $state }
    }。
refusal-expert-closed = 该提名已{ $state ->
        [accepted] 被接受
        [rejected] 被拒绝
        [withdrawn] 被撤回
       *[other] 处于“{ $state }”状态
    }。
refusal-expert-acknowledged-early = 专家在获告知保密义务之前不能确认该义务。

## 成员名单：经签署的名单、加入申请和密钥更换（ToR-1、ToR-5）

# $detail is the decoder's English words: technical, not translated.
refusal-roster-codec = { $detail }
# $detail is the key's English words: technical, not translated.
refusal-roster-key = { $detail }
# $expected, $signer, $held, $given and $offered are key fingerprints or identifiers; $party is a State code or SECRETARIAT; all shown as they are.
refusal-roster-bad-signature = 名单签名无法以本节点持有的秘书处密钥 { $expected } 验证。
refusal-roster-stale = 第 { $offered } 号名单早于已持有的名单（第 { $held } 号）：已拒绝。
refusal-roster-already-held = 已持有第 { $sequence } 号名单。
refusal-roster-conflicting = 第 { $offered } 号名单与已持有的名单编号相同，但内容不同：已拒绝。
refusal-roster-unlinked-key = 名单以密钥 { $signer } 签署，但没有任何名单密钥变更将该密钥与本节点持有的密钥（{ $held }）相关联。
refusal-roster-too-many-rotations = 名单无效：{ $party }：保留的密钥更换记录超过 { $limit } 次。
refusal-roster-recovery-reason = 名单无效：{ $party }：密钥恢复理由超过 { $limit } 字节。
refusal-roster-weak-key = 名单无效：{ $party }：密钥 { $key } 的阶过小或不是曲线上的点，不能使用。
refusal-roster-peer-id-mismatch = 名单无效：{ $party }：对等节点标识 { $peer_id } 与该节点的传输密钥不符。
refusal-roster-addresses = 名单无效：{ $party }：地址最多 { $limit } 个，每个地址不得为空且不超过 { $max_len } 字节。
refusal-roster-key-change-signer = 名单无效：名单密钥的变更须以现用名单密钥签署。
refusal-roster-key-changes-exhausted = 名单无效：名单密钥已变更 { $limit } 次，已达上限。
refusal-roster-format = 名单无效：不支持格式 { $format }（本节点读取格式 { $supported }）。
refusal-roster-too-many-members = 名单无效：成员超过 { $limit } 个。
refusal-roster-wire-version-zero = 名单无效：传输格式版本 0 不存在（版本从 1 开始编号）。
refusal-roster-too-many-key-changes = 名单无效：名单密钥变更超过 { $limit } 次。
refusal-roster-members-unsorted = 名单无效：成员须按国家代码排序且不得重复（{ $first } 之后为 { $second }）。
refusal-roster-peer-id-twice = 名单无效：{ $state }：对等节点标识 { $peer_id } 被使用了两次。
refusal-roster-keys-after-sequence = 名单无效：{ $state }：密钥由第 { $since } 号名单引入，晚于本名单（第 { $sequence } 号）。
refusal-roster-chair-not-member = 名单无效：担任主席的 { $state } 不是成员。
refusal-roster-wrong-signer = 名单无效：本名单须以名单密钥 { $signer } 签署，而非 { $given }。
refusal-roster-not-pinned = 名单无效：本名单以名单密钥 { $signer } 签署，但该密钥及此前任何名单密钥均不是本节点初始化时固定的密钥。
refusal-roster-join-own-key = 加入申请：须以申请节点自身的密钥签署。
refusal-roster-join-signature = 加入申请：{ $state }：签名无法验证。
refusal-roster-rotation-signers = 密钥更换：须以其中所列的先前签名密钥和新签名密钥签署。
refusal-roster-rotation-not-by-previous = 密钥更换：{ $party }：未以其先前的签名密钥签署。
refusal-roster-rotation-not-by-new = 密钥更换：{ $party }：未以其新的签名密钥签署。
refusal-roster-rotation-same-key = 密钥更换：{ $party }：新签名密钥与先前的签名密钥相同。
refusal-roster-rotation-not-listed = 密钥更换：{ $party } 不在名单上。
refusal-roster-rotation-transport-key = 密钥更换：{ $party }：密钥更换须保留节点的传输密钥 { $held }，而非 { $offered }。
refusal-roster-rotation-previous-key = 密钥更换：{ $party } 声明从签名密钥 { $offered } 更换，但名单所列为 { $held }。
# $label names the pasted block (DIEF ROSTER, DIEF JOIN REQUEST, DIEF KEY ROTATION), shown as it is.
refusal-armor-missing = 应为“{ $label }”文本块（-----BEGIN { $label }-----）。
refusal-armor-bad-hex = { $label } 文本块不是有效的十六进制内容。
