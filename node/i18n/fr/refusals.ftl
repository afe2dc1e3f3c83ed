## refusals: refusals worded from their key and arguments (issue 12)

## Cas

refusal-case-not-own-share = le cas { $case } émane de { $provider } ; seul son émetteur peut le partager
refusal-case-not-own-holders = le cas { $case } émane de { $provider } ; seul son émetteur peut obtenir la liste de ses détenteurs
refusal-case-not-own-edit = le cas { $case } émane de { $provider } ; seul son émetteur peut le modifier
refusal-case-not-own-withdraw = le cas { $case } émane de { $provider } ; seul son émetteur peut le retirer
refusal-case-not-for-sharing = le cas { $case } ne peut pas être partagé : il porte la mention « ne pas partager » (ToR-13), car { $why ->
        [national_security] il contient des informations relevant de la sécurité nationale
       *[ongoing_proceedings] son partage porterait préjudice à une procédure répressive en cours
    }. Il ne pourra être partagé que lorsque son émetteur aura retiré cette mention.
refusal-case-not-for-sharing-note = le cas { $case } ne peut pas être partagé : il porte la mention « ne pas partager » (ToR-13), car { $why ->
        [national_security] il contient des informations relevant de la sécurité nationale
       *[ongoing_proceedings] son partage porterait préjudice à une procédure répressive en cours
    } ({ $note }). Il ne pourra être partagé que lorsque son émetteur aura retiré cette mention.
refusal-case-withdrawn-share = le cas { $case } a été retiré ; il n’est plus partagé
refusal-case-share-no-recipient = choisissez au moins un État avec lequel partager le cas
refusal-case-share-to-provider = { $state } est l’émetteur du cas { $case } ; il ne peut pas en être destinataire
refusal-case-withdrawn-edit = le cas { $case } a été retiré ; il ne peut plus être modifié
refusal-case-too-many-versions = le cas { $case } compte trop de versions
refusal-case-already-withdrawn = le cas { $case } a déjà été retiré

## Échanges : ce que requiert tout message d’une procédure

refusal-exchange-no-recipient = aucun destinataire
refusal-exchange-to-itself = { $party } ne peut pas s’envoyer ce message à lui-même

## Contacts

refusal-contacts-state-only = seul un État publie des fiches de contact (ToR-20)

## Formats (importations et exportations)

refusal-formats-misp-import = importation MISP refusée : { $detail }

## Réunions

refusal-meetings-briefing-chair-only = seul le Président rédige les exposés (ToR-22) ; { $state } n’est pas le Président
refusal-meetings-briefing-no-participant = aucun État n’a encore inscrit de délégation à « { $title } »
refusal-meetings-briefing-not-participant = { $state } n’est pas un participant à cet exposé
refusal-meetings-agenda-no-invitation = la réunion { $meeting } n’a pas encore fait l’objet d’une invitation : invitez d’abord les membres
refusal-meetings-agenda-adopted = l’ordre du jour de la réunion { $meeting } a été adopté le { $on }
refusal-meetings-agenda-no-draft = la réunion { $meeting } n’a aucun projet d’ordre du jour à adopter
refusal-meetings-agenda-already-adopted = l’ordre du jour de la réunion { $meeting } a déjà été adopté le { $on }
refusal-meetings-intent-not-own-case = { $state } ne peut présenter que ses propres cas, et non le cas { $case }
refusal-meetings-intent-already-withdrawn = l’intention de présentation { $intent } a déjà été retirée
refusal-meetings-expert-intent-withdrawn = l’intention de présentation { $intent } a été retirée
refusal-meetings-expert-case-only = un expert ne peut être proposé que pour la présentation d’un cas (ToR-8)
refusal-meetings-expert-no-meeting = la présentation n’est encore rattachée à aucune réunion
refusal-meetings-expert-ack-proposer-only = seul { $proposer }, qui a proposé l’expert { $expert }, enregistre la reconnaissance de l’obligation de confidentialité
refusal-meetings-text-not-clear = le champ « { $field } » doit être fourni en clair ; c’est ce nœud qui le scelle
refusal-meetings-no-recipient = aucun membre à qui l’envoyer : { $what }

## Procédures entre États (ToR-12, 15, 16, 21)

refusal-procedures-replies-states-only = les réponses concernant les cas sont échangées entre États, et non avec le Secrétariat
refusal-procedures-threads-states-only = les fils de discussion de suivi réunissent des États, et non le Secrétariat
refusal-procedures-notice-not-own = le cas { $case } émane de { $provider } ; seul l’État présentateur envoie des notifications à son sujet
refusal-procedures-notice-withdrawn = le cas { $case } a été retiré ; il ne sera pas présenté
refusal-procedures-notice-no-recipient = indiquez au moins un État concerné (--to)
refusal-procedures-notice-to-itself = { $state } présente le cas { $case } ; il ne s’adresse pas de notification à lui-même
refusal-procedures-notice-too-late = la réunion du { $meeting } a déjà commencé ou est passée
refusal-procedures-not-a-notice = le message { $message } n’est pas une notification
refusal-procedures-right-of-reply-early = le droit de réponse s’ouvre après la présentation, à la réunion du { $meeting } (ToR-12)
refusal-procedures-challenge-itself = un participant ne peut pas se contester lui-même
refusal-procedures-challenge-own-answer = la contestation { $challenge } émane de ce nœud ; c’est l’autre partie qui y répond
refusal-procedures-challenge-close = seul l’auteur de la contestation { $challenge } peut la clore
refusal-procedures-reply-no-recipient = indiquez à qui répondre au sujet du cas { $case } (--to)
refusal-procedures-reply-to-itself = un État ne peut pas se répondre à lui-même
refusal-procedures-reply-not-shared = le cas { $case } n’a jamais été partagé avec { $state } : partagez-le d’abord
refusal-procedures-thread-provider-only = seul { $provider }, émetteur du cas { $case }, ouvre des fils de discussion de suivi à son sujet (ToR-21)
refusal-procedures-not-a-thread = le message { $message } n’ouvre pas de fil de discussion
refusal-procedures-use-own-case = le cas { $case } est un cas propre à cet État ; une demande d’usage opérationnel est sans objet
refusal-procedures-use-withdrawn = le cas { $case } a été retiré par son émetteur
refusal-procedures-export-handling = le cas { $case } porte le marquage { $marking } apposé par { $provider } : un cas reçu portant ce marquage ne peut pas être exporté
refusal-procedures-export-info-only = le cas { $case } est marqué par { $provider } « pour information uniquement » : il ne peut pas faire l’objet d’un usage opérationnel (ToR-16)
refusal-procedures-export-withdrawn = le cas { $case } a été retiré par { $provider } : il ne peut pas faire l’objet d’un usage opérationnel ({ $reason })
refusal-procedures-export-not-agreed = l’usage opérationnel du cas { $case } requiert l’accord préalable de { $provider } (ToR-16) : sa dernière réponse était « { $decision } »
refusal-procedures-export-no-request = l’usage opérationnel du cas { $case } requiert l’accord préalable de { $provider } (ToR-16) : aucune demande d’usage opérationnel n’a été envoyée ; envoyez-en une avec `dief use request`
refusal-procedures-export-unanswered = l’usage opérationnel du cas { $case } requiert l’accord préalable de { $provider } (ToR-16) : la demande d’usage opérationnel est toujours sans réponse

## Textes scellés (à l’intention des États membres)

refusal-sealed-too-long = le champ « { $field } » est trop long : une fois scellé, il représente { $len } octets de texte chiffré, au-delà de la limite de { $limit }
refusal-sealed-no-members = le champ « { $field } » est scellé à l’intention des États membres, et la liste des membres n’en compte encore aucun

## Adhésion et liste des membres

refusal-membership-addresses = adresses de la demande d’adhésion : { $detail }
refusal-membership-admit-count = admettez entre 1 et { $max } demandes d’adhésion à la fois
refusal-membership-no-status = aucun statut de membre n’est configuré
refusal-membership-other-keys = { $state } est déjà membre avec d’autres clés ({ $fingerprint }) : ses clés ne changent que par un renouvellement signé avec sa clé actuelle (`dief keys rotate` sur son nœud) ou, s’il a perdu sa clé, par `dief roster recover`, dont chaque membre est informé
refusal-membership-recovery-reason = une récupération de clés requiert un motif de 1 à { $max } octets, communiqué à chaque membre
refusal-membership-recover-not-member = { $state } n’est pas membre : admettez-le au moyen d’une demande d’adhésion
refusal-membership-not-member = { $state } n’est pas membre
refusal-membership-wire-version = la version { $version } du format d’échange n’est pas l’une de celles qu’écrit cette version du logiciel ({ $oldest } à { $newest })
refusal-membership-roster-key-offline = ce nœud ne détient pas la clé de la liste { $fingerprint } : la signature se fait hors ligne (`dief roster sign`)
refusal-membership-alert-stale = la liste des membres ne mentionne plus, pour { $party }, les clés visées par cette alerte ; voir l’alerte plus récente

## Configuration du nœud

refusal-node-config = { $detail }
refusal-node-roster-key-pin = un État doit fixer l’empreinte de la clé de la liste (--roster-key)

## Sauvegarde et restauration

refusal-backup-dir-not-empty = { $dir } n’est pas vide : restaurez dans un nouveau répertoire (une restauration n’écrase jamais un nœud)
refusal-backup-no-config = la sauvegarde ne contient pas de fichier { $file }
refusal-backup-config-not-utf8 = le fichier { $file } de la sauvegarde n’est pas en UTF-8
refusal-backup-config-invalid = le fichier { $file } de la sauvegarde : { $detail }

## Comptes

refusal-accounts-wrong-password = le mot de passe actuel est incorrect

## API

refusal-api-loopback-only = l’API n’écoute que sur l’interface de bouclage, et non sur { $addr }
refusal-api-metrics-loopback-only = le point d’accès aux métriques n’écoute que sur l’interface de bouclage, et non sur { $addr }
refusal-api-secretariat-reads-concern = le Secrétariat lira cette préoccupation (elle est chiffrée pour le Secrétariat, qui l’ouvre) : confirmez avec secretariat_reads (dief challenge send --secretariat-reads)
refusal-api-secretariat-reads-answer = le Secrétariat lira cette réponse (elle est chiffrée pour le Secrétariat, qui l’ouvre) : confirmez avec secretariat_reads (dief challenge answer --secretariat-reads)
refusal-api-secretariat-reads-close = le Secrétariat lira cette note de clôture (elle est chiffrée pour le Secrétariat, qui l’ouvre) : confirmez avec secretariat_reads (dief challenge close --secretariat-reads)

## Environnement de démonstration d’une fédération (dief demo)

refusal-federation-already-in = { $state } fait déjà partie de cette fédération
refusal-federation-node-running = { $party } est en cours d’exécution ; arrêtez-le d’abord
