# dief web interface: node operations (en).
# /admin/operations: key rotation, backups, the join request; on the Secretariat, the roster work.

ops-title = Node operations
ops-back = Back to administration
ops-back-operations = Back to node operations
ops-done-published = The roster is signed and sent to every member.
ops-done-drafted = The roster key is not on this node: the change is only drafted. Carry the draft below to where the roster key is kept, sign it there, and publish the signed roster here.

## This node's keys
ops-keys = Rotate this node’s keys
ops-keys-help = This node makes a new signing key and a new encryption key, signs the change with its current key and sends it to the Secretariat. The new keys take effect when the roster lists them; until then this node keeps using its current keys.
ops-keys-confirm = I confirm that this node’s keys are to be replaced.
ops-keys-rotate = Rotate the keys
ops-keys-unconfirmed = Tick the box to confirm the rotation of this node’s keys.
ops-keys-done = New signing key (fingerprint):
ops-keys-effect = The new keys take effect when the roster lists them. The administration page shows the key waiting for the roster until then.
ops-keys-statement = The signed rotation
ops-keys-statement-help = If this node reaches the Secretariat only by a channel outside this system, copy this text block and carry it to the Secretariat, which applies it to the roster.

## Backup
ops-backup = Write a backup
ops-backup-path = Backup file (full path on the node’s machine)
ops-backup-help = The file must not exist yet. The backup is sealed under this node’s data key and taken while the node keeps working; store it away from the node’s machine.
ops-backup-write = Write the backup
ops-backup-no-path = Give the path of the backup file.
ops-backup-relative = The path { $path } is relative. Give a full path on the node’s machine, starting from its root (for example /var/backups/dief.backup).
ops-backup-done = The backup is written.
ops-backup-file = File
ops-backup-size = Size
ops-backup-bytes = { $bytes ->
    [one] { $bytes } byte
   *[other] { $bytes } bytes
}
ops-backup-time = Taken on

## Join request (a State)
ops-join = This State’s join request
ops-join-help = Send this text block to the Secretariat by a channel outside this system: it admits the State to the roster with it. The block names this node’s keys and addresses; it holds no secret.

## Wire version (Secretariat)
ops-wire = Wire version of the federation
ops-wire-current = Members write wire version
ops-wire-warning = Raise the wire version only once every member runs a release that reads it: a member on an older release refuses the newer messages for good, and its senders set them aside. Lowering it again is allowed, to roll back.
ops-wire-label = Wire version
ops-wire-set = Set the wire version
ops-wire-bad = Give the wire version as a whole number.

## A member's key rotation (Secretariat)
ops-rotation = Apply a member’s key rotation
ops-rotation-text = The signed rotation the member sent (paste the whole text block, first and last lines included)
ops-rotation-apply = Apply the rotation
ops-rotation-bad = This is not a valid key rotation: paste the whole block the member sent.

## Recovery (Secretariat)
ops-recover = Recover a member that lost its keys
ops-recover-help = When a member lost its signing key, no rotation can vouch for its new keys. The roster then lists the keys of its new join request, and every member is alerted and shown the reason.
ops-recover-text = The member’s new join request (paste the whole text block, first and last lines included)
ops-recover-reason = Reason, shown to every member
ops-recover-confirm = I have confirmed this recovery with the State concerned by a channel outside this system; every member will be alerted.
ops-recover-submit = Recover the member
ops-recover-unconfirmed = Tick the box to confirm the recovery.
ops-recover-no-reason = Give the reason for the recovery: every member is shown it.
ops-recover-bad = This is not a valid join request: paste the whole block the State sent.

## Roster key (Secretariat)
ops-roster-key = Rotate the roster key
ops-roster-key-help = This node makes a new roster key and signs the next roster with the current one, so that members follow the change. The old key signs nothing once members hold the new roster.
ops-roster-key-confirm = I confirm that the roster key is to be replaced.
ops-roster-key-rotate = Rotate the roster key
ops-roster-key-unconfirmed = Tick the box to confirm the rotation of the roster key.

## Roster key kept offline (Secretariat)
ops-draft = Draft of the next roster
ops-draft-help = Copy this text block and carry it to the machine where the roster key is kept; sign it there, then publish the signed roster below.
ops-draft-none = No draft waits to be signed.
ops-publish = Publish a roster signed offline
ops-publish-text = The signed roster (paste the whole text block, first and last lines included)
ops-publish-submit = Publish the roster
ops-publish-bad = This is not a valid signed roster: paste the whole block the offline machine wrote.
