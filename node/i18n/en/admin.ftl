# dief web interface: the admin pages (en).
# Administration (/admin), the audit log (/audit), the contact directory (/contacts).

admin-title = Administration
admin-see-also = Related pages
admin-secretariat = Secretariat
admin-secretariat-only = Only the Secretariat administers the roster.

## What the last action did
admin-done-acknowledged = The alert is acknowledged.
admin-done-retried = The deliveries set aside are queued again.
admin-done-published = The roster is signed and sent to every member.
admin-done-drafted = The roster key is not on this node: the change is only drafted. Sign the draft where the roster key is kept (dief roster draft, dief roster sign) and publish the signed roster (dief roster publish).

## Keys
admin-keys = This node’s keys
admin-keys-signing = Signing key (fingerprint)
admin-keys-encryption = Encryption key (identifier)
admin-keys-retired = Retired encryption keys
admin-keys-grace = { $days ->
    [one] Kept for { $days } day after a rotation, then destroyed.
   *[other] Kept for { $days } days after a rotation, then destroyed.
}
admin-keys-pending = New signing key waiting for the roster
admin-keys-roster = Roster key (fingerprint)
admin-keys-roster-offline = Not on this node (kept offline)

## Alerts
admin-alerts = Alerts
admin-alerts-none = No alerts.
admin-alert-raised = Raised on { $at }
admin-alert-keys-replaced = Roster { $sequence } gives { $party } new keys ({ $listed }; the keys this node holds are { $pinned }). This node keeps using the keys it holds until you acknowledge.
admin-alert-recovery-declared = The Secretariat declares a key recovery, for this reason:
admin-alert-no-rotation = No rotation signed with the previous key vouches for the new keys.
admin-alert-own-keys = Roster { $sequence } lists keys for this node that are not its own ({ $listed }; this node’s are { $own }). Members that check continuity keep this node’s keys. Ask the Secretariat why.
admin-alert-split-view = Split view of the roster: { $party } holds roster { $sequence } with digest { $other }, this node holds digest { $held }. Two different rosters with the same number were signed. Compare them with { $party } by a channel outside this system.
admin-alert-confirm = I have confirmed this with the State concerned by a channel outside this system (telephone, meeting, diplomatic note).
admin-alert-acknowledge = Acknowledge
admin-alert-acknowledged = Acknowledged by { $by } on { $at }
admin-alert-unconfirmed = Tick the box to say that you confirmed this out of band before acknowledging.

## Roster
admin-roster = Roster of participants
admin-roster-none = This node has no roster yet.
admin-roster-sequence = Roster number { $sequence }, issued on { $at }
admin-roster-key = Roster key (fingerprint)
admin-roster-chair = Chair
admin-roster-chair-term = { $state }, term ending on { $date }
admin-roster-no-chair = No Chair is set.
admin-roster-state = State
admin-roster-status = Status
admin-status-state-party = State Party
admin-status-signatory = Signatory State

## Roster administration (Secretariat)
admin-roster-admin = Roster administration
admin-roster-offline = The roster key is kept offline: admitting, removing and the Chair only draft the next roster here. It takes effect once signed where the roster key is kept and published.
admin-roster-draft-waiting = A draft of roster { $sequence } waits to be signed offline.
admin-roster-admit = Admit a State
admin-roster-admit-text = The State’s join request (paste the whole text block, BEGIN and END lines included)
admin-roster-bad-join = This is not a valid join request: paste the whole block the State sent.
admin-roster-remove = Remove a State
admin-roster-remove-confirm = I confirm that this State leaves the roster: it will receive nothing more.
admin-roster-remove-unconfirmed = Tick the box to confirm the removal.
admin-roster-set-chair = Set the Chair
admin-roster-term-ends = End of the term
admin-roster-pick-state = Choose a State of the roster.

## Deliveries set aside
admin-set-aside = Deliveries set aside
admin-set-aside-none = Nothing is set aside: every delivery is done or still being tried.
admin-set-aside-sent = Sent
admin-set-aside-kind = What
admin-set-aside-case = Case
admin-set-aside-recipients = Set aside for
admin-set-aside-action = Action
admin-set-aside-attempts = { $n ->
    [one] after { $n } attempt
   *[other] after { $n } attempts
}
admin-retry = Try again

## Backup
admin-backup = Backup
admin-backup-last = Last backup taken on { $at }.
admin-backup-file = File:
admin-backup-never = No backup has been taken since the node started.
admin-backup-failed = The last backup attempt failed.

## Audit log
admin-audit-title = Audit log
admin-audit-intact = { $n ->
    [one] Verified: the log is intact ({ $n } entry, present, in order and unaltered).
   *[other] Verified: the log is intact (all { $n } entries present, in order and unaltered).
}
admin-audit-tampered = { $n ->
    [one] The log is NOT intact: after { $n } good entry, verification found:
   *[other] The log is NOT intact: after { $n } good entries, verification found:
}
admin-audit-unlisted = The entries cannot be listed.
admin-audit-none = The log has no entries.
admin-audit-seq = No.
admin-audit-time = Time
admin-audit-user = User
admin-audit-action = Action
admin-audit-case = Case
admin-audit-parties = Parties
admin-audit-no-user = (from the network)
admin-audit-version = version { $n }
admin-audit-pages = Pages of the log
admin-audit-page = Page { $page } of { $pages }
admin-audit-newer = Newer entries
admin-audit-older = Older entries
admin-audit-sent = Sent: { $kind }
admin-audit-delivered = Received: { $kind }
admin-audit-receipted = Receipt received
admin-audit-case-created = Case recorded
admin-audit-case-edited = Case edited
admin-audit-case-withdrawn = Case withdrawn
admin-audit-operational-export = Exported for operational use (ToR-16)
admin-audit-format-export = Exported for operational use (ToR-16) as { $format }
admin-audit-refused = Refused
admin-audit-log-recovered = The node found its log inconsistent and continued after the last entry
admin-audit-account-added = Account added:
admin-audit-account-changed = Account changed:
admin-audit-password-changed = Password changed:
admin-audit-language-changed = Language changed:
admin-audit-role-changed = Role changed:
admin-audit-account-disabled = Account disabled:
admin-audit-account-enabled = Account enabled:
admin-audit-signed-in = Signed in
admin-audit-sign-in-refused = Sign-in refused for the name
admin-audit-other = Other event

## Findings of the verification
admin-finding-unreadable = A stored part of the log cannot be read: altered, moved or in an unknown format.
admin-finding-unexpected-key = An unexpected record ({ $key }) lies among the entries.
admin-finding-deleted = Entries { $first } to { $last } were deleted.
admin-finding-reordered = Entries were reordered: position { $position } holds entry { $seq }.
admin-finding-edited = Entry { $seq } was edited: it no longer matches its hash.
admin-finding-chain-broken = Entry { $seq } does not link to entry { $previous }: one of them was replaced.
admin-finding-truncated = The log was truncated: the head names entry { $head }, the last entry is { $last }.
admin-finding-head-missing = The head record is missing while entries up to { $last } exist.
admin-finding-beyond-head = Entries lie beyond the head at { $head } (up to { $last }): the head was rolled back.
admin-finding-head-mismatch = The head names entry { $seq } with another hash: the head or the entry was replaced.
admin-finding-recovered = Entry { $seq } records that the node found its log inconsistent and continued.
admin-finding-other = Another inconsistency was found (see the technical detail).

## Contact directory (ToR-20)
admin-contacts-title = Contact directory
admin-contact-state = State
admin-contact-role = Role
admin-contact-text = Text
admin-contact-search = Search
admin-contact-none = No contact card matches.
admin-contact-role-law_enforcement = Law enforcement
admin-contact-role-customs = Customs
admin-contact-role-licensing = Export licensing
admin-contact-role-foreign_ministry = Ministry of foreign affairs
admin-contact-role-other = Other
admin-contact-address = Address
admin-contact-languages = Working languages
admin-contact-languages-help = Language codes separated by commas, for example: fr, en
admin-contact-issued = Issued
admin-contact-version = { $date } (version { $n })
admin-contact-notes = Notes
admin-contact-notes-help = Sealed to the member States: the Secretariat relays the card without reading the notes.
admin-contact-notes-sealed = Sealed: not readable on this node.
admin-contact-function = Function
admin-contact-name = Name
admin-contact-email = E-mail
admin-contact-phone = Telephone
admin-contact-person = Contact { $n }
admin-contact-agency = Agency
admin-contact-publish = Publish this State’s contact card
admin-contact-publish-help = The card is signed by this State and sent through the Secretariat to every member State. Publishing again for the same agency replaces its card.
admin-contact-published = The card is published: it reaches the other States through the Secretariat.
admin-contact-function-missing = Each contact needs a function.
