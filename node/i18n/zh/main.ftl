# dief web interface: Chinese catalog (same keys as en.ftl, the reference).
# Project Fluent syntax: https://projectfluent.org
# Terminology follows the Chinese text of the Arms Trade Treaty
# (转用、缔约国会议、最终用户证书、中介活动……).

app-name = 《武器贸易条约》转用信息交流论坛
footer-confidential = 机密：在论坛中交流的信息仅供接收信息的国家使用，并依照职权范围（ToR-15）处理。

## 导航
nav-label = 主菜单
nav-skip = 跳至正文
nav-home = 首页
nav-cases = 案例
nav-messages = 消息
nav-meetings = 会议
nav-users = 用户
nav-account = 我的账户
nav-logout = 退出登录

## 语言（各以本语言名称表示）
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## 角色
role-administrator = 管理员
role-case_officer = 案例负责人
role-liaison = 执法联络员
role-delegate = 代表
role-reviewer = 审核员

## 日期
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月
date-long = { $year }年{ $month }{ $day }日

## 登录和账户
login-title = 登录
login-name = 用户名
login-password = 密码
login-submit = 登录
login-refused = 用户名或密码不正确。
login-throttled = { $seconds ->
   *[other] 失败尝试次数过多。请在{ $seconds }秒后重试。
}
account-title = 我的账户
account-role = 角色
account-language = 语言
account-language-save = 更改语言
account-password = 密码
account-password-current = 当前密码
account-password-new = 新密码（至少{ $min }个字符）
account-password-save = 更改密码
account-saved-language = 语言已更改。
account-saved-password = 密码已更改。您的其他会话均已退出登录。
users-title = 本节点用户
users-add = 添加用户
users-created = 创建时间
users-status = 状态
users-actions = 更改
users-enabled = 已启用
users-disabled-on = 已于 { $date } 停用
users-change-role = 更改角色
users-disable = 停用
users-enable = 启用

## 首页
home-title = 首页
home-node = 本节点
home-party = 参与方
home-roster = 成员名册
home-roster-seq = 第{ $seq }版，{ $members ->
   *[other] { $members }个成员
}
home-roster-none = 尚无成员名册
home-connected = 已连接的成员
home-inbox = 收到的消息
home-outbox = 待投递的消息
home-all-well = 一切正常。
home-attention = 本节点需要运营人员处理：
home-deadlines = 截止日期
home-deadlines-warn = { $count ->
   *[other] 有{ $count }个截止日期临近或已错过。
}
home-ical = 将截止日期添加到日历程序（iCalendar）

## 截止日期
deadlines-none = 无截止日期。
deadlines-due = 到期日
deadlines-what = 事项
deadlines-rule = 规则
deadlines-meeting = 会议
deadlines-status = 状态
deadlines-yours = 本方
deadline-invitation = “{ $meeting }”的邀请
deadline-agenda = “{ $meeting }”的议程草案
deadline-silence = 关于专家{ $expert }的默许程序：可在到期日前提出异议
deadline-escalation = 对专家{ $expert }的未决异议提交出席会议的缔约国处理
deadline-intents = { $count ->
    [0] “{ $meeting }”的介绍意向在其议程通过时截止
   *[other] 您对“{ $meeting }”提出的{ $count }项介绍意向在其议程通过前有效
}
deadline-notices = 就案例{ $case }向所涉国家发出的通知
deadline-expert-proposal = 为介绍{ $presentation }提名专家
deadline-notice-reply = 答复{ $from }关于案例{ $case }的通知
deadline-open = { $days ->
   *[other] 未到期，剩余{ $days }天
}
deadline-near = { $days ->
    [0] 临近：今天到期
   *[other] 临近：剩余{ $days }天
}
deadline-missed = { $days ->
   *[other] 已逾期{ $days }天
}
deadline-done = 已于{ $date }完成
deadline-done-late = 逾期完成，完成日期为{ $date }

## 案例
cases-title = 案例
cases-new = 登记案例
cases-create = 登记该案例
cases-none = 未找到案例。
cases-id = 案例
cases-provider = 提供方
cases-own = 本方
cases-updated = 更新时间
cases-search = 搜索
cases-search-text = 关键词
cases-search-country = 国家（代码）
cases-search-serial = 序列号
case-title = 标题
case-summary = 摘要
case-status = 状态
case-investigation = 调查
case-states-involved = 所涉国家
case-codes-hint = （三字母代码，以逗号分隔）
case-version = 版本
case-version-n = 第{ $n }版
case-received-from = 收自{ $from }
case-withdrawn = 已撤回
case-withdrawn-on = 提供方已于{ $date }撤回该案例。
case-not-given = 未提供
case-section-general = 案例
case-section-marking = 标识与处理
case-section-diversion = 转用
case-section-detection = 发现
case-section-items = 武器和物项
case-section-chain = 转让链
case-section-actors = 相关行为体
case-handling = 处理规则（交通灯协议）
case-operational-use = 行动用途
case-confidentiality = 国家保密标识
case-diversion-date = 转用日期
case-diversion-stage = 所处转让链环节
case-diversion-place = 地点
case-diversion-country = 国家（代码）
case-means = 手段和方法
case-transit-points = 过境点
case-transit-points-hint = （以;分隔）
case-destinations = 目的地
case-destinations-hint = （以;分隔）
case-brokers = 中介商
case-brokers-hint = （以;分隔）
case-detection-date = 发现日期
case-detection-agency = 发现机构
case-detection-how = 发现方式
case-item-n = 物项{ $n }
case-item-category = 《武器贸易条约》类别
case-item-type = 类型
case-item-make = 制造商
case-item-model = 型号
case-item-calibre = 口径
case-item-quantity = 数量
case-item-serials = 序列号
case-item-serials-hint = （以逗号分隔）
case-leg-n = 环节{ $n }
case-leg-role = 角色
case-leg-entity = 公司、机构或个人
case-leg-country = 国家（代码）
case-leg-date = 日期
case-leg-licence = 出口许可证
case-leg-euc = 最终用户证书
case-actor-name = 名称
case-actor-role = 角色
case-actor-country = 国家（代码）
case-actor-description = 说明
case-attachments = 附件
case-bytes = { $n }字节
case-holders = 持有该案例的国家
case-edit = 编辑该案例
case-edit-title = 编辑案例{ $id }
case-save = 保存新版本
case-share = 共享该案例
case-share-with = 共享对象
case-share-send = 与所勾选的国家共享
case-replies = 答复
case-replies-none = 尚无答复。
case-reply = 您的答复
case-reply-to = 答复对象
case-reply-send = 发送答复
case-export = 导出供行动使用
case-export-note = 导出操作将记入审计日志。任何使用均须遵守提供方的条件（ToR-16）。
case-print = 打印视图

## 词汇
status-suspected = 疑似
status-detected = 已发现
investigation-ongoing = 调查进行中
investigation-closed = 调查已结束
tlp-red = TLP:RED（仅限接收信息的参与方）
tlp-amber_strict = TLP:AMBER+STRICT（仅限接收机构）
tlp-amber = TLP:AMBER（接收机构以及必要时的国家主管部门）
tlp-green = TLP:GREEN（限于论坛内部）
tlp-clear = TLP:CLEAR（无限制）
use-consult_provider = 须先征询提供方意见（ToR-16）
use-pre_authorised = 已获提供方事先授权
use-not_permitted = 仅供参考
stage-export = 出口
stage-transit = 过境
stage-import = 进口
stage-post_delivery = 交付后
chain-manufacturer = 制造商
chain-exporter = 出口方
chain-importer = 进口方
chain-transit = 过境方
chain-broker = 中介商
chain-shipper = 托运人
chain-freight_forwarder = 货运代理
chain-financier = 资助方
chain-end_user = 最终用户
category-battle_tanks = 作战坦克
category-armoured_combat_vehicles = 装甲战斗车
category-large_calibre_artillery = 大口径火炮系统
category-combat_aircraft = 作战飞机
category-attack_helicopters = 攻击直升机
category-warships = 军舰
category-missiles_and_launchers = 导弹和导弹发射器
category-small_arms_and_light_weapons = 小武器和轻武器
category-ammunition = 弹药
category-parts_and_components = 零部件

## 消息
messages-title = 消息
messages-inbox = 收到的消息
messages-outbox = 发出的消息
messages-none = 无。
messages-received = 接收时间
messages-sent = 发送时间
messages-from = 发件方
messages-kind = 类型
messages-case = 案例
messages-recipients = 收件方
messages-delivered = 已于{ $at }送达
messages-pending = { $attempts ->
    [0] 等待中
   *[other] 等待中，已尝试{ $attempts }次
}
messages-set-aside = 已搁置：收件方拒收
kind-case_share = 共享案例
kind-case_update = 案例更新
kind-reply = 答复
kind-roster_update = 成员名册
kind-case_withdrawal = 撤回案例
kind-involved_notice = 致所涉国家的通知
kind-notice_reply = 对通知的答复
kind-right_of_reply = 答辩权
kind-use_request = 行动使用请求
kind-use_answer = 关于行动使用的答复
kind-challenge = 质疑
kind-challenge_answer = 对质疑的答复
kind-challenge_close = 质疑结束
kind-thread_post = 讨论消息
kind-contact_card = 联系人信息卡
kind-invitation = 邀请
kind-draft_agenda = 议程草案
kind-agenda_adoption = 议程通过
kind-presentation_intent = 介绍意向
kind-intent_withdrawal = 撤回意向
kind-registration = 代表团登记
kind-expert_proposal = 专家提名
kind-expert_circulation = 分发专家提名
kind-expert_record = 专家程序步骤
kind-expert_acknowledgement = 专家确认书
kind-briefing_draft = 情况介绍草稿
kind-briefing_response = 对情况介绍的回应
kind-resend_request = 重新发送请求
kind-key_rotation = 参与方的新密钥

## 会议
meetings-title = 会议
meetings-none = 未安排会议。
meetings-dates = 日期
meetings-from-to = 自{ $first }至{ $last }
meetings-venue = 地点
meetings-kind = 举行场合
meetings-kind-csp = 在缔约国会议期间
meetings-kind-preparatory = 在筹备会议期间
meetings-invitation = 邀请
meetings-invited-on = 已于{ $date }发出
meetings-not-invited = 尚未发出
meetings-agenda = 议程
meetings-agenda-none = 尚无草案
meetings-agenda-circulated = 草案已分发
meetings-agenda-adopted = 已通过
meetings-registrations = 已登记的代表团
meetings-send-invitation = 向所有成员发送邀请
meetings-schedule = 安排会议
meetings-title-field = 标题
meetings-first-day = 第一天
meetings-last-day = 最后一天
meetings-call = 征集材料通知

## 错误
error-title = 无法执行
error-detail = 技术细节（英文）
error-forbidden = 您的角色无权执行此操作。
error-not-found = 本节点上不存在该项。
error-conflict = 该项已存在。
error-disk-full = 节点磁盘已满：未作任何更改。请告知节点运营人员。
error-invalid = 请求无效。
error-internal = 节点未能完成此操作。没有丢失任何内容；请告知节点运营人员。
error-csrf = 该表单已过期或并非来自本节点。请重新打开页面后重试。
error-too-large = 发送的内容过大。
error-date = 日期无效：请按“年-月-日”格式填写。
error-field = 某个字段无效。
error-field-value = 字段“{ $field }”不接受“{ $value }”。
error-share-nobody = 请至少勾选一个要与之共享的国家。

## Links to the other areas
case-procedures-link = 本案的程序：通知、行动用途、异议、讨论、撤回
meetings-open-link = 本次会议的详情和步骤
nav-admin = 管理
cases-search-more = 更多条件（ToR-19）
cases-search-broker = 中介商
cases-search-transit = 过境点
cases-search-from = 转用日期自
cases-search-to = 转用日期至
nav-contacts = 联络名录
case-attachments-add = 添加文件
case-attachments-hint = （标记照片、扫描文件；总计不超过 12 MiB）
error-password-short = 密码至少须有 { $min } 个字符。
error-password-long = 密码过长。
error-password-name = 密码不得包含用户名。
error-user-exists = 名为 { $name } 的用户已存在。
error-user-name = 用户名 { $name } 无效：请使用小写字母、数字、“.”、“_”、“-”或“@”。
error-no-roster = 本节点尚无成员名单。
error-secretariat-only = 只有秘书处可以执行此操作。
error-state-only = 只有国家可以执行此操作。
error-not-for-secretariat = 秘书处从不持有案件内容：无法执行此操作。
error-user-unknown = 没有名为 { $name } 的用户。
error-user-last-admin = { $name } 是本节点最后一个启用的管理员：请先将该角色授予另一个账户。
error-user-role = 角色 { $role } 不存在：请使用administrator、case_officer、liaison、delegate 或 reviewer。
error-user-language = 语言 { $language } 不在六种语言之列：请使用 ar、zh、en、fr、ru 或 es。
error-not-found-id = 本节点上不存在标识符为 { $id } 的项。
error-already-initialised = { $dir } 中已初始化了一个节点。
error-shutting-down = 节点正在关闭；请在其重新启动后重试。
