## refusals: rechazos formulados a partir de su clave y sus argumentos (issue 12)

## Casos

refusal-case-not-own-share = el caso { $case } procede de { $provider }; solo su emisor puede compartirlo
refusal-case-not-own-holders = el caso { $case } procede de { $provider }; solo su emisor puede consultar qué Estados lo tienen
refusal-case-not-own-edit = el caso { $case } procede de { $provider }; solo su emisor puede modificarlo
refusal-case-not-own-withdraw = el caso { $case } procede de { $provider }; solo su emisor puede retirarlo
refusal-case-not-for-sharing = el caso { $case } no puede compartirse: lleva la marca «no compartir» (ToR-13): { $why ->
        [national_security] contiene información relativa a la seguridad nacional
       *[ongoing_proceedings] compartirlo perjudicaría actuaciones de aplicación de la ley en curso
    }. No podrá compartirse hasta que su emisor retire la marca.
refusal-case-not-for-sharing-note = el caso { $case } no puede compartirse: lleva la marca «no compartir» (ToR-13): { $why ->
        [national_security] contiene información relativa a la seguridad nacional
       *[ongoing_proceedings] compartirlo perjudicaría actuaciones de aplicación de la ley en curso
    } ({ $note }). No podrá compartirse hasta que su emisor retire la marca.
refusal-case-withdrawn-share = el caso { $case } se ha retirado; no vuelve a compartirse
refusal-case-share-no-recipient = elija al menos un Estado con el que compartirlo
refusal-case-share-to-provider = { $state } es el emisor del caso { $case }; no puede ser destinatario
refusal-case-withdrawn-edit = el caso { $case } se ha retirado; no puede modificarse
refusal-case-too-many-versions = el caso { $case } tiene demasiadas versiones
refusal-case-already-withdrawn = el caso { $case } ya se ha retirado

## Intercambio: lo que requiere todo mensaje de un procedimiento

refusal-exchange-no-recipient = no hay ningún destinatario
refusal-exchange-to-itself = { $party } no puede enviarse esto a sí mismo

## Contactos

refusal-contacts-state-only = solo los Estados publican fichas de contacto (ToR-20)

## Formatos (importaciones y exportaciones)

refusal-formats-misp-import = se rechaza la importación MISP: { $detail }

## Reuniones

refusal-meetings-briefing-chair-only = solo la Presidencia redacta las exposiciones informativas (ToR-22); { $state } no ejerce la Presidencia
refusal-meetings-briefing-no-participant = ningún Estado ha inscrito todavía una delegación para “{ $title }”
refusal-meetings-briefing-not-participant = { $state } no es participante en esta exposición informativa
refusal-meetings-agenda-no-invitation = la reunión { $meeting } aún no tiene invitación: invite primero a los miembros
refusal-meetings-agenda-adopted = el orden del día de la reunión { $meeting } se aprobó el { $on }
refusal-meetings-agenda-no-draft = la reunión { $meeting } no tiene ningún proyecto de orden del día que aprobar
refusal-meetings-agenda-already-adopted = el orden del día de la reunión { $meeting } ya se aprobó el { $on }
refusal-meetings-intent-not-own-case = { $state } solo puede presentar sus propios casos, no el caso { $case }
refusal-meetings-intent-already-withdrawn = la intención de presentación { $intent } ya se ha retirado
refusal-meetings-expert-intent-withdrawn = la intención de presentación { $intent } se ha retirado
refusal-meetings-expert-case-only = los expertos se proponen para la presentación de un caso (ToR-8)
refusal-meetings-expert-no-meeting = la presentación aún no está asignada a ninguna reunión
refusal-meetings-expert-ack-proposer-only = solo { $proposer }, que propuso al experto { $expert }, registra el reconocimiento
refusal-meetings-text-not-clear = el campo «{ $field }» debe facilitarse sin cifrar; este nodo lo sella
refusal-meetings-no-recipient = no hay ningún miembro al que enviarlo: { $what }

## Procedimientos entre Estados (ToR-12, 15, 16, 21)

refusal-procedures-replies-states-only = las respuestas sobre los casos se intercambian entre Estados, no con la Secretaría
refusal-procedures-threads-states-only = los hilos de seguimiento se mantienen entre Estados, no con la Secretaría
refusal-procedures-notice-not-own = el caso { $case } procede de { $provider }; solo el Estado que lo presenta envía notificaciones sobre él
refusal-procedures-notice-withdrawn = el caso { $case } se ha retirado; no se presenta
refusal-procedures-notice-no-recipient = indique al menos un Estado afectado (--to)
refusal-procedures-notice-to-itself = { $state } presenta el caso { $case }; no se envía una notificación a sí mismo
refusal-procedures-notice-too-late = la reunión del { $meeting } ya ha comenzado o ya se ha celebrado
refusal-procedures-not-a-notice = el mensaje { $message } no es una notificación
refusal-procedures-right-of-reply-early = el derecho de réplica se abre después de la presentación, en la reunión del { $meeting } (ToR-12)
refusal-procedures-challenge-itself = un participante no puede impugnarse a sí mismo
refusal-procedures-challenge-own-answer = la impugnación { $challenge } la presentó este nodo; corresponde a la otra parte responderla
refusal-procedures-challenge-close = solo quien presentó la impugnación { $challenge } puede cerrarla
refusal-procedures-reply-no-recipient = indique a quién responder sobre el caso { $case } (--to)
refusal-procedures-reply-to-itself = un Estado no puede responderse a sí mismo
refusal-procedures-reply-not-shared = el caso { $case } nunca se ha compartido con { $state }: compártalo primero
refusal-procedures-thread-provider-only = solo { $provider }, emisor del caso { $case }, abre hilos de seguimiento sobre él (ToR-21)
refusal-procedures-not-a-thread = el mensaje { $message } no abre ningún hilo
refusal-procedures-use-own-case = el caso { $case } es un caso propio de este Estado; no requiere ninguna solicitud de uso operativo
refusal-procedures-use-withdrawn = su emisor ha retirado el caso { $case }
refusal-procedures-export-handling = { $provider } ha marcado el caso { $case } como { $marking }: un caso recibido con esta marca no puede exportarse
refusal-procedures-export-info-only = { $provider } ha marcado el caso { $case } solo a título informativo: no puede utilizarse con fines operativos (ToR-16)
refusal-procedures-export-withdrawn = { $provider } ha retirado el caso { $case }: no puede utilizarse con fines operativos ({ $reason })
refusal-procedures-export-not-agreed = el uso operativo del caso { $case } requiere el consentimiento previo de { $provider } (ToR-16): su última respuesta fue { $decision ->
        [decline] denegarlo
        [discuss] consultar primero
       *[other] «{ $decision }»
    }
refusal-procedures-export-no-request = el uso operativo del caso { $case } requiere el consentimiento previo de { $provider } (ToR-16): no se ha enviado ninguna solicitud de uso; envíela con `dief use request`
refusal-procedures-export-unanswered = el uso operativo del caso { $case } requiere el consentimiento previo de { $provider } (ToR-16): la solicitud de uso aún no ha recibido respuesta

## Textos sellados (para los Estados miembros)

refusal-sealed-too-long = el campo «{ $field }» es demasiado largo: una vez sellado, ocupa { $len } octetos de texto cifrado, por encima del límite de { $limit }
refusal-sealed-no-members = el campo «{ $field }» se sella para los Estados miembros, y la lista todavía no incluye ninguno

## Condición de miembro y lista de miembros

refusal-membership-addresses = las direcciones de la solicitud de adhesión: { $detail }
refusal-membership-admit-count = admita entre 1 y { $max } solicitudes de adhesión a la vez
refusal-membership-no-status = no se ha configurado ninguna condición de miembro
refusal-membership-other-keys = { $state } ya es miembro con otras claves ({ $fingerprint }): sus claves solo cambian mediante una renovación firmada con su clave actual (`dief keys rotate` en su nodo) o, si ha perdido su clave, mediante `dief roster recover`, que se muestra a todos los miembros
refusal-membership-recovery-reason = una recuperación requiere un motivo de entre 1 y { $max } octetos, que se muestra a todos los miembros
refusal-membership-recover-not-member = { $state } no es miembro: admítalo mediante una solicitud de adhesión
refusal-membership-not-member = { $state } no es miembro
refusal-membership-wire-version = la versión { $version } del protocolo de comunicación no es una de las que genera esta compilación (de la { $oldest } a la { $newest })
refusal-membership-roster-key-offline = este nodo no tiene la clave de la lista { $fingerprint }: la firma se realiza fuera de línea (`dief roster sign`)
refusal-membership-alert-stale = la lista ya no contiene, para { $party }, las claves a las que se refiere esta alerta; consulte la alerta más reciente

## Configuración del nodo

refusal-node-config = { $detail }
refusal-node-roster-key-pin = un Estado debe fijar la huella de la clave de la lista (--roster-key)

## Copia de seguridad y restauración

refusal-backup-dir-not-empty = { $dir } no está vacío: restaure en un directorio nuevo (una restauración nunca sobrescribe un nodo)
refusal-backup-no-config = la copia de seguridad no contiene { $file }
refusal-backup-config-not-utf8 = el archivo { $file } de la copia de seguridad no está codificado en UTF-8
refusal-backup-config-invalid = el archivo { $file } de la copia de seguridad: { $detail }

## Cuentas

refusal-accounts-wrong-password = la contraseña actual no es correcta

## API

refusal-api-loopback-only = la API solo escucha en la interfaz de bucle local (loopback), no en { $addr }
refusal-api-metrics-loopback-only = el servicio de métricas solo escucha en la interfaz de bucle local (loopback), no en { $addr }
refusal-api-secretariat-reads-concern = la Secretaría leerá este motivo de preocupación (se sella para la Secretaría, que lo abre): confírmelo con secretariat_reads (dief challenge send --secretariat-reads)
refusal-api-secretariat-reads-answer = la Secretaría leerá esta respuesta (se sella para la Secretaría, que la abre): confírmelo con secretariat_reads (dief challenge answer --secretariat-reads)
refusal-api-secretariat-reads-close = la Secretaría leerá esta nota de cierre (se sella para la Secretaría, que la abre): confírmelo con secretariat_reads (dief challenge close --secretariat-reads)

## Entorno de federación (dief demo)

refusal-federation-already-in = { $state } ya forma parte de esta federación
refusal-federation-node-running = { $party } está en funcionamiento; deténgalo primero
