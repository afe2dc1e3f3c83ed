## protocol: rechazos formulados a partir de su clave y sus argumentos (issue 12)

## Casos: las normas que debe cumplir un caso antes de almacenarse o compartirse

refusal-case-empty = el campo { $field } no debe estar vacío
refusal-case-too-long = el campo { $field } ocupa { $len } octetos, por encima del límite de { $limit }
refusal-case-too-many = el campo { $field } tiene { $count } entradas, por encima del límite de { $limit }
refusal-case-text-too-large = el texto del caso ocupa en total { $total } octetos, por encima del límite de { $limit }
refusal-case-attachments-too-large = los archivos adjuntos ocupan en total { $total } octetos, por encima del límite de { $limit }
refusal-case-detection-before-diversion = la fecha de detección (detection.date), { $detection }, es anterior a la fecha del desvío (diversion.date), { $diversion }: un desvío no puede detectarse antes de que se produzca (ToR-18)
refusal-case-range-end-before-start = el campo { $field }, { $end }, es anterior al inicio de su intervalo, { $start }
refusal-case-range-end-without-start = se ha indicado el campo { $field }, pero no el inicio del intervalo
# $tag y $value llegan entre comillas, con los caracteres de control escapados ("t\tuh"), para que no se oculte en ellos nada invisible.
refusal-case-language-tag = el campo { $field }, { $tag }, no es una etiqueta de idioma BCP 47 bien formada (p. ej., «en», «fr», «zh-Hans»)
refusal-case-zero-quantity = el campo { $field } debe ser al menos 1
refusal-case-serials-exceed-quantity = el campo { $field } contiene { $serials } números de serie para una cantidad de { $quantity }
refusal-case-year-out-of-range = el campo { $field }, { $year }, está fuera del intervalo { $min }-{ $max }
refusal-case-in-future = el campo { $field }, { $value }, es posterior a la fecha de hoy, { $today }
refusal-case-hash-mismatch = { $field }: el resumen SHA-256 de los octetos del archivo adjunto no coincide con el resumen registrado
refusal-case-empty-place = el campo { $field } requiere un nombre o un país
refusal-case-duplicate = el campo { $field } contiene { $value } más de una vez
refusal-case-other-known-term = se rechaza el valor { $value } del campo { $field }: es un término conocido introducido como «otro» (Other); utilice directamente el término
refusal-case-file-name = se rechaza el valor { $value } del campo { $field }: debe ser un nombre de archivo sin ruta ni caracteres de control
refusal-case-media-type = se rechaza el valor { $value } del campo { $field }: debe ser un tipo de medio, como image/jpeg
refusal-case-category = se rechaza el valor { $value } del campo { $field }: no es una categoría del TCA (battle_tanks … small_arms_and_light_weapons, ammunition, parts_and_components)
refusal-case-invalid = se rechaza el valor { $value } del campo { $field }: { $why }
refusal-case-version = la versión es 0: las versiones de un caso empiezan en 1
refusal-case-updated-before-created = la fecha updated_at, { $updated_at }, es anterior a la fecha created_at, { $created_at }
# $reason son las palabras en inglés de serde: técnicas, no se traducen.
refusal-case-decode = { $field }: { $reason }

## Contenido de los mensajes: lo que transporta cualquier mensaje

# $detail son las palabras en inglés del decodificador: técnicas, no se traducen.
refusal-payload-codec = { $detail }
refusal-payload-too-long = el campo { $field } ocupa { $len } octetos, por encima del límite de { $limit }
refusal-payload-empty = el campo { $field } no debe estar vacío
# $tag llega entre comillas y escapado, como en refusal-case-language-tag.
refusal-payload-language-tag = { $tag } no es una etiqueta de idioma BCP 47 (p. ej., en, fr, ar, zh-Hans)
refusal-payload-version-zero = las versiones de los casos empiezan en 1
refusal-payload-not-provider = el caso { $case } no pertenece al emisor { $provider }
# $why es el motivo de la marca (ToR-13), uno de los dos siguientes.
refusal-payload-not-for-sharing = caso { $case }: este caso lleva la marca «no compartir» (ToR-13): { $why ->
        [national_security] contiene información relativa a la seguridad nacional
       *[ongoing_proceedings] compartirlo perjudicaría actuaciones de aplicación de la ley en curso
    }. No podrá compartirse hasta que su emisor retire la marca.
# $note son las palabras del propio emisor, tal como las escribió.
refusal-payload-not-for-sharing-noted = caso { $case }: este caso lleva la marca «no compartir» (ToR-13): { $why ->
        [national_security] contiene información relativa a la seguridad nacional
       *[ongoing_proceedings] compartirlo perjudicaría actuaciones de aplicación de la ley en curso
    } ({ $note }). No podrá compartirse hasta que su emisor retire la marca.
refusal-payload-resend-before-epoch = solicitud de reenvío a partir de { $since_ms } ms: fecha anterior al origen de tiempos (epoch)
# $what designa el contenido firmado (una ficha de contacto, un reconocimiento de experto); $detail son las palabras en inglés del decodificador.
refusal-payload-undecodable = { $what }: { $detail }

## Procedimientos: notificaciones e hilos

refusal-notice-reply-after-meeting = la fecha de respuesta de una notificación, { $reply_by }, no puede ser posterior a la de la reunión, { $meeting }
refusal-thread-too-few = un hilo requiere al menos dos Estados
refusal-thread-too-many = un hilo admite como máximo { $limit } Estados, no { $count }
refusal-thread-duplicate = un Estado figura dos veces entre los participantes del hilo

## Textos sellados: texto libre sellado para los Estados miembros

# $detail son las palabras en inglés de la clave: técnicas, no se traducen.
refusal-sealed-key = { $detail }
refusal-sealed-no-recipients = un texto sellado requiere al menos un Estado miembro para el que sellarse
refusal-sealed-too-many-recipients = { $count } destinatarios: como máximo { $limit }
refusal-sealed-duplicate-recipient = { $state } figura dos veces entre los destinatarios
refusal-sealed-unknown-party = { $party } no es un Estado miembro de la lista
refusal-sealed-text-too-long = texto sellado para el campo { $field }: { $len } octetos de texto cifrado, por encima del límite de { $limit }
refusal-sealed-not-for-me = { $state } no figura entre los destinatarios de este texto
refusal-sealed-wrong-key = el texto se selló para la clave { $found } de { $me }, que este nodo ya no tiene
refusal-sealed-sender-key = el texto se selló con la clave { $used } de su remitente, no con la indicada ({ $given })
# $detail son las palabras en inglés del cifrado: técnicas, no se traducen.
refusal-sealed-decrypt = el texto sellado no se puede abrir: { $detail } (alterado, o trasladado desde otro mensaje o campo)
refusal-sealed-arrived-in-clear = el campo «{ $field }» llegó sin cifrar: debe sellarse para los miembros; actualice el nodo remitente

## Reuniones: el calendario (ToR-3)

refusal-meeting-ends-before-start = el último día de la reunión, { $last_day }, es anterior a su primer día, { $first_day }
refusal-meeting-too-long = una reunión de { $days } días supera el máximo de { $limit } días
refusal-meeting-not-future = una reunión debe programarse para una fecha posterior a hoy ({ $today }); el { $first_day } ya ha llegado o ha pasado
refusal-meeting-year-full = en { $year } ya hay { $count } reuniones; el Foro se reúne como máximo { $limit } veces al año (ToR-3)
refusal-meeting-overlap = la reunión del { $first_day } al { $last_day } se superpone con la reunión { $other } (del { $other_first_day } al { $other_last_day })
refusal-meeting-over = la reunión { $meeting } ha terminado
refusal-not-member = { $state } no es miembro del Foro

## Reuniones: pasos firmados y con versiones

# $detail son las palabras en inglés del decodificador: técnicas, no se traducen.
refusal-meeting-codec = { $detail }
# $what designa el contenido firmado (una ficha de contacto, un reconocimiento de experto).
refusal-meeting-bad-signature = { $what }: la firma no puede verificarse con la clave de { $signer }
refusal-meeting-stale = { $what }: la versión { $offered } no es más reciente que la que ya se tiene ({ $held }): se rechaza
refusal-meeting-already-held = este nodo ya tiene la versión { $version }

## Reuniones: invitación, orden del día e intenciones de presentación (ToR-9 a ToR-11)

refusal-invitation-too-late = la invitación debe enviarse antes de que comience la reunión
refusal-agenda-version-zero = las versiones del orden del día empiezan en 1
refusal-agenda-too-many-items = un orden del día tiene como máximo { $limit } temas
refusal-agenda-item-number = el tema { $position } del orden del día lleva el número { $number }
refusal-agenda-item-no-presenter = el tema { $position } del orden del día procede de una intención de presentación, pero no indica el Estado que presenta
refusal-agenda-too-many-documents = como máximo { $limit } documentos de apoyo
refusal-intent-not-own-case = { $presenter } solo puede anunciar la presentación de sus propios casos, no la del caso { $case }
refusal-intent-minutes = una presentación dura entre 1 y { $limit } minutos
refusal-intent-unknown-meeting = la intención de presentación indica una reunión que no figura en el calendario
refusal-intent-other-meeting = la intención de presentación indica otra reunión
refusal-intent-agenda-adopted = las intenciones de presentación para la reunión { $meeting } se cerraron al aprobarse su orden del día, el { $adopted_on } (ToR-11)

## Reuniones: inscripciones (ToR-6, ToR-7)

refusal-registration-revision-zero = las revisiones de una inscripción empiezan en 1
refusal-registration-too-many = una delegación incluye como máximo { $limit } personas
refusal-registration-two-heads = una delegación tiene como máximo un jefe de delegación
refusal-registration-not-own = solo { $state } inscribe su propia delegación, no { $sender }
refusal-registration-other-meeting = la inscripción indica otra reunión

## Reuniones: fichas de contacto (ToR-20)

refusal-card-sequence-zero = los números de secuencia de las fichas de contacto empiezan en 1
refusal-card-too-many-contacts = una ficha tiene como máximo { $limit } contactos
# $function y $email llegan entre comillas y escapados, como en refusal-case-language-tag.
refusal-card-contact-unreachable = el contacto { $function } requiere una dirección de correo electrónico o un número de teléfono
refusal-card-email = { $email } no es una dirección de correo electrónico
refusal-card-too-many-languages = como máximo { $limit } idiomas

## Reuniones: exposiciones informativas (ToR-22)

refusal-briefing-version-zero = las versiones de una exposición informativa empiezan en 1
refusal-briefing-too-many-cases = una exposición informativa se basa como máximo en { $limit } casos

## Reuniones: expertos no estatales (ToR-8, ToR-15)

refusal-expert-other-meeting = la propuesta indica otra reunión
refusal-expert-late = una propuesta de experto debe llegar a la Secretaría a más tardar el { $due } (T-30, ToR-8); esta llega con { $days_late ->
        [one] { $days_late } día
       *[other] { $days_late } días
    } de retraso
refusal-expert-circulated-early = una propuesta no puede distribuirse antes de haberse formulado
refusal-expert-secretariat-only = solo la Secretaría distribuye las propuestas o registra las decisiones (ToR-8)
refusal-expert-states-only = las objeciones, las consultas y las retiradas corresponden a los Estados (ToR-8)
refusal-expert-other-proposal = el registro indica otra propuesta
refusal-expert-record-date = un registro lleva la fecha del día en que se efectúa ({ $today }), no la del { $on }
refusal-expert-already-circulated = la propuesta ya se ha distribuido
refusal-expert-objector-not-party = solo un Estado Parte puede objetar a un experto, no { $by }
refusal-expert-own-objection = el Estado que propone al experto no puede objetarlo
refusal-expert-not-circulated = la propuesta aún no se ha distribuido
refusal-expert-silence-ended = el procedimiento de acuerdo tácito terminó el { $ends } (ToR-8)
refusal-expert-already-objected = { $by } ya ha presentado una objeción
refusal-expert-no-objection = no hay ninguna objeción pendiente sobre la que celebrar consultas
refusal-expert-consultation-party = solo los Estados que han objetado y el Estado que propone al experto registran consultas (ToR-8)
refusal-expert-withdraw-objection = solo un Estado que ha objetado puede retirar su objeción
refusal-expert-withdraw-proposal = solo el Estado que propone al experto puede retirar su propuesta
# $state es la situación de la propuesta tal como la designa el protocolo (pending, silence_running, objected, escalated, accepted, rejected, withdrawn); se traduce con el selector.
refusal-expert-decision-early = una decisión de procedimiento solo se registra una vez remitida la cuestión a los Estados Partes presentes, en T-20 (ToR-8); la propuesta está { $state ->
        [pending] pendiente de distribución
        [silence_running] en procedimiento de acuerdo tácito
        [objected] objetada
        [escalated] remitida a los Estados Partes presentes
        [accepted] aceptada
        [rejected] rechazada
        [withdrawn] retirada
       *[other] en la situación «{ $state }»
    }
refusal-expert-closed = la propuesta ya está { $state ->
        [pending] pendiente de distribución
        [silence_running] en procedimiento de acuerdo tácito
        [objected] objetada
        [escalated] remitida a los Estados Partes presentes
        [accepted] aceptada
        [rejected] rechazada
        [withdrawn] retirada
       *[other] en la situación «{ $state }»
    }
refusal-expert-acknowledged-early = el experto no puede reconocer el deber de confidencialidad antes de haber sido informado de él

## Lista de miembros: la lista firmada, las solicitudes de adhesión y las renovaciones de claves (ToR-1, ToR-5)

# $detail son las palabras en inglés del decodificador: técnicas, no se traducen.
refusal-roster-codec = { $detail }
# $detail son las palabras en inglés sobre la clave: técnicas, no se traducen.
refusal-roster-key = { $detail }
# $expected, $signer, $held, $given y $offered son huellas o identificadores de claves; $party es un código de Estado o SECRETARIAT; todos se muestran tal cual.
refusal-roster-bad-signature = la firma de la lista no puede verificarse con la clave { $expected } de la Secretaría que tiene este nodo
refusal-roster-stale = la lista n.º { $offered } es anterior a la que ya se tiene (n.º { $held }): se rechaza
refusal-roster-already-held = este nodo ya tiene la lista n.º { $sequence }
refusal-roster-conflicting = la lista n.º { $offered } lleva el mismo número que la que ya se tiene, pero con otro contenido: se rechaza
refusal-roster-unlinked-key = lista firmada con la clave { $signer }, que ningún cambio de clave de la lista vincula con la clave que tiene este nodo ({ $held })
refusal-roster-too-many-rotations = lista no válida: { $party }: conserva más de { $limit } renovaciones de claves
refusal-roster-recovery-reason = lista no válida: { $party }: el motivo de la recuperación supera los { $limit } octetos
refusal-roster-weak-key = lista no válida: { $party }: la clave { $key } es de orden pequeño o no es un punto de la curva, y no puede usarse
refusal-roster-peer-id-mismatch = lista no válida: { $party }: el identificador de par { $peer_id } no corresponde a su clave de transporte
refusal-roster-addresses = lista no válida: { $party }: como máximo { $limit } direcciones, no vacías y de { $max_len } octetos como máximo cada una
refusal-roster-key-change-signer = lista no válida: un cambio de clave de la lista debe firmarse con la clave actual de la lista
refusal-roster-key-changes-exhausted = lista no válida: la clave de la lista ya ha cambiado { $limit } veces, el número máximo
refusal-roster-format = lista no válida: el formato { $format } no es compatible (este nodo lee el formato { $supported })
refusal-roster-too-many-members = lista no válida: más de { $limit } miembros
refusal-roster-wire-version-zero = lista no válida: la versión 0 del protocolo de comunicación no existe (las versiones empiezan en 1)
refusal-roster-too-many-key-changes = lista no válida: más de { $limit } cambios de clave de la lista
refusal-roster-members-unsorted = lista no válida: los miembros deben estar ordenados por código de Estado y sin repeticiones ({ $first } y luego { $second })
refusal-roster-peer-id-twice = lista no válida: { $state }: el identificador de par { $peer_id } se usa dos veces
refusal-roster-keys-after-sequence = lista no válida: { $state }: claves introducidas por la lista n.º { $since }, posterior a esta (n.º { $sequence })
refusal-roster-chair-not-member = lista no válida: la Presidencia corresponde a { $state }, que no es miembro
refusal-roster-wrong-signer = lista no válida: esta lista debe firmarse con la clave de la lista { $signer }, no con { $given }
refusal-roster-not-pinned = lista no válida: esta lista está firmada con la clave de la lista { $signer }, y ni esta ni ninguna clave anterior de la lista es la que este nodo registró al inicializarse
refusal-roster-join-own-key = solicitud de adhesión: debe firmarse con la clave propia del nodo solicitante
refusal-roster-join-signature = solicitud de adhesión: { $state }: la firma no puede verificarse
refusal-roster-rotation-signers = renovación de claves: debe firmarse con la clave de firma anterior y con la nueva que indica
refusal-roster-rotation-not-by-previous = renovación de claves: { $party }: no está firmada con su clave de firma anterior
refusal-roster-rotation-not-by-new = renovación de claves: { $party }: no está firmada con su nueva clave de firma
refusal-roster-rotation-same-key = renovación de claves: { $party }: la nueva clave de firma es idéntica a la anterior
refusal-roster-rotation-not-listed = renovación de claves: { $party } no figura en la lista
refusal-roster-rotation-transport-key = renovación de claves: { $party }: una renovación conserva la clave de transporte del nodo, { $held }, no { $offered }
refusal-roster-rotation-previous-key = renovación de claves: { $party } parte de la clave de firma { $offered }, pero la lista indica { $held }
# $label nombra el bloque pegado (DIEF ROSTER, DIEF JOIN REQUEST, DIEF KEY ROTATION), que se muestra tal cual.
refusal-armor-missing = se esperaba un bloque «{ $label }» (-----BEGIN { $label }-----)
refusal-armor-bad-hex = el bloque { $label } no está en hexadecimal válido
