# dief web interface: node operations (fr).
# /admin/operations : rotation des clés, sauvegardes, demande d’adhésion ; au Secrétariat, le travail sur la liste.

ops-title = Opérations du nœud
ops-back = Retour à l’administration
ops-back-operations = Retour aux opérations du nœud
ops-done-published = La liste est signée et envoyée à chaque membre.
ops-done-drafted = La clé de la liste n’est pas sur ce nœud : la modification n’est qu’un projet. Portez le projet ci-dessous là où la clé de la liste est conservée, signez-le là-bas, puis publiez ici la liste signée.

## This node's keys
ops-keys = Renouveler les clés de ce nœud
ops-keys-help = Ce nœud crée une nouvelle clé de signature et une nouvelle clé de chiffrement, signe le changement avec sa clé actuelle et l’envoie au Secrétariat. Les nouvelles clés prennent effet lorsque la liste les mentionne ; d’ici là, ce nœud continue d’utiliser ses clés actuelles.
ops-keys-confirm = Je confirme que les clés de ce nœud doivent être remplacées.
ops-keys-rotate = Renouveler les clés
ops-keys-unconfirmed = Cochez la case pour confirmer le renouvellement des clés de ce nœud.
ops-keys-done = Nouvelle clé de signature (empreinte) :
ops-keys-effect = Les nouvelles clés prennent effet lorsque la liste les mentionne. D’ici là, la page d’administration indique la clé en attente de la liste.
ops-keys-statement = Le renouvellement signé
ops-keys-statement-help = Si ce nœud ne joint le Secrétariat que par un canal extérieur à ce système, copiez ce bloc de texte et remettez-le au Secrétariat, qui l’applique à la liste.

## Backup
ops-backup = Écrire une sauvegarde
ops-backup-path = Fichier de sauvegarde (chemin complet sur la machine du nœud)
ops-backup-help = Le fichier ne doit pas encore exister. La sauvegarde est scellée sous la clé de données de ce nœud et prise pendant que le nœud continue de fonctionner ; conservez-la hors de la machine du nœud.
ops-backup-write = Écrire la sauvegarde
ops-backup-no-path = Indiquez le chemin du fichier de sauvegarde.
ops-backup-relative = Le chemin { $path } est relatif. Indiquez un chemin complet sur la machine du nœud, à partir de sa racine (par exemple /var/backups/dief.backup).
ops-backup-done = La sauvegarde est écrite.
ops-backup-file = Fichier
ops-backup-size = Taille
ops-backup-bytes = { $bytes ->
    [one] { $bytes } octet
   *[other] { $bytes } octets
}
ops-backup-time = Prise le

## Join request (a State)
ops-join = Demande d’adhésion de cet État
ops-join-help = Envoyez ce bloc de texte au Secrétariat par un canal extérieur à ce système : il s’en sert pour admettre l’État dans la liste. Le bloc indique les clés et les adresses de ce nœud ; il ne contient aucun secret.

## Wire version (Secretariat)
ops-wire = Version du format d’échange de la fédération
ops-wire-current = Les membres écrivent la version du format d’échange
ops-wire-warning = N’augmentez la version du format d’échange qu’une fois que chaque membre utilise une version du logiciel qui la lit : un membre resté sur une version antérieure refuse définitivement les messages plus récents, et leurs expéditeurs les mettent de côté. Il est permis de la réduire de nouveau, pour revenir en arrière.
ops-wire-label = Version du format d’échange
ops-wire-set = Fixer la version
ops-wire-bad = Indiquez la version du format d’échange par un nombre entier.

## A member's key rotation (Secretariat)
ops-rotation = Appliquer le renouvellement des clés d’un membre
ops-rotation-text = Le renouvellement signé envoyé par le membre (collez le bloc de texte entier, première et dernière lignes comprises)
ops-rotation-apply = Appliquer le renouvellement
ops-rotation-bad = Ce n’est pas un renouvellement de clés valide : collez le bloc entier envoyé par le membre.

## Recovery (Secretariat)
ops-recover = Rétablir un membre qui a perdu ses clés
ops-recover-help = Lorsqu’un membre a perdu sa clé de signature, aucun renouvellement ne peut attester ses nouvelles clés. La liste reprend alors les clés de sa nouvelle demande d’adhésion, et chaque membre reçoit une alerte indiquant le motif.
ops-recover-text = La nouvelle demande d’adhésion du membre (collez le bloc de texte entier, première et dernière lignes comprises)
ops-recover-reason = Motif, communiqué à chaque membre
ops-recover-confirm = J’ai vérifié ce rétablissement auprès de l’État concerné par un canal extérieur à ce système ; chaque membre recevra une alerte.
ops-recover-submit = Rétablir le membre
ops-recover-unconfirmed = Cochez la case pour confirmer le rétablissement.
ops-recover-no-reason = Indiquez le motif du rétablissement : il est communiqué à chaque membre.
ops-recover-bad = Ce n’est pas une demande d’adhésion valide : collez le bloc entier envoyé par l’État.

## Roster key (Secretariat)
ops-roster-key = Renouveler la clé de la liste
ops-roster-key-help = Ce nœud crée une nouvelle clé de la liste et signe la liste suivante avec la clé actuelle, afin que les membres suivent le changement. L’ancienne clé ne signe plus rien une fois que les membres détiennent la nouvelle liste.
ops-roster-key-confirm = Je confirme que la clé de la liste doit être remplacée.
ops-roster-key-rotate = Renouveler la clé de la liste
ops-roster-key-unconfirmed = Cochez la case pour confirmer le renouvellement de la clé de la liste.

## Roster key kept offline (Secretariat)
ops-draft = Projet de la liste suivante
ops-draft-help = Copiez ce bloc de texte et portez-le sur la machine où la clé de la liste est conservée ; signez-le là-bas, puis publiez ci-dessous la liste signée.
ops-draft-none = Aucun projet n’attend d’être signé.
ops-publish = Publier une liste signée hors ligne
ops-publish-text = La liste signée (collez le bloc de texte entier, première et dernière lignes comprises)
ops-publish-submit = Publier la liste
ops-publish-bad = Ce n’est pas une liste signée valide : collez le bloc entier produit par la machine hors ligne.
