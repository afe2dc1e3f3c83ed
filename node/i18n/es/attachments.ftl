## attachments: rechazos relativos a los archivos adjuntos transmitidos por partes (issue 13)

refusal-attachment-not-own = el caso { $case } fue aportado por { $provider }; solo su emisor puede adjuntarle un archivo
refusal-attachment-too-many = el caso { $case } ya tiene { $limit } archivos adjuntos transmitidos por partes, el máximo para un caso
refusal-attachment-unreadable = { $path } no es un archivo que este nodo pueda leer
refusal-attachment-bad-id = { $id } no es un identificador de archivo adjunto (64 caracteres hexadecimales)
refusal-attachment-incomplete = el archivo adjunto { $name } ({ $id }) aún no está completo en este nodo
refusal-attachment-upload-interrupted = la carga se detuvo antes de que llegara el archivo completo: { $why }
refusal-attachment-upload-too-large = el archivo supera { $limit } bytes, el máximo para un archivo adjunto transmitido por partes
refusal-attachment-refetch-own = el archivo adjunto { $name } ({ $id }) es un archivo propio de este nodo: no se obtiene de nadie
refusal-attachment-refetch-not-failed = el archivo adjunto { $name } ({ $id }) no ha fallado: solo se vuelve a obtener un archivo fallido

## la página del caso: sus archivos grandes (issue 13)

case-files = Archivos grandes
case-files-none = Este caso no tiene archivos grandes.
case-file-name = Archivo
case-file-type = Tipo
case-file-size = Tamaño
case-file-state = En este nodo
case-file-complete = Completo
case-file-failed = Fallido: las partes recibidas no forman este archivo
case-file-fetching = Recibiendo: { $percent } % ({ $held }/{ $chunks })
case-file-download = Descargar
case-file-refetch = Obtener de nuevo
case-file-add = Adjuntar un archivo grande
case-file-add-hint = (vídeo, documentos escaneados: se envía en partes selladas a cada Estado que tiene el caso)
case-file-attach = Adjuntar el archivo
case-file-missing = Elija un archivo para adjuntar.
