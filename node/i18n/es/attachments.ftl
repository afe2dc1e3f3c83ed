## attachments: rechazos relativos a los archivos adjuntos transmitidos por partes (issue 13)

refusal-attachment-not-own = el caso { $case } fue aportado por { $provider }; solo su emisor puede adjuntarle un archivo
refusal-attachment-too-many = el caso { $case } ya tiene { $limit } archivos adjuntos transmitidos por partes, el máximo para un caso
refusal-attachment-unreadable = { $path } no es un archivo que este nodo pueda leer
refusal-attachment-bad-id = { $id } no es un identificador de archivo adjunto (64 caracteres hexadecimales)
refusal-attachment-incomplete = el archivo adjunto { $name } ({ $id }) aún no está completo en este nodo
