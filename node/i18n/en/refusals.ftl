## refusals: refusals worded from their key and arguments (issue 12)

## Cases

refusal-case-not-own-share = case { $case } was provided by { $provider }; only its provider can share it
refusal-case-not-own-holders = case { $case } was provided by { $provider }; only its provider can list the holders of it
refusal-case-not-own-edit = case { $case } was provided by { $provider }; only its provider can edit it
refusal-case-not-own-withdraw = case { $case } was provided by { $provider }; only its provider can withdraw it
refusal-case-not-for-sharing = case { $case } cannot be shared: this case is marked not for sharing (ToR-13): { $why ->
        [national_security] it holds national-security information
       *[ongoing_proceedings] sharing it would prejudice ongoing law-enforcement proceedings
    }. It cannot be shared until its provider removes the marking.
refusal-case-not-for-sharing-note = case { $case } cannot be shared: this case is marked not for sharing (ToR-13): { $why ->
        [national_security] it holds national-security information
       *[ongoing_proceedings] sharing it would prejudice ongoing law-enforcement proceedings
    } ({ $note }). It cannot be shared until its provider removes the marking.
refusal-case-withdrawn-share = case { $case } was withdrawn; it is not shared again
refusal-case-share-no-recipient = choose at least one State to share with
refusal-case-share-to-provider = { $state } provides case { $case }; it cannot be a recipient
refusal-case-withdrawn-edit = case { $case } was withdrawn; it cannot be edited
refusal-case-too-many-versions = case { $case } has too many versions
refusal-case-already-withdrawn = case { $case } is already withdrawn

## Exchange: what every procedure message needs

refusal-exchange-no-recipient = no recipient
refusal-exchange-to-itself = { $party } cannot send this to itself

## Contacts

refusal-contacts-state-only = only a State publishes contact cards (ToR-20)

## Formats (imports and exports)

refusal-formats-misp-import = MISP import refused: { $detail }

## Meetings

refusal-meetings-briefing-chair-only = only the Chair drafts briefings (ToR-22); { $state } is not the Chair
refusal-meetings-briefing-no-participant = no State has registered for "{ $title }" yet
refusal-meetings-briefing-not-participant = { $state } is not a participant of this briefing
refusal-meetings-agenda-no-invitation = meeting { $meeting } has no invitation yet: invite the members first
refusal-meetings-agenda-adopted = the agenda of meeting { $meeting } was adopted on { $on }
refusal-meetings-agenda-no-draft = meeting { $meeting } has no draft agenda to adopt
refusal-meetings-agenda-already-adopted = the agenda of meeting { $meeting } was already adopted on { $on }
refusal-meetings-intent-not-own-case = { $state } can only present its own cases, not { $case }
refusal-meetings-intent-already-withdrawn = intent { $intent } is already withdrawn
refusal-meetings-expert-intent-withdrawn = intent { $intent } is withdrawn
refusal-meetings-expert-case-only = an expert is proposed for a case presentation (ToR-8)
refusal-meetings-expert-no-meeting = the presentation has no meeting yet
refusal-meetings-expert-ack-proposer-only = only { $proposer }, which proposed expert { $expert }, records the acknowledgement
refusal-meetings-text-not-clear = the { $field } must be given in clear; this node seals it
refusal-meetings-no-recipient = no member to send it to: { $what }

## Procedures between States (ToR-12, 15, 16, 21)

refusal-procedures-replies-states-only = replies about cases are between States, not the Secretariat
refusal-procedures-threads-states-only = follow-up threads are between States, not the Secretariat
refusal-procedures-notice-not-own = case { $case } was provided by { $provider }; only the presenting State sends notices about it
refusal-procedures-notice-withdrawn = case { $case } was withdrawn; it is not presented
refusal-procedures-notice-no-recipient = name at least one involved State (--to)
refusal-procedures-notice-to-itself = { $state } presents case { $case }; it does not notify itself
refusal-procedures-notice-too-late = the meeting of { $meeting } has begun or passed
refusal-procedures-not-a-notice = message { $message } is not a notice
refusal-procedures-right-of-reply-early = the right of reply opens after the presentation, at the meeting of { $meeting } (ToR-12)
refusal-procedures-challenge-itself = a participant cannot challenge itself
refusal-procedures-challenge-own-answer = challenge { $challenge } was made by this node; the other side answers it
refusal-procedures-challenge-close = only the challenger closes challenge { $challenge }
refusal-procedures-reply-no-recipient = say whom to reply to about { $case } (--to)
refusal-procedures-reply-to-itself = a State cannot reply to itself
refusal-procedures-reply-not-shared = case { $case } was never shared with { $state }: share it first
refusal-procedures-thread-provider-only = only { $provider }, the provider of case { $case }, starts follow-up threads about it (ToR-21)
refusal-procedures-not-a-thread = message { $message } does not start a thread
refusal-procedures-use-own-case = case { $case } is this State's own case; it cannot need a use request
refusal-procedures-use-withdrawn = case { $case } was withdrawn by its provider
refusal-procedures-export-handling = case { $case } is marked { $marking } by { $provider }: a received case with this marking cannot be exported
refusal-procedures-export-info-only = case { $case } is marked by { $provider } for information only: it cannot be used operationally (ToR-16)
refusal-procedures-export-withdrawn = case { $case } was withdrawn by { $provider }: it cannot be used operationally ({ $reason })
refusal-procedures-export-not-agreed = operational use of case { $case } needs { $provider }'s prior agreement (ToR-16): its last answer was "{ $decision }"
refusal-procedures-export-no-request = operational use of case { $case } needs { $provider }'s prior agreement (ToR-16): no use request was sent; send one with `dief use request`
refusal-procedures-export-unanswered = operational use of case { $case } needs { $provider }'s prior agreement (ToR-16): the use request is still unanswered

## Sealed texts (to the member States)

refusal-sealed-too-long = the { $field } is too long: sealed, it is { $len } bytes of ciphertext, over the limit of { $limit }
refusal-sealed-no-members = the { $field } is sealed to the member States, and the roster lists none yet

## Membership and the roster

refusal-membership-addresses = the join request's addresses: { $detail }
refusal-membership-admit-count = admit between 1 and { $max } join requests at once
refusal-membership-no-status = no membership status configured
refusal-membership-other-keys = { $state } is already a member with other keys ({ $fingerprint }): its keys change only with a rotation signed by its current key (`dief keys rotate` on its node), or, if it lost its key, with `dief roster recover`, which every member is shown
refusal-membership-recovery-reason = a recovery needs a reason of 1 to { $max } bytes, shown to every member
refusal-membership-recover-not-member = { $state } is not a member: admit it with a join request
refusal-membership-not-member = { $state } is not a member
refusal-membership-wire-version = wire version { $version } is not one this build writes ({ $oldest } to { $newest })
refusal-membership-roster-key-offline = this node does not hold the roster key { $fingerprint }: it signs offline (`dief roster sign`)
refusal-membership-alert-stale = the roster no longer lists the keys this alert is about for { $party }; see the newer alert

## Node set-up

refusal-node-config = { $detail }
refusal-node-roster-key-pin = a State must pin the roster key's fingerprint (--roster-key)

## Backup and restore

refusal-backup-dir-not-empty = { $dir } is not empty: restore into a new directory (a restore never overwrites a node)
refusal-backup-no-config = the backup holds no { $file }
refusal-backup-config-not-utf8 = the backup's { $file } is not UTF-8
refusal-backup-config-invalid = the backup's { $file }: { $detail }

## Accounts

refusal-accounts-wrong-password = the current password is not right

## API

refusal-api-loopback-only = the API listens on loopback only, not { $addr }
refusal-api-metrics-loopback-only = the metrics listener is on loopback only, not { $addr }
refusal-api-secretariat-reads-concern = the Secretariat will read this concern (it is sealed to the Secretariat, which opens it): confirm with secretariat_reads (dief challenge send --secretariat-reads)
refusal-api-secretariat-reads-answer = the Secretariat will read this answer (it is sealed to the Secretariat, which opens it): confirm with secretariat_reads (dief challenge answer --secretariat-reads)
refusal-api-secretariat-reads-close = the Secretariat will read this closing note (it is sealed to the Secretariat, which opens it): confirm with secretariat_reads (dief challenge close --secretariat-reads)

## Federation harness (dief demo)

refusal-federation-already-in = { $state } is already in this federation
refusal-federation-node-running = { $party } is running; stop it first
