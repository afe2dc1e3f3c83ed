# dief web interface: English catalog (the reference: every other catalog
# has exactly these keys). Project Fluent syntax: https://projectfluent.org

app-name = DIEF · ATT Diversion Information Exchange
footer-confidential = Confidential: information exchanged in the Forum is for the States that receive it and is handled under the Terms of Reference (ToR-15).

## Navigation
nav-label = Main menu
nav-skip = Skip to the content
nav-home = Home
nav-cases = Cases
nav-messages = Messages
nav-meetings = Meetings
nav-users = Users
nav-account = My account
nav-logout = Sign out

## Languages, each named in its own language
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## Roles
role-administrator = Administrator
role-case_officer = Case officer
role-liaison = Law-enforcement liaison
role-delegate = Delegate
role-reviewer = Reviewer

## Dates
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-long = { $day } { $month } { $year }

## Sign in and account
login-title = Sign in
login-name = User name
login-password = Password
login-submit = Sign in
login-refused = The user name or the password is not right.
login-throttled = { $seconds ->
    [one] Too many failed attempts. Try again in { $seconds } second.
   *[other] Too many failed attempts. Try again in { $seconds } seconds.
}
account-title = My account
account-role = Role
account-language = Language
account-language-save = Change language
account-password = Password
account-password-current = Current password
account-password-new = New password (at least { $min } characters)
account-password-save = Change password
account-saved-language = The language was changed.
account-saved-password = The password was changed. Your other sessions were signed out.
users-title = Users of this node
users-add = Add a user
users-created = Created
users-status = Status
users-actions = Changes
users-enabled = enabled
users-disabled-on = disabled on { $date }
users-change-role = Change the role
users-disable = Disable
users-enable = Enable

## Home
home-title = Home
home-node = This node
home-party = Participant
home-roster = Membership roster
home-roster-seq = Version { $seq }, { $members ->
    [one] { $members } member
   *[other] { $members } members
}
home-roster-none = No roster yet
home-connected = Members connected
home-inbox = Messages received
home-outbox = Messages waiting to be delivered
home-all-well = Everything is in order.
home-attention = This node needs an operator's attention:
home-deadlines = Deadlines
home-deadlines-warn = { $count ->
    [one] One deadline is near or missed.
   *[other] { $count } deadlines are near or missed.
}
home-ical = Add the deadlines to a calendar program (iCalendar)

## Deadlines
deadlines-none = No deadline.
deadlines-due = Due
deadlines-what = What
deadlines-rule = Rule
deadlines-meeting = Meeting
deadlines-status = Status
deadlines-yours = yours
deadline-invitation = Invitation to “{ $meeting }”
deadline-agenda = Draft agenda of “{ $meeting }”
deadline-silence = Silence procedure on expert { $expert }: objections until
deadline-escalation = Unresolved objection to expert { $expert } goes to the States Parties attending
deadline-intents = { $count ->
    [0] Presentation intents for “{ $meeting }” close when its agenda is adopted
    [one] One presentation intent of yours stands for “{ $meeting }” until its agenda is adopted
   *[other] { $count } presentation intents of yours stand for “{ $meeting }” until its agenda is adopted
}
deadline-notices = Notices to the involved States for case { $case }
deadline-expert-proposal = Expert proposal for presentation { $presentation }
deadline-notice-reply = Reply to { $from }’s notice about case { $case }
deadline-open = { $days ->
    [one] open, { $days } day left
   *[other] open, { $days } days left
}
deadline-near = { $days ->
    [0] near: due today
    [one] near: { $days } day left
   *[other] near: { $days } days left
}
deadline-missed = { $days ->
    [one] missed by { $days } day
   *[other] missed by { $days } days
}
deadline-done = done on { $date }
deadline-done-late = done late, on { $date }

## Cases
cases-title = Cases
cases-new = Record a case
cases-create = Record the case
cases-none = No case found.
cases-id = Case
cases-provider = Provider
cases-own = ours
cases-updated = Updated
cases-search = Search
cases-search-text = Words
cases-search-country = Country (code)
cases-search-serial = Serial number
case-title = Title
case-summary = Summary
case-status = Status
case-investigation = Investigation
case-states-involved = States involved
case-codes-hint = (three-letter codes, separated by commas)
case-version = Version
case-version-n = version { $n }
case-received-from = received from { $from }
case-withdrawn = withdrawn
case-withdrawn-on = The provider withdrew this case on { $date }.
case-not-given = not given
case-section-general = The case
case-section-marking = Marking and handling
case-section-diversion = The diversion
case-section-detection = Detection
case-section-items = Arms and items
case-section-chain = Transfer chain
case-section-actors = Actors
case-handling = Handling (Traffic Light Protocol)
case-operational-use = Operational use
case-confidentiality = National confidentiality label
case-diversion-date = Date of the diversion
case-diversion-stage = Stage of the transfer chain
case-diversion-place = Place
case-diversion-country = Country (code)
case-means = Means and methods
case-transit-points = Transit points
case-transit-points-hint = (separated by ;)
case-destinations = Destinations
case-destinations-hint = (separated by ;)
case-brokers = Brokers
case-brokers-hint = (separated by ;)
case-detection-date = Date of detection
case-detection-agency = Detecting agency
case-detection-how = How it was detected
case-item-n = Item { $n }
case-item-category = ATT category
case-item-type = Type
case-item-make = Make
case-item-model = Model
case-item-calibre = Calibre
case-item-quantity = Quantity
case-item-serials = Serial numbers
case-item-serials-hint = (separated by commas)
case-leg-n = Leg { $n }
case-leg-role = Role
case-leg-entity = Company, agency or person
case-leg-country = Country (code)
case-leg-date = Date
case-leg-licence = Export licence
case-leg-euc = End-user certificate
case-actor-name = Name
case-actor-role = Role
case-actor-country = Country (code)
case-actor-description = Description
case-attachments = Attachments
case-bytes = { $n } bytes
case-holders = States holding this case
case-edit = Edit this case
case-edit-title = Edit case { $id }
case-save = Save a new version
case-share = Share this case
case-share-with = Share with
case-share-send = Share with the States ticked
case-replies = Replies
case-replies-none = No reply yet.
case-reply = Your reply
case-reply-to = Reply to
case-reply-send = Send the reply
case-export = Export for operational use
case-export-note = The export is written to the audit log. The provider’s conditions (ToR-16) apply to any use.
case-print = Printable view

## Vocabularies
status-suspected = suspected
status-detected = detected
investigation-ongoing = investigation ongoing
investigation-closed = investigation closed
tlp-red = TLP:RED (the receiving participants only)
tlp-amber_strict = TLP:AMBER+STRICT (the receiving agency only)
tlp-amber = TLP:AMBER (the receiving agency and national authorities, as needed)
tlp-green = TLP:GREEN (within the Forum)
tlp-clear = TLP:CLEAR (no restriction)
use-consult_provider = only after consulting the provider (ToR-16)
use-pre_authorised = authorised in advance by the provider
use-not_permitted = for information only
stage-export = export
stage-transit = transit
stage-import = import
stage-post_delivery = after delivery
chain-manufacturer = manufacturer
chain-exporter = exporter
chain-importer = importer
chain-transit = transit
chain-broker = broker
chain-shipper = shipper
chain-freight_forwarder = freight forwarder
chain-financier = financier
chain-end_user = end user
category-battle_tanks = Battle tanks
category-armoured_combat_vehicles = Armoured combat vehicles
category-large_calibre_artillery = Large-calibre artillery systems
category-combat_aircraft = Combat aircraft
category-attack_helicopters = Attack helicopters
category-warships = Warships
category-missiles_and_launchers = Missiles and missile launchers
category-small_arms_and_light_weapons = Small arms and light weapons
category-ammunition = Ammunition/munitions
category-parts_and_components = Parts and components

## Messages
messages-title = Messages
messages-inbox = Received
messages-outbox = Sent
messages-none = None.
messages-received = Received
messages-sent = Sent
messages-from = From
messages-kind = Kind
messages-case = Case
messages-recipients = Recipients
messages-delivered = delivered { $at }
messages-pending = { $attempts ->
    [0] waiting
   *[other] waiting, { $attempts } attempts
}
messages-set-aside = set aside: the recipient refused it
kind-case_share = Case shared
kind-case_update = Case updated
kind-reply = Reply
kind-roster_update = Membership roster
kind-case_withdrawal = Case withdrawn
kind-involved_notice = Notice to an involved State
kind-notice_reply = Reply to a notice
kind-right_of_reply = Right of reply
kind-use_request = Request for operational use
kind-use_answer = Answer on operational use
kind-challenge = Challenge
kind-challenge_answer = Answer to a challenge
kind-challenge_close = Challenge closed
kind-thread_post = Discussion message
kind-contact_card = Contact card
kind-invitation = Invitation
kind-draft_agenda = Draft agenda
kind-agenda_adoption = Agenda adopted
kind-presentation_intent = Intent to present
kind-intent_withdrawal = Intent withdrawn
kind-registration = Delegation registration
kind-expert_proposal = Expert proposal
kind-expert_circulation = Expert proposal circulated
kind-expert_record = Expert procedure step
kind-expert_acknowledgement = Expert’s acknowledgement
kind-briefing_draft = Draft briefing
kind-briefing_response = Briefing response
kind-resend_request = Request to send again
kind-key_rotation = New keys of a participant

## Meetings
meetings-title = Meetings
meetings-none = No meeting is scheduled.
meetings-dates = Dates
meetings-from-to = from { $first } to { $last }
meetings-venue = Venue
meetings-kind = Held
meetings-kind-csp = during the Conference of States Parties
meetings-kind-preparatory = during a preparatory meeting
meetings-invitation = Invitation
meetings-invited-on = sent on { $date }
meetings-not-invited = not sent yet
meetings-agenda = Agenda
meetings-agenda-none = no draft yet
meetings-agenda-circulated = draft circulated
meetings-agenda-adopted = adopted
meetings-registrations = Delegations registered
meetings-send-invitation = Send the invitation to every member
meetings-schedule = Schedule a meeting
meetings-title-field = Title
meetings-first-day = First day
meetings-last-day = Last day
meetings-call = Call for submissions

## Errors
error-title = Not possible
error-detail = Technical detail (in English)
error-forbidden = Your role does not allow this.
error-not-found = This does not exist on this node.
error-conflict = This already exists.
error-disk-full = The node’s disk is full: nothing was changed. Tell the node’s operator.
error-invalid = The request is not valid.
error-internal = The node failed to do this. Nothing was lost; tell the node’s operator.
error-csrf = This form has expired or did not come from this node. Open the page again and retry.
error-too-large = What was sent is too large.
error-date = A date is not valid: write it as year-month-day.
error-field = A field is not valid.
error-field-value = The field “{ $field }” does not accept “{ $value }”.
error-share-nobody = Tick at least one State to share with.

## Links to the other areas
case-procedures-link = Procedures on this case: notices, operational use, challenges, threads, withdrawal
meetings-open-link = Details and steps of this meeting
nav-admin = Administration
cases-search-more = More criteria (ToR-19)
cases-search-broker = Broker
cases-search-transit = Transit point
cases-search-from = Diversion from
cases-search-to = Diversion until
nav-contacts = Contacts
case-attachments-add = Add files
case-attachments-hint = (photographs of markings, scanned documents; 12 MiB in all)
error-password-short = The password must have at least { $min } characters.
error-password-long = The password is too long.
error-password-name = The password must not contain the user name.
error-user-exists = A user named { $name } already exists.
error-user-name = The user name { $name } is not valid: use lower-case letters, digits, “.”, “_”, “-” or “@”.
error-no-roster = This node has no membership roster yet.
error-secretariat-only = Only the Secretariat can do this.
error-state-only = Only a State can do this.
error-not-for-secretariat = The Secretariat never holds case content: it cannot do this.
error-user-unknown = There is no user named { $name }.
error-user-last-admin = { $name } is the last enabled administrator of this node: give another account that role first.
error-user-role = The role { $role } does not exist: use administrator, case_officer, liaison, delegate or reviewer.
error-user-language = The language { $language } is not one of the six: use ar, zh, en, fr, ru or es.
error-not-found-id = Nothing with the identifier { $id } exists on this node.
error-already-initialised = A node is already initialised in { $dir }.
error-shutting-down = The node is shutting down; try again once it has restarted.
