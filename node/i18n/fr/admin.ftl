# dief web interface: the admin pages (fr).
# Administration (/admin), journal d’audit (/audit), répertoire des contacts (/contacts).

admin-title = Administration
admin-see-also = Pages liées
admin-secretariat = Secrétariat
admin-secretariat-only = Seul le Secrétariat administre la liste des participants.

## Résultat de la dernière action
admin-done-acknowledged = L’alerte est prise en compte.
admin-done-retried = Les envois mis de côté sont de nouveau en file d’attente.
admin-done-published = La liste est signée et envoyée à chaque membre.
admin-done-drafted = La clé de la liste n’est pas sur ce nœud : la modification n’est qu’un projet. Signez le projet là où la clé de la liste est conservée (dief roster draft, dief roster sign), puis publiez la liste signée (dief roster publish).

## Clés
admin-keys = Clés de ce nœud
admin-keys-signing = Clé de signature (empreinte)
admin-keys-encryption = Clé de chiffrement (identifiant)
admin-keys-retired = Clés de chiffrement retirées
admin-keys-grace = { $days ->
    [one] Conservées { $days } jour après un renouvellement, puis détruites.
   *[other] Conservées { $days } jours après un renouvellement, puis détruites.
}
admin-keys-pending = Nouvelle clé de signature en attente de la liste
admin-keys-roster = Clé de la liste (empreinte)
admin-keys-roster-offline = Absente de ce nœud (conservée hors ligne)

## Alertes
admin-alerts = Alertes
admin-alerts-none = Aucune alerte.
admin-alert-raised = Signalée le { $at }
admin-alert-keys-replaced = La liste n° { $sequence } attribue de nouvelles clés à { $party } ({ $listed } ; les clés que détient ce nœud sont { $pinned }). Ce nœud continue d’utiliser les clés qu’il détient jusqu’à votre prise en compte.
admin-alert-recovery-declared = Le Secrétariat déclare une récupération de clés, pour le motif suivant :
admin-alert-no-rotation = Aucun renouvellement signé avec la clé précédente ne garantit les nouvelles clés.
admin-alert-own-keys = La liste n° { $sequence } indique pour ce nœud des clés qui ne sont pas les siennes ({ $listed } ; celles de ce nœud sont { $own }). Les membres qui vérifient la continuité conservent les clés de ce nœud. Demandez-en la raison au Secrétariat.
admin-alert-split-view = Vue divergente de la liste : { $party } détient la liste n° { $sequence } avec l’empreinte { $other }, ce nœud détient l’empreinte { $held }. Deux listes différentes portant le même numéro ont été signées. Comparez-les avec { $party } par un canal extérieur à ce système.
admin-alert-confirm = J’ai vérifié ce point auprès de l’État concerné par un canal extérieur à ce système (téléphone, réunion, note diplomatique).
admin-alert-acknowledge = Prendre en compte
admin-alert-acknowledged = Prise en compte par { $by } le { $at }
admin-alert-unconfirmed = Cochez la case pour indiquer que vous avez vérifié ce point hors ligne avant de le prendre en compte.

## Liste des participants
admin-roster = Liste des participants
admin-roster-none = Ce nœud n’a pas encore de liste.
admin-roster-sequence = Liste n° { $sequence }, émise le { $at }
admin-roster-key = Clé de la liste (empreinte)
admin-roster-chair = Président
admin-roster-chair-term = { $state }, mandat prenant fin le { $date }
admin-roster-no-chair = Aucun président n’est désigné.
admin-roster-state = État
admin-roster-status = Statut
admin-status-state-party = État Partie
admin-status-signatory = État signataire

## Administration de la liste (Secrétariat)
admin-roster-admin = Administration de la liste
admin-roster-offline = La clé de la liste est conservée hors ligne : une admission, un retrait ou la désignation du président ne produisent ici qu’un projet de la liste suivante. Celle-ci prend effet une fois signée là où la clé est conservée, puis publiée.
admin-roster-draft-waiting = Un projet de la liste n° { $sequence } attend d’être signé hors ligne.
admin-roster-admit = Admettre un État
admin-roster-admit-text = Demande d’adhésion de l’État (collez le bloc de texte entier, lignes BEGIN et END comprises)
admin-roster-bad-join = Ce n’est pas une demande d’adhésion valide : collez le bloc entier envoyé par l’État.
admin-roster-remove = Retirer un État
admin-roster-remove-confirm = Je confirme que cet État quitte la liste : il ne recevra plus rien.
admin-roster-remove-unconfirmed = Cochez la case pour confirmer le retrait.
admin-roster-set-chair = Désigner le président
admin-roster-term-ends = Fin du mandat
admin-roster-pick-state = Choisissez un État de la liste.

## Envois mis de côté
admin-set-aside = Envois mis de côté
admin-set-aside-none = Rien n’est mis de côté : chaque envoi est remis ou toujours en cours.
admin-set-aside-sent = Envoyé le
admin-set-aside-kind = Objet
admin-set-aside-case = Cas
admin-set-aside-recipients = Mis de côté pour
admin-set-aside-action = Action
admin-set-aside-attempts = { $n ->
    [one] après { $n } tentative
   *[other] après { $n } tentatives
}
admin-retry = Réessayer

## Sauvegarde
admin-backup = Sauvegarde
admin-backup-last = Dernière sauvegarde effectuée le { $at }.
admin-backup-file = Fichier :
admin-backup-never = Aucune sauvegarde n’a été effectuée depuis le démarrage du nœud.
admin-backup-failed = La dernière tentative de sauvegarde a échoué.

## Journal d’audit
admin-audit-title = Journal d’audit
admin-audit-intact = { $n ->
    [one] Vérifié : le journal est intact ({ $n } entrée, présente, dans l’ordre et non modifiée).
   *[other] Vérifié : le journal est intact (les { $n } entrées sont présentes, dans l’ordre et non modifiées).
}
admin-audit-tampered = { $n ->
    [one] Le journal N’EST PAS intact : après { $n } entrée valide, la vérification a constaté :
   *[other] Le journal N’EST PAS intact : après { $n } entrées valides, la vérification a constaté :
}
admin-audit-unlisted = Les entrées ne peuvent pas être affichées.
admin-audit-none = Le journal ne contient aucune entrée.
admin-audit-seq = N°
admin-audit-time = Date et heure
admin-audit-user = Utilisateur
admin-audit-action = Action
admin-audit-case = Cas
admin-audit-parties = Parties
admin-audit-no-user = (venu du réseau)
admin-audit-version = version { $n }
admin-audit-pages = Pages du journal
admin-audit-page = Page { $page } sur { $pages }
admin-audit-newer = Entrées plus récentes
admin-audit-older = Entrées plus anciennes
admin-audit-sent = Envoyé : { $kind }
admin-audit-delivered = Reçu : { $kind }
admin-audit-receipted = Accusé de réception reçu
admin-audit-case-created = Cas enregistré
admin-audit-case-edited = Cas modifié
admin-audit-case-withdrawn = Cas retiré
admin-audit-operational-export = Exporté pour usage opérationnel (ToR-16)
admin-audit-format-export = Exporté pour usage opérationnel (ToR-16) au format { $format }
admin-audit-refused = Refusé
admin-audit-log-recovered = Le nœud a trouvé son journal incohérent et a poursuivi après la dernière entrée
admin-audit-account-added = Compte créé :
admin-audit-account-changed = Compte modifié :
admin-audit-password-changed = Mot de passe changé :
admin-audit-language-changed = Langue changée :
admin-audit-role-changed = Rôle changé :
admin-audit-account-disabled = Compte désactivé :
admin-audit-account-enabled = Compte réactivé :
admin-audit-signed-in = Connexion
admin-audit-sign-in-refused = Connexion refusée pour le nom
admin-audit-other = Autre événement

## Constats de la vérification
admin-finding-unreadable = Une partie enregistrée du journal est illisible : modifiée, déplacée ou dans un format inconnu.
admin-finding-unexpected-key = Un enregistrement inattendu ({ $key }) se trouve parmi les entrées.
admin-finding-deleted = Les entrées { $first } à { $last } ont été supprimées.
admin-finding-reordered = Des entrées ont été permutées : la position { $position } contient l’entrée { $seq }.
admin-finding-edited = L’entrée { $seq } a été modifiée : elle ne correspond plus à son empreinte.
admin-finding-chain-broken = L’entrée { $seq } n’est pas liée à l’entrée { $previous } : l’une d’elles a été remplacée.
admin-finding-truncated = Le journal a été tronqué : la tête désigne l’entrée { $head }, la dernière entrée est la { $last }.
admin-finding-head-missing = L’enregistrement de tête manque alors que des entrées existent jusqu’à la { $last }.
admin-finding-beyond-head = Des entrées se trouvent au-delà de la tête { $head } (jusqu’à la { $last }) : la tête a été ramenée en arrière.
admin-finding-head-mismatch = La tête désigne l’entrée { $seq } avec une autre empreinte : la tête ou l’entrée a été remplacée.
admin-finding-recovered = L’entrée { $seq } indique que le nœud a trouvé son journal incohérent et a poursuivi.
admin-finding-other = Une autre incohérence a été constatée (voir le détail technique).

## Répertoire des contacts (ToR-20)
admin-contacts-title = Répertoire des contacts
admin-contact-state = État
admin-contact-role = Rôle
admin-contact-text = Texte
admin-contact-search = Rechercher
admin-contact-none = Aucune fiche de contact ne correspond.
admin-contact-role-law_enforcement = Services répressifs
admin-contact-role-customs = Douanes
admin-contact-role-licensing = Autorisation d’exportation
admin-contact-role-foreign_ministry = Ministère des affaires étrangères
admin-contact-role-other = Autre
admin-contact-address = Adresse
admin-contact-languages = Langues de travail
admin-contact-languages-help = Codes de langue séparés par des virgules, par exemple : fr, en
admin-contact-issued = Émise le
admin-contact-version = { $date } (version { $n })
admin-contact-notes = Notes
admin-contact-notes-help = Scellées pour les États membres : le Secrétariat relaie la fiche sans lire les notes.
admin-contact-notes-sealed = Scellées : illisibles sur ce nœud.
admin-contact-function = Fonction
admin-contact-name = Nom
admin-contact-email = Courriel
admin-contact-phone = Téléphone
admin-contact-person = Contact { $n }
admin-contact-agency = Service
admin-contact-publish = Publier la fiche de contact de cet État
admin-contact-publish-help = La fiche est signée par cet État et envoyée par l’intermédiaire du Secrétariat à chaque État membre. Une nouvelle publication pour le même service remplace sa fiche.
admin-contact-published = La fiche est publiée : elle parvient aux autres États par l’intermédiaire du Secrétariat.
admin-contact-function-missing = Chaque contact doit avoir une fonction.
