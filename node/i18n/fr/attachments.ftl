## attachments : refus liés aux pièces jointes diffusées en flux (issue 13)

refusal-attachment-not-own = le cas { $case } a été fourni par { $provider } ; seul son émetteur peut y joindre un fichier
refusal-attachment-too-many = le cas { $case } compte déjà { $limit } pièces jointes diffusées en flux, le maximum pour un cas
refusal-attachment-unreadable = { $path } n’est pas un fichier que ce nœud peut lire
refusal-attachment-bad-id = { $id } n’est pas un identifiant de pièce jointe (64 caractères hexadécimaux)
refusal-attachment-incomplete = la pièce jointe { $name } ({ $id }) n’est pas encore complète sur ce nœud
