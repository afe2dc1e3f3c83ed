# dief web interface: the procedures pages (en).
# The procedures on one case: notices (ToR-12), operational use (ToR-16),
# challenges (ToR-15), threads (ToR-21), withdrawal, holders, and the
# presentation package.

procedures-title = Procedures on case { $id }
procedures-case = Case
procedures-back = Back to the procedures on this case
procedures-not-held = This node does not hold this case; only the procedures it takes part in are shown.
procedures-secretariat = the Secretariat
procedures-state = State
procedures-version = Version
procedures-sent-at = Sent
procedures-received-at = Received
procedures-receipted-at = Receipt
procedures-not-receipted = no receipt yet
procedures-late = late
procedures-send = Send
procedures-note = Note
procedures-reply = Reply

## Involved-State notices (ToR-12)
procedures-notices = Notices to involved States (ToR-12)
procedures-notices-none = No notice about this case was sent or received.
procedures-package-for = Meeting of { $date }
procedures-package-open = Open the presentation package
procedures-package-meeting = Presentation package for the meeting of
procedures-package-title = Presentation package of case { $id }
procedures-notice-due = Notices due by
procedures-reply-due = Replies requested by
procedures-answered = Replied
procedures-not-answered = Not replied
procedures-no-reply = no reply
procedures-right-of-reply = Right of reply
procedures-right-of-reply-opens = The right of reply opens after the presentation, at the meeting of { $date }.
procedures-notice-from = Notice from { $from } for the meeting of { $date }
procedures-meeting-ref = Meeting reference
procedures-notice-summary = Summary for the involved States
procedures-reply-by = Reply requested by
procedures-replied-on = Replied on { $date }
procedures-notice-reply = Your reply to this notice
procedures-notify = Notify the involved States
procedures-notify-to = States involved in this case
procedures-meeting-date = Date of the meeting
procedures-notify-note = Each State receives its own notice. A notice sent later than 30 days before the meeting still goes, marked late.
procedures-notify-send = Send the notices

## Operational use (ToR-16)
procedures-use = Operational use (ToR-16)
procedures-use-none = No request for operational use about this case.
procedures-use-from = Request from { $from }, { $date }
procedures-use-purpose = Purpose
procedures-use-details = Details
procedures-use-details-note = Required when the purpose is “other”.
procedures-use-state = State of the request
procedures-use-state-pending = awaiting the provider’s answer
procedures-use-state-agreed = agreed
procedures-use-state-declined = refused
procedures-use-state-discuss = to be discussed
procedures-purpose-export_assessment = export assessment
procedures-purpose-enforcement_proceedings = enforcement proceedings
procedures-purpose-other = other
procedures-decision-agree = Agree
procedures-decision-agree_with_conditions = Agree with conditions
procedures-decision-decline = Refuse
procedures-decision-discuss = Discuss first
procedures-conditions = Conditions
procedures-use-ask = Ask the provider for agreement to use this case
procedures-use-send = Send the request
procedures-use-answer = Your answer
procedures-use-answer-send = Send the answer

## Challenges (ToR-15)
procedures-challenges = Challenges about a disclosure (ToR-15)
procedures-challenges-none = No challenge names this case.
procedures-challenge-between = Challenge from { $from } to { $to }
procedures-challenge-state-open = open
procedures-challenge-state-answered = answered
procedures-challenge-state-closed = closed
procedures-challenge-concern = Concern
procedures-challenge-explanation = Explanation
procedures-challenge-remedial = Remedial measures
procedures-challenge-closing-note = Closing note
procedures-challenge-open = Open a challenge about this case
procedures-challenge-to = Challenge
procedures-challenge-send = Send the challenge
procedures-challenge-answer = Send the answer
procedures-challenge-close = Close the challenge
procedures-secretariat-reads-warning = A text sent to the Secretariat is sealed to the Secretariat, which opens and reads it.
procedures-secretariat-reads = I understand that the Secretariat will read this text.

## Follow-up threads (ToR-21)
procedures-threads = Follow-up threads (ToR-21)
procedures-threads-none = No follow-up thread about this case.
procedures-thread-participants = Participants
procedures-thread-follow-up = Your message in this thread
procedures-thread-start = Start a thread
procedures-thread-with = With the States holding the case
procedures-thread-subject = Subject
procedures-thread-body = Message
procedures-thread-send = Start the thread

## Versions, holders and withdrawal
procedures-versions = Versions and holders
procedures-current-version = Version { $n }, of { $date }.
procedures-held-from = Received from { $from }; held here since { $date }.
procedures-holders = Who holds which version
procedures-holders-none = This case was not shared.
procedures-distribution = Every version sent
procedures-sent-as = Sent as
procedures-kind-case_share = first share
procedures-kind-case_update = update
procedures-kind-case_withdrawal = withdrawal
procedures-withdraw = Withdraw this case
procedures-withdraw-note = Every State holding the case is told that it is withdrawn, with the reason. The case is not shared again.
procedures-withdraw-reason = Reason for the withdrawal
procedures-withdraw-send = Withdraw the case
procedures-withdrawn-on = Withdrawn by the provider on { $date } (version { $n }).

## Errors
procedures-error-date = The meeting date is not valid: write it as year-month-day.
procedures-error-nobody = Tick at least one State.
procedures-error-state = A State named is not valid.
procedures-error-purpose = Choose the purpose of the use.
procedures-error-decision = Choose an answer.
procedures-error-secretariat-reads = The Secretariat will read this text: tick the box to confirm that you know.
