# dief web interface: French catalog (same keys as en.ftl, the reference).
# Project Fluent syntax: https://projectfluent.org
# Terminology follows the French text of the Arms Trade Treaty
# (détournement, Conférence des États Parties, certificat d’utilisateur final, courtage...).

app-name = DIEF · Échange d’informations sur le détournement (TCA)
footer-confidential = Confidentiel : les informations échangées au sein du Forum sont destinées aux États qui les reçoivent et sont traitées conformément au mandat (ToR-15).

## Navigation
nav-label = Menu principal
nav-skip = Aller au contenu
nav-home = Accueil
nav-cases = Cas
nav-messages = Messages
nav-meetings = Réunions
nav-users = Utilisateurs
nav-account = Mon compte
nav-logout = Se déconnecter

## Langues, chacune désignée dans sa propre langue
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## Rôles
role-administrator = Administrateur
role-case_officer = Chargé de dossiers
role-liaison = Agent de liaison des services de détection et de répression
role-delegate = Délégué
role-reviewer = Relecteur

## Dates
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
date-long = { $day } { $month } { $year }

## Connexion et compte
login-title = Connexion
login-name = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-refused = Le nom d’utilisateur ou le mot de passe est incorrect.
login-throttled = { $seconds ->
    [one] Trop de tentatives infructueuses. Réessayez dans { $seconds } seconde.
   *[other] Trop de tentatives infructueuses. Réessayez dans { $seconds } secondes.
}
account-title = Mon compte
account-role = Rôle
account-language = Langue
account-language-save = Changer de langue
account-password = Mot de passe
account-password-current = Mot de passe actuel
account-password-new = Nouveau mot de passe (au moins { $min } caractères)
account-password-save = Changer de mot de passe
account-saved-language = La langue a été changée.
account-saved-password = Le mot de passe a été changé. Vos autres sessions ont été fermées.
users-title = Utilisateurs de ce nœud
users-add = Ajouter un utilisateur
users-created = Créé le
users-status = État
users-actions = Modifications
users-enabled = actif
users-disabled-on = désactivé le { $date }
users-change-role = Changer le rôle
users-disable = Désactiver
users-enable = Réactiver

## Accueil
home-title = Accueil
home-node = Ce nœud
home-party = Participant
home-roster = Liste des membres
home-roster-seq = Version { $seq }, { $members ->
    [one] { $members } membre
   *[other] { $members } membres
}
home-roster-none = Pas encore de liste des membres
home-connected = Membres connectés
home-inbox = Messages reçus
home-outbox = Messages en attente de remise
home-all-well = Tout est en ordre.
home-attention = Ce nœud requiert l’intervention d’un opérateur :
home-deadlines = Échéances
home-deadlines-warn = { $count ->
    [0] Aucune échéance n’est proche ni dépassée.
    [one] Une échéance est proche ou dépassée.
   *[other] { $count } échéances sont proches ou dépassées.
}
home-ical = Ajouter les échéances à une application de calendrier (iCalendar)

## Échéances
deadlines-none = Aucune échéance.
deadlines-due = Échéance
deadlines-what = Objet
deadlines-rule = Règle
deadlines-meeting = Réunion
deadlines-status = État
deadlines-yours = vous concerne
deadline-invitation = Invitation à « { $meeting } »
deadline-agenda = Projet d’ordre du jour de « { $meeting } »
deadline-silence = Procédure d’approbation tacite concernant l’expert { $expert } : objections recevables jusqu’à l’échéance
deadline-escalation = L’objection non résolue visant l’expert { $expert } est soumise aux États Parties présents
deadline-intents = { $count ->
    [0] Le dépôt des intentions de présentation pour « { $meeting } » est clos à l’adoption de son ordre du jour
    [one] Une intention de présentation de votre part pour « { $meeting } » reste valable jusqu’à l’adoption de son ordre du jour
   *[other] { $count } intentions de présentation de votre part pour « { $meeting } » restent valables jusqu’à l’adoption de son ordre du jour
}
deadline-notices = Notifications aux États concernés par le cas { $case }
deadline-expert-proposal = Proposition d’expert pour la présentation { $presentation }
deadline-notice-reply = Réponse à la notification de { $from } concernant le cas { $case }
deadline-open = { $days ->
    [one] ouverte, { $days } jour restant
   *[other] ouverte, { $days } jours restants
}
deadline-near = { $days ->
    [0] proche : échéance aujourd’hui
    [one] proche : { $days } jour restant
   *[other] proche : { $days } jours restants
}
deadline-missed = { $days ->
    [one] dépassée de { $days } jour
   *[other] dépassée de { $days } jours
}
deadline-done = respectée le { $date }
deadline-done-late = respectée en retard, le { $date }

## Cas
cases-title = Cas
cases-new = Enregistrer un cas
cases-create = Enregistrer le cas
cases-none = Aucun cas trouvé.
cases-id = Cas
cases-provider = Émetteur
cases-own = le nôtre
cases-updated = Mis à jour le
cases-search = Rechercher
cases-search-text = Mots
cases-search-country = Pays (code)
cases-search-serial = Numéro de série
case-title = Titre
case-summary = Résumé
case-status = Statut
case-investigation = Enquête
case-states-involved = États concernés
case-codes-hint = (codes à trois lettres, séparés par des virgules)
case-version = Version
case-version-n = version { $n }
case-received-from = reçu de { $from }
case-withdrawn = retiré
case-withdrawn-on = L’émetteur a retiré ce cas le { $date }.
case-not-given = non communiqué
case-section-general = Le cas
case-section-marking = Marquage et conditions de diffusion
case-section-diversion = Le détournement
case-section-detection = Détection
case-section-items = Armes et articles
case-section-chain = Chaîne de transfert
case-section-actors = Intervenants
case-handling = Conditions de diffusion (protocole TLP)
case-operational-use = Usage opérationnel
case-confidentiality = Mention nationale de confidentialité
case-diversion-date = Date du détournement
case-diversion-stage = Étape de la chaîne de transfert
case-diversion-place = Lieu
case-diversion-country = Pays (code)
case-means = Moyens et méthodes
case-transit-points = Points de transit
case-transit-points-hint = (séparés par ;)
case-destinations = Destinations
case-destinations-hint = (séparées par ;)
case-brokers = Courtiers
case-brokers-hint = (séparés par ;)
case-detection-date = Date de la détection
case-detection-agency = Service ayant procédé à la détection
case-detection-how = Mode de détection
case-item-n = Article { $n }
case-item-category = Catégorie au titre du TCA
case-item-type = Type
case-item-make = Marque
case-item-model = Modèle
case-item-calibre = Calibre
case-item-quantity = Quantité
case-item-serials = Numéros de série
case-item-serials-hint = (séparés par des virgules)
case-leg-n = Maillon { $n }
case-leg-role = Rôle
case-leg-entity = Société, organisme ou personne
case-leg-country = Pays (code)
case-leg-date = Date
case-leg-licence = Licence d’exportation
case-leg-euc = Certificat d’utilisateur final
case-actor-name = Nom
case-actor-role = Rôle
case-actor-country = Pays (code)
case-actor-description = Description
case-attachments = Pièces jointes
case-bytes = { $n ->
    [one] { $n } octet
   *[other] { $n } octets
}
case-holders = États détenteurs de ce cas
case-edit = Modifier ce cas
case-edit-title = Modifier le cas { $id }
case-save = Enregistrer une nouvelle version
case-share = Partager ce cas
case-share-with = Partager avec
case-share-send = Partager avec les États cochés
case-replies = Réponses
case-replies-none = Aucune réponse pour l’instant.
case-reply = Votre réponse
case-reply-to = Répondre à
case-reply-send = Envoyer la réponse
case-export = Exporter pour un usage opérationnel
case-export-note = L’exportation est consignée dans le journal d’audit. Les conditions de l’émetteur (ToR-16) s’appliquent à toute utilisation.
case-print = Version imprimable

## Vocabulaires
status-suspected = présumé
status-detected = détecté
investigation-ongoing = enquête en cours
investigation-closed = enquête close
tlp-red = TLP:RED (participants destinataires uniquement)
tlp-amber_strict = TLP:AMBER+STRICT (organisme destinataire uniquement)
tlp-amber = TLP:AMBER (organisme destinataire et autorités nationales, selon les besoins)
tlp-green = TLP:GREEN (au sein du Forum)
tlp-clear = TLP:CLEAR (aucune restriction)
use-consult_provider = uniquement après consultation de l’émetteur (ToR-16)
use-pre_authorised = autorisé à l’avance par l’émetteur
use-not_permitted = pour information uniquement
stage-export = exportation
stage-transit = transit
stage-import = importation
stage-post_delivery = après livraison
chain-manufacturer = fabricant
chain-exporter = exportateur
chain-importer = importateur
chain-transit = intervenant de transit
chain-broker = courtier
chain-shipper = expéditeur
chain-freight_forwarder = transitaire
chain-financier = bailleur de fonds
chain-end_user = utilisateur final
category-battle_tanks = Chars de combat
category-armoured_combat_vehicles = Véhicules blindés de combat
category-large_calibre_artillery = Systèmes d’artillerie de gros calibre
category-combat_aircraft = Avions de combat
category-attack_helicopters = Hélicoptères de combat
category-warships = Navires de guerre
category-missiles_and_launchers = Missiles et lanceurs de missiles
category-small_arms_and_light_weapons = Armes légères et armes de petit calibre
category-ammunition = Munitions
category-parts_and_components = Pièces et composants

## Messages
messages-title = Messages
messages-inbox = Messages reçus
messages-outbox = Messages envoyés
messages-none = Aucun.
messages-received = Reçu le
messages-sent = Envoyé le
messages-from = Expéditeur
messages-kind = Type
messages-case = Cas
messages-recipients = Destinataires
messages-delivered = remis le { $at }
messages-pending = { $attempts ->
    [0] en attente
    [one] en attente, { $attempts } tentative
   *[other] en attente, { $attempts } tentatives
}
messages-set-aside = écarté : refusé par le destinataire
kind-case_share = Cas communiqué
kind-case_update = Cas mis à jour
kind-reply = Réponse
kind-roster_update = Liste des membres
kind-case_withdrawal = Cas retiré
kind-involved_notice = Notification à un État concerné
kind-notice_reply = Réponse à une notification
kind-right_of_reply = Droit de réponse
kind-use_request = Demande d’usage opérationnel
kind-use_answer = Réponse concernant l’usage opérationnel
kind-challenge = Contestation
kind-challenge_answer = Réponse à une contestation
kind-challenge_close = Contestation close
kind-thread_post = Message de discussion
kind-contact_card = Fiche de contact
kind-invitation = Invitation
kind-draft_agenda = Projet d’ordre du jour
kind-agenda_adoption = Ordre du jour adopté
kind-presentation_intent = Intention de présentation
kind-intent_withdrawal = Intention retirée
kind-registration = Inscription d’une délégation
kind-expert_proposal = Proposition d’expert
kind-expert_circulation = Proposition d’expert diffusée
kind-expert_record = Étape de la procédure relative aux experts
kind-expert_acknowledgement = Attestation de l’expert
kind-briefing_draft = Projet d’exposé
kind-briefing_response = Réponse à un exposé
kind-resend_request = Demande de renvoi
kind-key_rotation = Nouvelles clés d’un participant

## Réunions
meetings-title = Réunions
meetings-none = Aucune réunion n’est prévue.
meetings-dates = Dates
meetings-from-to = du { $first } au { $last }
meetings-venue = Lieu
meetings-kind = Tenue
meetings-kind-csp = pendant la Conférence des États Parties
meetings-kind-preparatory = pendant une réunion préparatoire
meetings-invitation = Invitation
meetings-invited-on = envoyée le { $date }
meetings-not-invited = pas encore envoyée
meetings-agenda = Ordre du jour
meetings-agenda-none = pas encore de projet
meetings-agenda-circulated = projet diffusé
meetings-agenda-adopted = adopté
meetings-registrations = Délégations inscrites
meetings-send-invitation = Envoyer l’invitation à tous les membres
meetings-schedule = Programmer une réunion
meetings-title-field = Titre
meetings-first-day = Premier jour
meetings-last-day = Dernier jour
meetings-call = Appel à contributions

## Erreurs
error-title = Opération impossible
error-detail = Détail technique (en anglais)
error-forbidden = Votre rôle ne le permet pas.
error-not-found = Cet élément n’existe pas sur ce nœud.
error-conflict = Cet élément existe déjà.
error-disk-full = Le disque du nœud est plein : aucune modification n’a été apportée. Prévenez l’opérateur du nœud.
error-invalid = La requête n’est pas valide.
error-internal = Le nœud n’a pas pu effectuer cette opération. Rien n’a été perdu ; prévenez l’opérateur du nœud.
error-csrf = Ce formulaire a expiré ou ne provient pas de ce nœud. Rouvrez la page et réessayez.
error-too-large = L’envoi est trop volumineux.
error-date = Une date n’est pas valide : écrivez-la sous la forme année-mois-jour.
error-field = Un champ n’est pas valide.
error-field-value = Le champ « { $field } » n’accepte pas « { $value } ».
error-share-nobody = Cochez au moins un État avec lequel partager ce cas.

## Links to the other areas
case-procedures-link = Procédures relatives à ce cas : notifications, usage opérationnel, contestations, fils de discussion, retrait
meetings-open-link = Détails et étapes de cette réunion
nav-admin = Administration
cases-search-more = Autres critères (ToR-19)
cases-search-broker = Courtier
cases-search-transit = Point de transit
cases-search-from = Détournement à partir du
cases-search-to = Détournement jusqu’au
nav-contacts = Contacts
case-attachments-add = Ajouter des fichiers
case-attachments-hint = (photographies des marquages, documents numérisés ; 12 Mio au total)
error-password-short = Le mot de passe doit compter au moins { $min } caractères.
error-password-long = Le mot de passe est trop long.
error-password-name = Le mot de passe ne doit pas contenir le nom d’utilisateur.
error-user-exists = Un utilisateur nommé { $name } existe déjà.
error-user-name = Le nom d’utilisateur { $name } n’est pas valable : utilisez des lettres minuscules, des chiffres, « . », « _ », « - » ou « @ ».
error-no-roster = Ce nœud n’a pas encore de liste des membres.
error-secretariat-only = Seul le Secrétariat peut effectuer cette opération.
error-state-only = Seul un État peut effectuer cette opération.
error-not-for-secretariat = Le Secrétariat ne détient jamais le contenu des cas : il ne peut pas effectuer cette opération.
error-user-unknown = Il n’existe aucun utilisateur nommé { $name }.
error-user-last-admin = { $name } est le dernier administrateur actif de ce nœud : attribuez d’abord ce rôle à un autre compte.
error-user-role = Le rôle { $role } n’existe pas : utilisez administrator, case_officer, liaison, delegate ou reviewer.
error-user-language = La langue { $language } ne fait pas partie des six : utilisez ar, zh, en, fr, ru ou es.
error-not-found-id = Aucun élément portant l’identifiant { $id } n’existe sur ce nœud.
error-already-initialised = Un nœud est déjà initialisé dans { $dir }.
error-shutting-down = Le nœud est en cours d’arrêt ; réessayez une fois qu’il aura redémarré.
