## protocol: refusals worded from their key and arguments (issue 12)

## Cases: the rules a case meets before it is stored or shared

refusal-case-empty = { $field } must not be empty
refusal-case-too-long = { $field } is { $len } bytes, over the limit of { $limit }
refusal-case-too-many = { $field } has { $count } entries, over the limit of { $limit }
refusal-case-text-too-large = the text of the case totals { $total } bytes, over the limit of { $limit }
refusal-case-attachments-too-large = the attachments total { $total } bytes, over the limit of { $limit }
refusal-case-detection-before-diversion = detection.date { $detection } is before diversion.date { $diversion }: a diversion cannot be detected before it happens (ToR-18)
refusal-case-range-end-before-start = { $field } { $end } is before the start of its range, { $start }
refusal-case-range-end-without-start = { $field } is set but the start of the range is not
# $tag and $value come quoted, with any control character escaped ("t\tuh"), so that nothing invisible hides in them.
refusal-case-language-tag = { $field } { $tag } is not a well-formed BCP 47 language tag (e.g. "en", "fr", "zh-Hans")
refusal-case-zero-quantity = { $field } must be at least 1
refusal-case-serials-exceed-quantity = { $field } lists { $serials } serial numbers for a quantity of { $quantity }
refusal-case-year-out-of-range = { $field } { $year } is outside { $min }-{ $max }
refusal-case-in-future = { $field } { $value } is after today, { $today }
refusal-case-hash-mismatch = { $field }: the SHA-256 of the attachment's bytes does not match its recorded hash
refusal-case-empty-place = { $field } needs a name or a country
refusal-case-duplicate = { $field } lists { $value } more than once
refusal-case-other-known-term = { $field } { $value } is refused: a known term written as Other; use the term itself
refusal-case-file-name = { $field } { $value } is refused: a file name without a path or control characters
refusal-case-media-type = { $field } { $value } is refused: a media type such as image/jpeg
refusal-case-category = { $field } { $value } is refused: not an ATT category (battle_tanks … small_arms_and_light_weapons, ammunition, parts_and_components)
refusal-case-invalid = { $field } { $value } is refused: { $why }
refusal-case-version = version is 0: a case's versions start at 1
refusal-case-updated-before-created = updated_at { $updated_at } is before created_at { $created_at }
# $reason is serde's own English words: technical, not translated.
refusal-case-decode = { $field }: { $reason }

## Payloads: what any message carries

# $detail is the decoder's English words: technical, not translated.
refusal-payload-codec = { $detail }
refusal-payload-too-long = { $field } is { $len } bytes, over the limit of { $limit }
refusal-payload-empty = { $field } must not be empty
# $tag comes quoted and escaped, as in refusal-case-language-tag.
refusal-payload-language-tag = { $tag } is not a BCP 47 language tag (e.g. en, fr, ar, zh-Hans)
refusal-payload-version-zero = case versions start at 1
refusal-payload-not-provider = case { $case } does not belong to provider { $provider }
# $why is the ground of the marking (ToR-13), one of the two below.
refusal-payload-not-for-sharing = case { $case }: this case is marked not for sharing (ToR-13): { $why ->
        [national_security] it holds national-security information
       *[ongoing_proceedings] sharing it would prejudice ongoing law-enforcement proceedings
    }. It cannot be shared until its provider removes the marking.
# $note is the provider's own words, shown as written.
refusal-payload-not-for-sharing-noted = case { $case }: this case is marked not for sharing (ToR-13): { $why ->
        [national_security] it holds national-security information
       *[ongoing_proceedings] sharing it would prejudice ongoing law-enforcement proceedings
    } ({ $note }). It cannot be shared until its provider removes the marking.
refusal-payload-resend-before-epoch = resend request since { $since_ms } ms: before the epoch
# $what names the signed body (a contact card, an expert acknowledgement); $detail is the decoder's English words.
refusal-payload-undecodable = { $what }: { $detail }

## Procedures: notices and threads

refusal-notice-reply-after-meeting = a notice's reply date, { $reply_by }, cannot be after the meeting, { $meeting }
refusal-thread-too-few = a thread needs at least two States
refusal-thread-too-many = a thread has at most { $limit } States, not { $count }
refusal-thread-duplicate = a State is listed twice among the thread's participants

## Sealed texts: free text sealed to the member States

# $detail is the key's English words: technical, not translated.
refusal-sealed-key = { $detail }
refusal-sealed-no-recipients = a sealed text needs at least one member State to seal to
refusal-sealed-too-many-recipients = { $count } recipients: at most { $limit }
refusal-sealed-duplicate-recipient = { $state } is named twice among the recipients
refusal-sealed-unknown-party = { $party } is not a member State on the roster
refusal-sealed-text-too-long = sealed for { $field }: { $len } bytes of ciphertext, over the limit of { $limit }
refusal-sealed-not-for-me = { $state } is not among the recipients of this text
refusal-sealed-wrong-key = the text was sealed to key { $found } of { $me }, which this node no longer holds
refusal-sealed-sender-key = the text was sealed with key { $used } of its sender, not the one given ({ $given })
# $detail is the cipher's English words: technical, not translated.
refusal-sealed-decrypt = the sealed text does not open: { $detail } (tampered, or moved from another message or field)
refusal-sealed-arrived-in-clear = the { $field } arrived in clear: it must be sealed to the members; upgrade the sending node

## Meetings: the calendar (ToR-3)

refusal-meeting-ends-before-start = the meeting's last day { $last_day } is before its first day { $first_day }
refusal-meeting-too-long = a meeting of { $days } days is longer than { $limit } days
refusal-meeting-not-future = a meeting must be scheduled after today ({ $today }); { $first_day } has begun or passed
refusal-meeting-year-full = { $year } already has { $count } meetings; the Forum meets at most { $limit } times a year (ToR-3)
refusal-meeting-overlap = the meeting of { $first_day } to { $last_day } overlaps meeting { $other } ({ $other_first_day } to { $other_last_day })
refusal-meeting-over = meeting { $meeting } is over
refusal-not-member = { $state } is not a member of the Forum

## Meetings: signed and versioned steps

# $detail is the decoder's English words: technical, not translated.
refusal-meeting-codec = { $detail }
# $what names the signed body (a contact card, an expert acknowledgement).
refusal-meeting-bad-signature = { $what } signature does not verify under the key of { $signer }
refusal-meeting-stale = { $what }: version { $offered } is not newer than the one held ({ $held }): refused
refusal-meeting-already-held = version { $version } is already held

## Meetings: invitation, agenda and presentation intents (ToR-9 to ToR-11)

refusal-invitation-too-late = an invitation must be issued before the meeting begins
refusal-agenda-version-zero = agenda versions start at 1
refusal-agenda-too-many-items = an agenda has at most { $limit } items
refusal-agenda-item-number = agenda item { $position } is numbered { $number }
refusal-agenda-item-no-presenter = agenda item { $position } comes from an intent but names no presenter
refusal-agenda-too-many-documents = at most { $limit } supporting documents
refusal-intent-not-own-case = { $presenter } can only announce the presentation of its own cases, not { $case }
refusal-intent-minutes = a presentation takes 1 to { $limit } minutes
refusal-intent-unknown-meeting = the intent names a meeting that is not on the calendar
refusal-intent-other-meeting = the intent names another meeting
refusal-intent-agenda-adopted = presentation intents for meeting { $meeting } closed when its agenda was adopted on { $adopted_on } (ToR-11)

## Meetings: registrations (ToR-6, ToR-7)

refusal-registration-revision-zero = registration revisions start at 1
refusal-registration-too-many = a delegation lists at most { $limit } people
refusal-registration-two-heads = a delegation has at most one head
refusal-registration-not-own = only { $state } registers its own delegation, not { $sender }
refusal-registration-other-meeting = the registration names another meeting

## Meetings: contact cards (ToR-20)

refusal-card-sequence-zero = contact card sequences start at 1
refusal-card-too-many-contacts = a card has at most { $limit } contacts
# $function and $email come quoted and escaped, as in refusal-case-language-tag.
refusal-card-contact-unreachable = contact { $function } needs an e-mail address or a phone number
refusal-card-email = { $email } is not an e-mail address
refusal-card-too-many-languages = at most { $limit } languages

## Meetings: briefings (ToR-22)

refusal-briefing-version-zero = briefing versions start at 1
refusal-briefing-too-many-cases = a briefing draws on at most { $limit } cases

## Meetings: non-state experts (ToR-8, ToR-15)

refusal-expert-other-meeting = the proposal names another meeting
refusal-expert-late = an expert proposal must reach the Secretariat by { $due } (T-30, ToR-8); this one is { $days_late } day(s) late
refusal-expert-circulated-early = a proposal cannot be circulated before it was made
refusal-expert-secretariat-only = only the Secretariat circulates a proposal or records a decision (ToR-8)
refusal-expert-states-only = objections, consultations and withdrawals are made by States (ToR-8)
refusal-expert-other-proposal = the record names another proposal
refusal-expert-record-date = a record is dated the day it is made ({ $today }), not { $on }
refusal-expert-already-circulated = the proposal has already been circulated
refusal-expert-objector-not-party = only a State Party may object to an expert, not { $by }
refusal-expert-own-objection = the proposer cannot object to its own expert
refusal-expert-not-circulated = the proposal has not been circulated yet
refusal-expert-silence-ended = the silence procedure ended on { $ends } (ToR-8)
refusal-expert-already-objected = { $by } has already objected
refusal-expert-no-objection = there is no standing objection to consult on
refusal-expert-consultation-party = only the objecting States and the proposer record consultations (ToR-8)
refusal-expert-withdraw-objection = only an objecting State withdraws its objection
refusal-expert-withdraw-proposal = only the proposer withdraws its proposal
# $state is the proposal's state as the protocol names it (pending, silence_running, objected, escalated, accepted, rejected, withdrawn).
refusal-expert-decision-early = a procedural decision is recorded only after escalation at T-20 (ToR-8); the proposal is { $state }
refusal-expert-closed = the proposal is already { $state }
refusal-expert-acknowledged-early = the expert cannot acknowledge the duty before being told of it

## Roster: the signed list of members, join requests and key rotations (ToR-1, ToR-5)

# $detail is the decoder's English words: technical, not translated.
refusal-roster-codec = { $detail }
# $detail is the key's English words: technical, not translated.
refusal-roster-key = { $detail }
# $expected, $signer, $held, $given and $offered are key fingerprints or identifiers; $party is a State code or SECRETARIAT; all shown as they are.
refusal-roster-bad-signature = roster signature does not verify under the pinned Secretariat key { $expected }
refusal-roster-stale = roster sequence { $offered } is older than the one held ({ $held }): refused
refusal-roster-already-held = roster sequence { $sequence } is already held
refusal-roster-conflicting = roster sequence { $offered } is the same number as the one held but with other content: refused
refusal-roster-unlinked-key = roster signed by key { $signer }, which no change of roster key links to the key this node holds ({ $held })
refusal-roster-too-many-rotations = invalid roster: { $party }: more than { $limit } key rotations kept
refusal-roster-recovery-reason = invalid roster: { $party }: recovery reason over { $limit } bytes
refusal-roster-weak-key = invalid roster: { $party }: the key { $key } is of small order or no curve point, and cannot be used
refusal-roster-peer-id-mismatch = invalid roster: { $party }: peer id { $peer_id } does not match its transport key
refusal-roster-addresses = invalid roster: { $party }: at most { $limit } non-empty addresses of at most { $max_len } bytes
refusal-roster-key-change-signer = invalid roster: a change of roster key is signed by the current roster key
refusal-roster-key-changes-exhausted = invalid roster: the roster key has changed { $limit } times
refusal-roster-format = invalid roster: format { $format } is not supported (this node reads format { $supported })
refusal-roster-too-many-members = invalid roster: more than { $limit } members
refusal-roster-wire-version-zero = invalid roster: wire version 0 does not exist (versions start at 1)
refusal-roster-too-many-key-changes = invalid roster: more than { $limit } changes of roster key
refusal-roster-members-unsorted = invalid roster: members must be sorted and unique by State code ({ $first } then { $second })
refusal-roster-peer-id-twice = invalid roster: { $state }: peer id { $peer_id } is used twice
refusal-roster-keys-after-sequence = invalid roster: { $state }: keys introduced at sequence { $since } after this roster's { $sequence }
refusal-roster-chair-not-member = invalid roster: Chair { $state } is not a member
refusal-roster-wrong-signer = invalid roster: this roster is signed by the roster key { $signer }, not by { $given }
refusal-roster-not-pinned = invalid roster: this roster is signed by roster key { $signer }, and neither it nor any earlier roster key is the pinned one
refusal-roster-join-own-key = join request: must be signed by the requesting node's own key
refusal-roster-join-signature = join request: { $state }: signature does not verify
refusal-roster-rotation-signers = key rotation: signed by the previous and the new signing keys it names
refusal-roster-rotation-not-by-previous = key rotation: { $party }: not signed by its previous signing key
refusal-roster-rotation-not-by-new = key rotation: { $party }: not signed by its new signing key
refusal-roster-rotation-same-key = key rotation: { $party }: the new signing key is the previous one
refusal-roster-rotation-not-listed = key rotation: { $party } is not on the roster
refusal-roster-rotation-transport-key = key rotation: { $party }: a rotation keeps the node's transport key { $held }, not { $offered }
refusal-roster-rotation-previous-key = key rotation: { $party } rotates from signing key { $offered }, but the roster lists { $held }
# $label names the pasted block (DIEF ROSTER, DIEF JOIN REQUEST, DIEF KEY ROTATION), shown as it is.
refusal-armor-missing = expected a "{ $label }" block (-----BEGIN { $label }-----)
refusal-armor-bad-hex = the { $label } block is not valid hex
