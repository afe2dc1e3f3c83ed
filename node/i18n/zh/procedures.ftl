# dief web interface: the procedures pages (zh).

procedures-title = 案例 { $id } 的程序
procedures-case = 案例
procedures-back = 返回本案例的程序
procedures-not-held = 本节点未持有该案例；仅显示本节点参与的程序。
procedures-secretariat = 秘书处
procedures-state = 国家
procedures-version = 版本
procedures-sent-at = 发送时间
procedures-received-at = 收到时间
procedures-receipted-at = 回执
procedures-not-receipted = 尚无回执
procedures-late = 逾期
procedures-send = 发送
procedures-note = 附注
procedures-reply = 答复

## Involved-State notices (ToR-12)
procedures-notices = 致相关国家的通知（ToR-12）
procedures-notices-none = 尚未发送或收到关于本案例的通知。
procedures-package-for = { $date } 的会议
procedures-package-open = 打开陈述材料
procedures-package-meeting = 以下日期会议的陈述材料
procedures-package-title = 案例 { $id } 的陈述材料
procedures-notice-due = 通知截止日期
procedures-reply-due = 请求答复日期
procedures-answered = 已答复
procedures-not-answered = 未答复
procedures-no-reply = 无答复
procedures-right-of-reply = 答辩权
procedures-right-of-reply-opens = 答辩权在陈述之后、即 { $date } 的会议上开始行使。
procedures-notice-from = { $from } 就 { $date } 会议发出的通知
procedures-meeting-ref = 会议编号
procedures-notice-summary = 致相关国家的摘要
procedures-reply-by = 请求答复日期
procedures-replied-on = 已于 { $date } 答复
procedures-notice-reply = 您对本通知的答复
procedures-notify = 通知相关国家
procedures-notify-to = 与本案例相关的国家
procedures-meeting-date = 会议日期
procedures-notify-note = 每个国家单独收到一份通知。在会议前不足 30 天发出的通知仍会发送，但标注为逾期。
procedures-notify-send = 发送通知

## Operational use (ToR-16)
procedures-use = 行动用途（ToR-16）
procedures-use-none = 没有关于本案例行动用途的请求。
procedures-use-from = { $from } 的请求，{ $date }
procedures-use-purpose = 目的
procedures-use-details = 详细说明
procedures-use-details-note = 目的为“其他”时必须填写。
procedures-use-state = 请求状态
procedures-use-state-pending = 等待提供方答复
procedures-use-state-agreed = 已同意
procedures-use-state-declined = 已拒绝
procedures-use-state-discuss = 有待商讨
procedures-purpose-export_assessment = 出口评估
procedures-purpose-enforcement_proceedings = 执法程序
procedures-purpose-other = 其他
procedures-decision-agree = 同意
procedures-decision-agree_with_conditions = 有条件同意
procedures-decision-decline = 拒绝
procedures-decision-discuss = 先行商讨
procedures-conditions = 条件
procedures-use-ask = 请求提供方同意使用本案例
procedures-use-send = 发送请求
procedures-use-answer = 您的答复
procedures-use-answer-send = 发送答复

## Challenges (ToR-15)
procedures-challenges = 关于泄露的异议（ToR-15）
procedures-challenges-none = 没有涉及本案例的异议。
procedures-challenge-between = { $from } 向 { $to } 提出的异议
procedures-challenge-state-open = 未结
procedures-challenge-state-answered = 已答复
procedures-challenge-state-closed = 已结
procedures-challenge-concern = 关切事项
procedures-challenge-explanation = 解释
procedures-challenge-remedial = 补救措施
procedures-challenge-closing-note = 结案说明
procedures-challenge-open = 就本案例提出异议
procedures-challenge-to = 异议对象
procedures-challenge-send = 发送异议
procedures-challenge-answer = 发送答复
procedures-challenge-close = 结束异议
procedures-secretariat-reads-warning = 发给秘书处的文本为秘书处加密，由秘书处开启并阅读。
procedures-secretariat-reads = 我了解秘书处将阅读此文本。

## Follow-up threads (ToR-21)
procedures-threads = 后续讨论（ToR-21）
procedures-threads-none = 没有关于本案例的后续讨论。
procedures-thread-participants = 参与方
procedures-thread-follow-up = 您在本讨论中的留言
procedures-thread-start = 发起讨论
procedures-thread-with = 与持有本案例的国家
procedures-thread-subject = 主题
procedures-thread-body = 留言
procedures-thread-send = 发起讨论

## Versions, holders and withdrawal
procedures-versions = 版本与持有方
procedures-current-version = 第 { $n } 版，{ $date }。
procedures-held-from = 收自 { $from }；自 { $date } 起由本节点持有。
procedures-holders = 各方持有的版本
procedures-holders-none = 本案例尚未共享。
procedures-distribution = 已发送的全部版本
procedures-sent-as = 发送类型
procedures-kind-case_share = 首次共享
procedures-kind-case_update = 更新
procedures-kind-case_withdrawal = 撤回
procedures-withdraw = 撤回本案例
procedures-withdraw-note = 持有本案例的每个国家都会收到撤回通知及理由。本案例将不再共享。
procedures-withdraw-reason = 撤回理由
procedures-withdraw-send = 撤回案例
procedures-withdrawn-on = 提供方已于 { $date } 撤回（第 { $n } 版）。

## Errors
procedures-error-date = 会议日期无效：请按“年-月-日”格式填写。
procedures-error-nobody = 请至少勾选一个国家。
procedures-error-state = 所填国家无效。
procedures-error-purpose = 请选择使用目的。
procedures-error-decision = 请选择一项答复。
procedures-error-secretariat-reads = 秘书处将阅读此文本：请勾选方框，确认您已知晓。
