## protocol: refusals worded from their key and arguments (issue 12)

## Cas : les règles qu’un cas doit respecter avant d’être enregistré ou partagé

refusal-case-empty = le champ { $field } ne doit pas être vide
refusal-case-too-long = le champ { $field } compte { $len } octets, au-delà de la limite de { $limit }
refusal-case-too-many = le champ { $field } compte { $count } entrées, au-delà de la limite de { $limit }
refusal-case-text-too-large = le texte du cas totalise { $total } octets, au-delà de la limite de { $limit }
refusal-case-attachments-too-large = les pièces jointes totalisent { $total } octets, au-delà de la limite de { $limit }
refusal-case-detection-before-diversion = la date detection.date ({ $detection }) est antérieure à la date diversion.date ({ $diversion }) : un détournement ne peut pas être détecté avant d’avoir eu lieu (ToR-18)
refusal-case-range-end-before-start = le champ { $field } ({ $end }) est antérieur au début de sa plage, { $start }
refusal-case-range-end-without-start = le champ { $field } est renseigné, mais pas le début de la plage
# $tag and $value come quoted, with any control character escaped ("t\tuh"), so that nothing invisible hides in them.
refusal-case-language-tag = la valeur { $tag } du champ { $field } n’est pas une étiquette de langue BCP 47 bien formée (par exemple « en », « fr », « zh-Hans »)
refusal-case-zero-quantity = le champ { $field } doit être au moins égal à 1
refusal-case-serials-exceed-quantity = le champ { $field } indique { $serials } numéros de série pour une quantité de { $quantity }
refusal-case-year-out-of-range = le champ { $field } ({ $year }) n’est pas compris entre { $min } et { $max }
refusal-case-in-future = le champ { $field } ({ $value }) est postérieur à la date du jour, { $today }
refusal-case-hash-mismatch = { $field } : l’empreinte SHA-256 du contenu de la pièce jointe ne correspond pas à l’empreinte enregistrée
refusal-case-empty-place = le champ { $field } requiert un nom ou un pays
refusal-case-duplicate = le champ { $field } mentionne { $value } plus d’une fois
refusal-case-other-known-term = la valeur { $value } du champ { $field } est refusée : il s’agit d’un terme connu saisi comme « autre » ; utilisez le terme lui-même
refusal-case-file-name = la valeur { $value } du champ { $field } est refusée : il faut un nom de fichier sans chemin ni caractère de contrôle
refusal-case-media-type = la valeur { $value } du champ { $field } est refusée : il faut un type de média, par exemple image/jpeg
refusal-case-category = la valeur { $value } du champ { $field } est refusée : ce n’est pas une catégorie du TCA (battle_tanks … small_arms_and_light_weapons, ammunition, parts_and_components)
refusal-case-invalid = la valeur { $value } du champ { $field } est refusée : { $why }
refusal-case-version = la version est 0 : les versions d’un cas commencent à 1
refusal-case-updated-before-created = updated_at ({ $updated_at }) est antérieur à created_at ({ $created_at })
# $reason is serde's own English words: technical, not translated.
refusal-case-decode = { $field } : { $reason }

## Contenu des messages : ce que porte tout message

# $detail is the decoder's English words: technical, not translated.
refusal-payload-codec = { $detail }
refusal-payload-too-long = le champ { $field } compte { $len } octets, au-delà de la limite de { $limit }
refusal-payload-empty = le champ { $field } ne doit pas être vide
# $tag comes quoted and escaped, as in refusal-case-language-tag.
refusal-payload-language-tag = { $tag } n’est pas une étiquette de langue BCP 47 (par exemple en, fr, ar, zh-Hans)
refusal-payload-version-zero = les versions d’un cas commencent à 1
refusal-payload-not-provider = le cas { $case } n’appartient pas à l’émetteur { $provider }
# $why is the ground of the marking (ToR-13), one of the two below.
refusal-payload-not-for-sharing = cas { $case } : ce cas porte la mention « ne pas partager » (ToR-13), car { $why ->
        [national_security] il contient des informations relevant de la sécurité nationale
       *[ongoing_proceedings] son partage porterait préjudice à une procédure répressive en cours
    }. Il ne pourra être partagé que lorsque son émetteur aura retiré cette mention.
# $note is the provider's own words, shown as written.
refusal-payload-not-for-sharing-noted = cas { $case } : ce cas porte la mention « ne pas partager » (ToR-13), car { $why ->
        [national_security] il contient des informations relevant de la sécurité nationale
       *[ongoing_proceedings] son partage porterait préjudice à une procédure répressive en cours
    } ({ $note }). Il ne pourra être partagé que lorsque son émetteur aura retiré cette mention.
refusal-payload-resend-before-epoch = demande de renvoi à partir de { $since_ms } ms : date antérieure à l’origine du temps Unix (epoch)
# $what names the signed body (a contact card, an expert acknowledgement); $detail is the decoder's English words.
refusal-payload-undecodable = { $what } : { $detail }

## Procédures : notifications et fils de discussion

refusal-notice-reply-after-meeting = la date limite de réponse à une notification ({ $reply_by }) ne peut pas être postérieure à la réunion ({ $meeting })
refusal-thread-too-few = un fil de discussion réunit au moins deux États
refusal-thread-too-many = un fil de discussion réunit au plus { $limit } États, et non { $count }
refusal-thread-duplicate = un État figure deux fois parmi les participants au fil de discussion

## Textes scellés : texte libre scellé à l’intention des États membres

# $detail is the key's English words: technical, not translated.
refusal-sealed-key = { $detail }
refusal-sealed-no-recipients = un texte scellé doit l’être à l’intention d’au moins un État membre
refusal-sealed-too-many-recipients = { $count } destinataires : { $limit } au maximum
refusal-sealed-duplicate-recipient = { $state } figure deux fois parmi les destinataires
refusal-sealed-unknown-party = { $party } n’est pas un État membre inscrit sur la liste des membres
refusal-sealed-text-too-long = texte scellé du champ « { $field } » : { $len } octets de texte chiffré, au-delà de la limite de { $limit }
refusal-sealed-not-for-me = { $state } ne figure pas parmi les destinataires de ce texte
refusal-sealed-wrong-key = le texte a été scellé pour la clé { $found } de { $me }, que ce nœud ne détient plus
refusal-sealed-sender-key = le texte a été scellé avec la clé { $used } de son expéditeur, et non avec celle qui est indiquée ({ $given })
# $detail is the cipher's English words: technical, not translated.
refusal-sealed-decrypt = le texte scellé ne s’ouvre pas : { $detail } (il a été altéré, ou déplacé depuis un autre message ou un autre champ)
refusal-sealed-arrived-in-clear = le champ « { $field } » est arrivé en clair : il doit être scellé à l’intention des membres ; mettez à jour le nœud expéditeur

## Réunions : le calendrier (ToR-3)

refusal-meeting-ends-before-start = le dernier jour de la réunion, { $last_day }, est antérieur à son premier jour, { $first_day }
refusal-meeting-too-long = une réunion de { $days } jours dépasse la durée maximale de { $limit } jours
refusal-meeting-not-future = une réunion doit être programmée après la date du jour ({ $today }) ; la journée du { $first_day } a déjà commencé ou est passée
refusal-meeting-year-full = l’année { $year } compte déjà { $count ->
        [one] { $count } réunion
       *[other] { $count } réunions
    } ; le Forum se réunit au plus { $limit } fois par an (ToR-3)
refusal-meeting-overlap = la réunion du { $first_day } au { $last_day } chevauche la réunion { $other } (du { $other_first_day } au { $other_last_day })
refusal-meeting-over = la réunion { $meeting } est terminée
refusal-not-member = { $state } n’est pas membre du Forum

## Réunions : étapes signées et versionnées

# $detail is the decoder's English words: technical, not translated.
refusal-meeting-codec = { $detail }
# $what names the signed body (a contact card, an expert acknowledgement).
refusal-meeting-bad-signature = { $what } : la signature ne peut pas être vérifiée avec la clé de { $signer }
refusal-meeting-stale = { $what } : la version { $offered } n’est pas plus récente que celle qui est détenue ({ $held }) ; elle est refusée
refusal-meeting-already-held = la version { $version } est déjà détenue

## Réunions : invitation, ordre du jour et intentions de présentation (ToR-9 à ToR-11)

refusal-invitation-too-late = une invitation doit être envoyée avant le début de la réunion
refusal-agenda-version-zero = les versions d’un ordre du jour commencent à 1
refusal-agenda-too-many-items = un ordre du jour compte au plus { $limit } points
refusal-agenda-item-number = le point { $position } de l’ordre du jour porte le numéro { $number }
refusal-agenda-item-no-presenter = le point { $position } de l’ordre du jour provient d’une intention de présentation mais ne désigne aucun État présentateur
refusal-agenda-too-many-documents = { $limit } documents à l’appui au maximum
refusal-intent-not-own-case = { $presenter } ne peut annoncer que la présentation de ses propres cas, et non celle du cas { $case }
refusal-intent-minutes = une présentation dure de 1 à { $limit } minutes
refusal-intent-unknown-meeting = l’intention de présentation désigne une réunion qui ne figure pas au calendrier
refusal-intent-other-meeting = l’intention de présentation désigne une autre réunion
refusal-intent-agenda-adopted = le dépôt des intentions de présentation pour la réunion { $meeting } a été clos à l’adoption de son ordre du jour, le { $adopted_on } (ToR-11)

## Réunions : inscriptions (ToR-6, ToR-7)

refusal-registration-revision-zero = les révisions d’une inscription commencent à 1
refusal-registration-too-many = une délégation compte au plus { $limit } personnes
refusal-registration-two-heads = une délégation a au plus un chef de délégation
refusal-registration-not-own = seul { $state } inscrit sa propre délégation, et non { $sender }
refusal-registration-other-meeting = l’inscription désigne une autre réunion

## Réunions : fiches de contact (ToR-20)

refusal-card-sequence-zero = les numéros de séquence des fiches de contact commencent à 1
refusal-card-too-many-contacts = une fiche compte au plus { $limit } contacts
# $function and $email come quoted and escaped, as in refusal-case-language-tag.
refusal-card-contact-unreachable = le contact { $function } requiert une adresse électronique ou un numéro de téléphone
refusal-card-email = { $email } n’est pas une adresse électronique
refusal-card-too-many-languages = { $limit } langues au maximum

## Réunions : exposés (ToR-22)

refusal-briefing-version-zero = les versions d’un exposé commencent à 1
refusal-briefing-too-many-cases = un exposé s’appuie sur { $limit } cas au plus

## Réunions : experts non étatiques (ToR-8, ToR-15)

refusal-expert-other-meeting = la proposition désigne une autre réunion
refusal-expert-late = une proposition d’expert doit parvenir au Secrétariat au plus tard le { $due } (30 jours avant la réunion, ToR-8) ; celle-ci a { $days_late ->
        [one] { $days_late } jour
       *[other] { $days_late } jours
    } de retard
refusal-expert-circulated-early = une proposition ne peut pas être diffusée avant d’avoir été faite
refusal-expert-secretariat-only = seul le Secrétariat diffuse une proposition ou consigne une décision (ToR-8)
refusal-expert-states-only = les objections, les consultations et les retraits émanent des États (ToR-8)
refusal-expert-other-proposal = l’étape consignée désigne une autre proposition
refusal-expert-record-date = une étape est datée du jour où elle est consignée ({ $today }), et non du { $on }
refusal-expert-already-circulated = la proposition a déjà été diffusée
refusal-expert-objector-not-party = seul un État Partie peut formuler une objection à un expert ; { $by } n’en est pas un
refusal-expert-own-objection = l’État qui propose un expert ne peut pas formuler d’objection à son propre expert
refusal-expert-not-circulated = la proposition n’a pas encore été diffusée
refusal-expert-silence-ended = la procédure d’approbation tacite a pris fin le { $ends } (ToR-8)
refusal-expert-already-objected = { $by } a déjà formulé une objection
refusal-expert-no-objection = aucune objection en suspens ne peut faire l’objet d’une consultation
refusal-expert-consultation-party = seuls les États ayant formulé une objection et l’État auteur de la proposition consignent des consultations (ToR-8)
refusal-expert-withdraw-objection = seul un État ayant formulé une objection peut la retirer
refusal-expert-withdraw-proposal = seul l’État auteur de la proposition peut la retirer
# $state is the proposal's state as the protocol names it (pending, silence_running, objected, escalated, accepted, rejected, withdrawn).
refusal-expert-decision-early = une décision de procédure n’est consignée qu’après la soumission de l’objection aux États Parties présents, 20 jours avant la réunion (ToR-8) ; la proposition est à l’état { $state }
refusal-expert-closed = la proposition est déjà à l’état { $state }
refusal-expert-acknowledged-early = l’expert ne peut pas reconnaître cette obligation avant d’en avoir été informé

## Liste des membres : la liste signée, les demandes d’adhésion et les renouvellements de clés (ToR-1, ToR-5)

# $detail is the decoder's English words: technical, not translated.
refusal-roster-codec = { $detail }
# $detail is the key's English words: technical, not translated.
refusal-roster-key = { $detail }
# $expected, $signer, $held, $given and $offered are key fingerprints or identifiers; $party is a State code or SECRETARIAT; all shown as they are.
refusal-roster-bad-signature = la signature de la liste ne peut pas être vérifiée avec la clé { $expected } du Secrétariat que détient ce nœud
refusal-roster-stale = la liste n° { $offered } est antérieure à celle qui est détenue (n° { $held }) ; elle est refusée
refusal-roster-already-held = la liste n° { $sequence } est déjà détenue
refusal-roster-conflicting = la liste n° { $offered } porte le même numéro que celle qui est détenue, mais son contenu diffère ; elle est refusée
refusal-roster-unlinked-key = liste signée avec la clé { $signer }, qu’aucun changement de clé de la liste ne relie à la clé que détient ce nœud ({ $held })
refusal-roster-too-many-rotations = liste non valide : { $party } : plus de { $limit } renouvellements de clés conservés
refusal-roster-recovery-reason = liste non valide : { $party } : le motif de la récupération de clés dépasse { $limit } octets
refusal-roster-weak-key = liste non valide : { $party } : la clé { $key } est d’ordre faible ou n’est pas un point de la courbe, et ne peut pas être utilisée
refusal-roster-peer-id-mismatch = liste non valide : { $party } : l’identifiant de pair { $peer_id } ne correspond pas à sa clé de transport
refusal-roster-addresses = liste non valide : { $party } : { $limit } adresses au plus, non vides et de { $max_len } octets au plus chacune
refusal-roster-key-change-signer = liste non valide : un changement de clé de la liste doit être signé avec la clé actuelle de la liste
refusal-roster-key-changes-exhausted = liste non valide : la clé de la liste a déjà changé { $limit } fois, soit le nombre maximal
refusal-roster-format = liste non valide : le format { $format } n’est pas pris en charge (ce nœud lit le format { $supported })
refusal-roster-too-many-members = liste non valide : plus de { $limit } membres
refusal-roster-wire-version-zero = liste non valide : la version 0 du format d’échange n’existe pas (les versions commencent à 1)
refusal-roster-too-many-key-changes = liste non valide : plus de { $limit } changements de clé de la liste
refusal-roster-members-unsorted = liste non valide : les membres doivent être classés par code d’État, sans doublon ({ $first } puis { $second })
refusal-roster-peer-id-twice = liste non valide : { $state } : l’identifiant de pair { $peer_id } est utilisé deux fois
refusal-roster-keys-after-sequence = liste non valide : { $state } : clés introduites par la liste n° { $since }, postérieure à celle-ci (n° { $sequence })
refusal-roster-chair-not-member = liste non valide : la présidence est confiée à { $state }, qui n’est pas membre
refusal-roster-wrong-signer = liste non valide : cette liste doit être signée avec la clé de la liste { $signer }, et non avec { $given }
refusal-roster-not-pinned = liste non valide : cette liste est signée avec la clé de la liste { $signer }, et ni cette clé ni aucune clé antérieure de la liste n’est celle que ce nœud a enregistrée lors de son initialisation
refusal-roster-join-own-key = demande d’adhésion : elle doit être signée avec la clé propre du nœud demandeur
refusal-roster-join-signature = demande d’adhésion : { $state } : la signature ne peut pas être vérifiée
refusal-roster-rotation-signers = renouvellement de clés : il doit être signé avec la clé de signature précédente et avec la nouvelle, qu’il désigne
refusal-roster-rotation-not-by-previous = renouvellement de clés : { $party } : il n’est pas signé avec sa clé de signature précédente
refusal-roster-rotation-not-by-new = renouvellement de clés : { $party } : il n’est pas signé avec sa nouvelle clé de signature
refusal-roster-rotation-same-key = renouvellement de clés : { $party } : la nouvelle clé de signature est identique à la précédente
refusal-roster-rotation-not-listed = renouvellement de clés : { $party } ne figure pas sur la liste
refusal-roster-rotation-transport-key = renouvellement de clés : { $party } : un renouvellement conserve la clé de transport du nœud, { $held }, et non { $offered }
refusal-roster-rotation-previous-key = renouvellement de clés : { $party } part de la clé de signature { $offered }, mais la liste indique { $held }
# $label names the pasted block (DIEF ROSTER, DIEF JOIN REQUEST, DIEF KEY ROTATION), shown as it is.
refusal-armor-missing = un bloc « { $label } » est attendu (-----BEGIN { $label }-----)
refusal-armor-bad-hex = le bloc { $label } n’est pas en hexadécimal valide
