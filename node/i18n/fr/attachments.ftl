## attachments : refus liés aux pièces jointes diffusées en flux (issue 13)

refusal-attachment-not-own = le cas { $case } a été fourni par { $provider } ; seul son émetteur peut y joindre un fichier
refusal-attachment-too-many = le cas { $case } compte déjà { $limit } pièces jointes diffusées en flux, le maximum pour un cas
refusal-attachment-unreadable = { $path } n’est pas un fichier que ce nœud peut lire
refusal-attachment-bad-id = { $id } n’est pas un identifiant de pièce jointe (64 caractères hexadécimaux)
refusal-attachment-incomplete = la pièce jointe { $name } ({ $id }) n’est pas encore complète sur ce nœud
refusal-attachment-upload-interrupted = l’envoi s’est arrêté avant que le fichier entier n’arrive : { $why }
refusal-attachment-upload-too-large = le fichier dépasse { $limit } octets, le maximum pour une pièce jointe diffusée en flux
refusal-attachment-refetch-own = la pièce jointe { $name } ({ $id }) est un fichier propre à ce nœud : elle n’est récupérée auprès de personne
refusal-attachment-refetch-not-failed = la pièce jointe { $name } ({ $id }) n’a pas échoué : seul un fichier en échec est récupéré à nouveau

## la page du cas : ses fichiers volumineux (issue 13)

case-files = Fichiers volumineux
case-files-none = Ce cas n’a pas de fichier volumineux.
case-file-name = Fichier
case-file-type = Type
case-file-size = Taille
case-file-state = Sur ce nœud
case-file-complete = Complet
case-file-failed = Échec : les parties reçues ne forment pas ce fichier
case-file-fetching = Réception : { $percent } % ({ $held }/{ $chunks })
case-file-download = Télécharger
case-file-refetch = Récupérer à nouveau
case-file-add = Joindre un fichier volumineux
case-file-add-hint = (vidéo, documents numérisés : envoyé en parties scellées à chaque État qui détient le cas)
case-file-attach = Joindre le fichier
case-file-missing = Choisissez un fichier à joindre.
