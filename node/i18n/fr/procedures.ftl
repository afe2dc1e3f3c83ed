# dief web interface: the procedures pages (fr).

procedures-title = Procédures relatives au cas { $id }
procedures-case = Cas
procedures-back = Retour aux procédures relatives à ce cas
procedures-not-held = Ce nœud ne détient pas ce cas ; seules les procédures auxquelles il participe sont affichées.
procedures-secretariat = le Secrétariat
procedures-state = État
procedures-version = Version
procedures-sent-at = Envoi
procedures-received-at = Réception
procedures-receipted-at = Accusé de réception
procedures-not-receipted = pas encore d’accusé de réception
procedures-late = en retard
procedures-send = Envoyer
procedures-note = Note
procedures-reply = Réponse

## Involved-State notices (ToR-12)
procedures-notices = Notifications aux États concernés (ToR-12)
procedures-notices-none = Aucune notification relative à ce cas n’a été envoyée ni reçue.
procedures-package-for = Réunion du { $date }
procedures-package-open = Ouvrir le dossier de présentation
procedures-package-meeting = Dossier de présentation pour la réunion du
procedures-package-title = Dossier de présentation du cas { $id }
procedures-notice-due = Notifications à envoyer au plus tard le
procedures-reply-due = Réponses demandées pour le
procedures-answered = Ont répondu
procedures-not-answered = N’ont pas répondu
procedures-no-reply = pas de réponse
procedures-right-of-reply = Droit de réponse
procedures-right-of-reply-opens = Le droit de réponse s’ouvre après la présentation, à la réunion du { $date }.
procedures-notice-from = Notification de { $from } pour la réunion du { $date }
procedures-meeting-ref = Référence de la réunion
procedures-notice-summary = Résumé à l’intention des États concernés
procedures-reply-by = Réponse demandée pour le
procedures-replied-on = Réponse envoyée le { $date }
procedures-notice-reply = Votre réponse à cette notification
procedures-notify = Notifier les États concernés
procedures-notify-to = États concernés par ce cas
procedures-meeting-date = Date de la réunion
procedures-notify-note = Chaque État reçoit sa propre notification. Une notification envoyée moins de 30 jours avant la réunion part quand même, signalée comme tardive.
procedures-notify-send = Envoyer les notifications

## Operational use (ToR-16)
procedures-use = Usage opérationnel (ToR-16)
procedures-use-none = Aucune demande d’usage opérationnel relative à ce cas.
procedures-use-from = Demande de { $from }, { $date }
procedures-use-purpose = Finalité
procedures-use-details = Précisions
procedures-use-details-note = Obligatoires lorsque la finalité est « autre ».
procedures-use-state = État de la demande
procedures-use-state-pending = en attente de la réponse de l’émetteur
procedures-use-state-agreed = acceptée
procedures-use-state-declined = refusée
procedures-use-state-discuss = à examiner ensemble
procedures-purpose-export_assessment = évaluation d’une exportation
procedures-purpose-enforcement_proceedings = procédure répressive
procedures-purpose-other = autre
procedures-decision-agree = Accepter
procedures-decision-agree_with_conditions = Accepter sous conditions
procedures-decision-decline = Refuser
procedures-decision-discuss = En discuter d’abord
procedures-conditions = Conditions
procedures-use-ask = Demander à l’émetteur l’autorisation d’utiliser ce cas
procedures-use-send = Envoyer la demande
procedures-use-answer = Votre réponse
procedures-use-answer-send = Envoyer la réponse

## Challenges (ToR-15)
procedures-challenges = Contestations relatives à une divulgation (ToR-15)
procedures-challenges-none = Aucune contestation ne mentionne ce cas.
procedures-challenge-between = Contestation de { $from } adressée à { $to }
procedures-challenge-state-open = ouverte
procedures-challenge-state-answered = ayant reçu réponse
procedures-challenge-state-closed = close
procedures-challenge-concern = Préoccupation
procedures-challenge-explanation = Explication
procedures-challenge-remedial = Mesures correctives
procedures-challenge-closing-note = Note de clôture
procedures-challenge-open = Ouvrir une contestation relative à ce cas
procedures-challenge-to = Contester auprès de
procedures-challenge-send = Envoyer la contestation
procedures-challenge-answer = Envoyer la réponse
procedures-challenge-close = Clore la contestation
procedures-secretariat-reads-warning = Un texte envoyé au Secrétariat est chiffré pour le Secrétariat, qui l’ouvre et le lit.
procedures-secretariat-reads = Je comprends que le Secrétariat lira ce texte.

## Follow-up threads (ToR-21)
procedures-threads = Fils de discussion de suivi (ToR-21)
procedures-threads-none = Aucun fil de discussion de suivi relatif à ce cas.
procedures-thread-participants = Participants
procedures-thread-follow-up = Votre message dans ce fil
procedures-thread-start = Ouvrir un fil de discussion
procedures-thread-with = Avec les États qui détiennent le cas
procedures-thread-subject = Objet
procedures-thread-body = Message
procedures-thread-send = Ouvrir le fil

## Versions, holders and withdrawal
procedures-versions = Versions et détenteurs
procedures-current-version = Version { $n }, du { $date }.
procedures-held-from = Reçu de { $from } ; détenu ici depuis le { $date }.
procedures-holders = Qui détient quelle version
procedures-holders-none = Ce cas n’a pas été partagé.
procedures-distribution = Toutes les versions envoyées
procedures-sent-as = Envoi
procedures-kind-case_share = premier partage
procedures-kind-case_update = mise à jour
procedures-kind-case_withdrawal = retrait
procedures-withdraw = Retirer ce cas
procedures-withdraw-note = Chaque État qui détient le cas est informé de son retrait, avec le motif. Le cas n’est plus partagé.
procedures-withdraw-reason = Motif du retrait
procedures-withdraw-send = Retirer le cas
procedures-withdrawn-on = Retiré par l’émetteur le { $date } (version { $n }).

## Errors
procedures-error-date = La date de la réunion n’est pas valide : écrivez-la sous la forme année-mois-jour.
procedures-error-nobody = Cochez au moins un État.
procedures-error-state = Un État indiqué n’est pas valide.
procedures-error-purpose = Choisissez la finalité de l’usage.
procedures-error-decision = Choisissez une réponse.
procedures-error-secretariat-reads = Le Secrétariat lira ce texte : cochez la case pour confirmer que vous le savez.
