# dief web interface: the procedures pages (es).

procedures-title = Procedimientos relativos al caso { $id }
procedures-case = Caso
procedures-back = Volver a los procedimientos relativos a este caso
procedures-not-held = Este nodo no tiene este caso; solo se muestran los procedimientos en los que participa.
procedures-secretariat = la Secretaría
procedures-state = Estado
procedures-version = Versión
procedures-sent-at = Envío
procedures-received-at = Recepción
procedures-receipted-at = Acuse de recibo
procedures-not-receipted = aún sin acuse de recibo
procedures-late = fuera de plazo
procedures-send = Enviar
procedures-note = Nota
procedures-reply = Respuesta

## Involved-State notices (ToR-12)
procedures-notices = Notificaciones a los Estados afectados (ToR-12)
procedures-notices-none = No se ha enviado ni recibido ninguna notificación relativa a este caso.
procedures-package-for = Reunión del { $date }
procedures-package-open = Abrir el expediente de presentación
procedures-package-meeting = Expediente de presentación para la reunión del
procedures-package-title = Expediente de presentación del caso { $id }
procedures-notice-due = Notificaciones a más tardar el
procedures-reply-due = Respuestas solicitadas para el
procedures-answered = Han respondido
procedures-not-answered = No han respondido
procedures-no-reply = sin respuesta
procedures-right-of-reply = Derecho de réplica
procedures-right-of-reply-opens = El derecho de réplica se abre después de la presentación, en la reunión del { $date }.
procedures-notice-from = Notificación de { $from } para la reunión del { $date }
procedures-meeting-ref = Referencia de la reunión
procedures-notice-summary = Resumen para los Estados afectados
procedures-reply-by = Respuesta solicitada para el
procedures-replied-on = Respuesta enviada el { $date }
procedures-notice-reply = Su respuesta a esta notificación
procedures-notify = Notificar a los Estados afectados
procedures-notify-to = Estados afectados por este caso
procedures-meeting-date = Fecha de la reunión
procedures-notify-note = Cada Estado recibe su propia notificación. Una notificación enviada con menos de 30 días de antelación a la reunión se envía igualmente, marcada como fuera de plazo.
procedures-notify-send = Enviar las notificaciones

## Operational use (ToR-16)
procedures-use = Uso operativo (ToR-16)
procedures-use-none = No hay ninguna solicitud de uso operativo relativa a este caso.
procedures-use-from = Solicitud de { $from }, { $date }
procedures-use-purpose = Finalidad
procedures-use-details = Detalles
procedures-use-details-note = Obligatorios cuando la finalidad es «otra».
procedures-use-state = Estado de la solicitud
procedures-use-state-pending = a la espera de la respuesta del emisor
procedures-use-state-agreed = aceptada
procedures-use-state-declined = denegada
procedures-use-state-discuss = pendiente de consulta
procedures-purpose-export_assessment = evaluación de una exportación
procedures-purpose-enforcement_proceedings = actuaciones de aplicación de la ley
procedures-purpose-other = otra
procedures-decision-agree = Aceptar
procedures-decision-agree_with_conditions = Aceptar con condiciones
procedures-decision-decline = Denegar
procedures-decision-discuss = Consultar primero
procedures-conditions = Condiciones
procedures-use-ask = Pedir al emisor autorización para usar este caso
procedures-use-send = Enviar la solicitud
procedures-use-answer = Su respuesta
procedures-use-answer-send = Enviar la respuesta

## Challenges (ToR-15)
procedures-challenges = Impugnaciones por divulgación (ToR-15)
procedures-challenges-none = Ninguna impugnación menciona este caso.
procedures-challenge-between = Impugnación de { $from } dirigida a { $to }
procedures-challenge-state-open = abierta
procedures-challenge-state-answered = respondida
procedures-challenge-state-closed = cerrada
procedures-challenge-concern = Motivo de preocupación
procedures-challenge-explanation = Explicación
procedures-challenge-remedial = Medidas correctivas
procedures-challenge-closing-note = Nota de cierre
procedures-challenge-open = Presentar una impugnación relativa a este caso
procedures-challenge-to = Impugnar ante
procedures-challenge-send = Enviar la impugnación
procedures-challenge-answer = Enviar la respuesta
procedures-challenge-close = Cerrar la impugnación
procedures-secretariat-reads-warning = Un texto enviado a la Secretaría se cifra para la Secretaría, que lo abre y lo lee.
procedures-secretariat-reads = Entiendo que la Secretaría leerá este texto.

## Follow-up threads (ToR-21)
procedures-threads = Hilos de seguimiento (ToR-21)
procedures-threads-none = No hay ningún hilo de seguimiento relativo a este caso.
procedures-thread-participants = Participantes
procedures-thread-follow-up = Su mensaje en este hilo
procedures-thread-start = Abrir un hilo
procedures-thread-with = Con los Estados que tienen el caso
procedures-thread-subject = Asunto
procedures-thread-body = Mensaje
procedures-thread-send = Abrir el hilo

## Versions, holders and withdrawal
procedures-versions = Versiones y tenedores
procedures-current-version = Versión { $n }, del { $date }.
procedures-held-from = Recibido de { $from }; en este nodo desde el { $date }.
procedures-holders = Quién tiene cada versión
procedures-holders-none = Este caso no se ha compartido.
procedures-distribution = Todas las versiones enviadas
procedures-sent-as = Tipo de envío
procedures-kind-case_share = primer envío
procedures-kind-case_update = actualización
procedures-kind-case_withdrawal = retirada
procedures-withdraw = Retirar este caso
procedures-withdraw-note = Se informa de la retirada, con el motivo, a cada Estado que tenga el caso. El caso no vuelve a compartirse.
procedures-withdraw-reason = Motivo de la retirada
procedures-withdraw-send = Retirar el caso
procedures-withdrawn-on = Retirado por el emisor el { $date } (versión { $n }).

## Errors
procedures-error-date = La fecha de la reunión no es válida: escríbala como año-mes-día.
procedures-error-nobody = Marque al menos un Estado.
procedures-error-state = Un Estado indicado no es válido.
procedures-error-purpose = Elija la finalidad del uso.
procedures-error-decision = Elija una respuesta.
procedures-error-secretariat-reads = La Secretaría leerá este texto: marque la casilla para confirmar que lo sabe.
