# dief web interface: Spanish catalog (same keys as en.ftl, the reference).
# Project Fluent syntax: https://projectfluent.org
# Terminology follows the Spanish text of the Arms Trade Treaty
# (desvío, Conferencia de los Estados Partes, certificado de usuario final, corretaje...).

app-name = DIEF · Intercambio de información sobre desvíos (TCA)
footer-confidential = Confidencial: la información intercambiada en el Foro está destinada a los Estados que la reciben y se trata de conformidad con el mandato (ToR-15).

## Navegación
nav-label = Menú principal
nav-skip = Ir al contenido
nav-home = Inicio
nav-cases = Casos
nav-messages = Mensajes
nav-meetings = Reuniones
nav-users = Usuarios
nav-account = Mi cuenta
nav-logout = Cerrar sesión

## Idiomas, cada uno con su propio nombre
language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## Funciones
role-administrator = Administrador
role-case_officer = Responsable de casos
role-liaison = Enlace con los organismos encargados de hacer cumplir la ley
role-delegate = Delegado
role-reviewer = Revisor

## Fechas
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
date-long = { $day } de { $month } de { $year }

## Inicio de sesión y cuenta
login-title = Iniciar sesión
login-name = Nombre de usuario
login-password = Contraseña
login-submit = Iniciar sesión
login-refused = El nombre de usuario o la contraseña no son correctos.
login-throttled = { $seconds ->
    [one] Demasiados intentos fallidos. Vuelva a intentarlo dentro de { $seconds } segundo.
   *[other] Demasiados intentos fallidos. Vuelva a intentarlo dentro de { $seconds } segundos.
}
account-title = Mi cuenta
account-role = Función
account-language = Idioma
account-language-save = Cambiar de idioma
account-password = Contraseña
account-password-current = Contraseña actual
account-password-new = Nueva contraseña (mínimo { $min } caracteres)
account-password-save = Cambiar la contraseña
account-saved-language = Se ha cambiado el idioma.
account-saved-password = Se ha cambiado la contraseña. Se han cerrado sus demás sesiones.
users-title = Usuarios de este nodo
users-add = Añadir un usuario
users-created = Fecha de creación
users-status = Estado
users-actions = Cambios
users-enabled = activa
users-disabled-on = desactivada el { $date }
users-change-role = Cambiar el rol
users-disable = Desactivar
users-enable = Reactivar

## Inicio
home-title = Inicio
home-node = Este nodo
home-party = Participante
home-roster = Lista de miembros
home-roster-seq = Versión { $seq }, { $members ->
    [one] { $members } miembro
   *[other] { $members } miembros
}
home-roster-none = Todavía no hay lista de miembros
home-connected = Miembros conectados
home-inbox = Mensajes recibidos
home-outbox = Mensajes pendientes de entrega
home-all-well = Todo está en orden.
home-attention = Este nodo requiere la atención de un operador:
home-deadlines = Plazos
home-deadlines-warn = { $count ->
    [one] Hay un plazo próximo a vencer o vencido.
   *[other] Hay { $count } plazos próximos a vencer o vencidos.
}
home-ical = Añadir los plazos a un programa de calendario (iCalendar)

## Plazos
deadlines-none = No hay plazos.
deadlines-due = Vencimiento
deadlines-what = Asunto
deadlines-rule = Norma
deadlines-meeting = Reunión
deadlines-status = Estado
deadlines-yours = le corresponde
deadline-invitation = Invitación a “{ $meeting }”
deadline-agenda = Proyecto de programa de “{ $meeting }”
deadline-silence = Procedimiento de acuerdo tácito sobre el experto { $expert }: se admiten objeciones hasta el vencimiento
deadline-escalation = La objeción no resuelta al experto { $expert } se remite a los Estados partes presentes
deadline-intents = { $count ->
    [0] Las intenciones de presentación para “{ $meeting }” se cierran al aprobarse su programa
    [one] Una intención de presentación suya para “{ $meeting }” sigue vigente hasta que se apruebe su programa
   *[other] { $count } intenciones de presentación suyas para “{ $meeting }” siguen vigentes hasta que se apruebe su programa
}
deadline-notices = Notificaciones a los Estados involucrados en el caso { $case }
deadline-expert-proposal = Propuesta de experto para la presentación { $presentation }
deadline-notice-reply = Respuesta a la notificación de { $from } sobre el caso { $case }
deadline-open = { $days ->
    [one] abierto, queda { $days } día
   *[other] abierto, quedan { $days } días
}
deadline-near = { $days ->
    [0] próximo: vence hoy
    [one] próximo: queda { $days } día
   *[other] próximo: quedan { $days } días
}
deadline-missed = { $days ->
    [one] vencido hace { $days } día
   *[other] vencido hace { $days } días
}
deadline-done = cumplido el { $date }
deadline-done-late = cumplido con retraso, el { $date }

## Casos
cases-title = Casos
cases-new = Registrar un caso
cases-create = Registrar el caso
cases-none = No se encontró ningún caso.
cases-id = Caso
cases-provider = Emisor
cases-own = propio
cases-updated = Actualizado
cases-search = Buscar
cases-search-text = Palabras
cases-search-country = País (código)
cases-search-serial = Número de serie
case-title = Título
case-summary = Resumen
case-status = Estado
case-investigation = Investigación
case-states-involved = Estados involucrados
case-codes-hint = (códigos de tres letras, separados por comas)
case-version = Versión
case-version-n = versión { $n }
case-received-from = recibido de { $from }
case-withdrawn = retirado
case-withdrawn-on = El emisor retiró este caso el { $date }.
case-not-given = no indicado
case-section-general = El caso
case-section-marking = Marcado y condiciones de difusión
case-section-diversion = El desvío
case-section-detection = Detección
case-section-items = Armas y artículos
case-section-chain = Cadena de transferencia
case-section-actors = Actores
case-handling = Condiciones de difusión (protocolo TLP)
case-operational-use = Uso operativo
case-confidentiality = Clasificación nacional de confidencialidad
case-diversion-date = Fecha del desvío
case-diversion-stage = Etapa de la cadena de transferencia
case-diversion-place = Lugar
case-diversion-country = País (código)
case-means = Medios y métodos
case-transit-points = Puntos de tránsito
case-transit-points-hint = (separados por ;)
case-destinations = Destinos
case-destinations-hint = (separados por ;)
case-brokers = Intermediarios
case-brokers-hint = (separados por ;)
case-detection-date = Fecha de detección
case-detection-agency = Organismo que lo detectó
case-detection-how = Forma de detección
case-item-n = Artículo { $n }
case-item-category = Categoría del TCA
case-item-type = Tipo
case-item-make = Marca
case-item-model = Modelo
case-item-calibre = Calibre
case-item-quantity = Cantidad
case-item-serials = Números de serie
case-item-serials-hint = (separados por comas)
case-leg-n = Tramo { $n }
case-leg-role = Función
case-leg-entity = Empresa, organismo o persona
case-leg-country = País (código)
case-leg-date = Fecha
case-leg-licence = Licencia de exportación
case-leg-euc = Certificado de usuario final
case-actor-name = Nombre
case-actor-role = Función
case-actor-country = País (código)
case-actor-description = Descripción
case-attachments = Archivos adjuntos
case-bytes = { $n ->
    [one] { $n } octeto
   *[other] { $n } octetos
}
case-holders = Estados que tienen este caso
case-edit = Modificar este caso
case-edit-title = Modificar el caso { $id }
case-save = Guardar una nueva versión
case-share = Compartir este caso
case-share-with = Compartir con
case-share-send = Compartir con los Estados marcados
case-replies = Respuestas
case-replies-none = Todavía no hay respuestas.
case-reply = Su respuesta
case-reply-to = Responder a
case-reply-send = Enviar la respuesta
case-export = Exportar para uso operativo
case-export-note = La exportación queda consignada en el registro de auditoría. Las condiciones del emisor (ToR-16) se aplican a cualquier uso.
case-print = Versión para imprimir

## Vocabularios
status-suspected = presunto
status-detected = detectado
investigation-ongoing = investigación en curso
investigation-closed = investigación cerrada
tlp-red = TLP:RED (solo los participantes destinatarios)
tlp-amber_strict = TLP:AMBER+STRICT (solo el organismo destinatario)
tlp-amber = TLP:AMBER (el organismo destinatario y las autoridades nacionales, según sea necesario)
tlp-green = TLP:GREEN (dentro del Foro)
tlp-clear = TLP:CLEAR (sin restricciones)
use-consult_provider = solo tras consultar al emisor (ToR-16)
use-pre_authorised = autorizado de antemano por el emisor
use-not_permitted = solo a título informativo
stage-export = exportación
stage-transit = tránsito
stage-import = importación
stage-post_delivery = después de la entrega
chain-manufacturer = fabricante
chain-exporter = exportador
chain-importer = importador
chain-transit = interviniente en el tránsito
chain-broker = intermediario
chain-shipper = expedidor
chain-freight_forwarder = transitario
chain-financier = financiador
chain-end_user = usuario final
category-battle_tanks = Carros de combate
category-armoured_combat_vehicles = Vehículos blindados de combate
category-large_calibre_artillery = Sistemas de artillería de gran calibre
category-combat_aircraft = Aeronaves de combate
category-attack_helicopters = Helicópteros de ataque
category-warships = Buques de guerra
category-missiles_and_launchers = Misiles y lanzamisiles
category-small_arms_and_light_weapons = Armas pequeñas y armas ligeras
category-ammunition = Municiones
category-parts_and_components = Partes y componentes

## Mensajes
messages-title = Mensajes
messages-inbox = Mensajes recibidos
messages-outbox = Mensajes enviados
messages-none = Ninguno.
messages-received = Fecha de recepción
messages-sent = Fecha de envío
messages-from = Remitente
messages-kind = Tipo
messages-case = Caso
messages-recipients = Destinatarios
messages-delivered = entregado el { $at }
messages-pending = { $attempts ->
    [0] en espera
    [one] en espera, { $attempts } intento
   *[other] en espera, { $attempts } intentos
}
messages-set-aside = apartado: el destinatario lo rechazó
kind-case_share = Caso compartido
kind-case_update = Caso actualizado
kind-reply = Respuesta
kind-roster_update = Lista de miembros
kind-case_withdrawal = Caso retirado
kind-involved_notice = Notificación a un Estado involucrado
kind-notice_reply = Respuesta a una notificación
kind-right_of_reply = Derecho de réplica
kind-use_request = Solicitud de uso operativo
kind-use_answer = Respuesta sobre el uso operativo
kind-challenge = Impugnación
kind-challenge_answer = Respuesta a una impugnación
kind-challenge_close = Impugnación cerrada
kind-thread_post = Mensaje de debate
kind-contact_card = Ficha de contacto
kind-invitation = Invitación
kind-draft_agenda = Proyecto de programa
kind-agenda_adoption = Programa aprobado
kind-presentation_intent = Intención de presentar
kind-intent_withdrawal = Intención retirada
kind-registration = Inscripción de una delegación
kind-expert_proposal = Propuesta de experto
kind-expert_circulation = Propuesta de experto distribuida
kind-expert_record = Paso del procedimiento relativo a expertos
kind-expert_acknowledgement = Confirmación del experto
kind-briefing_draft = Proyecto de exposición informativa
kind-briefing_response = Respuesta a una exposición informativa
kind-resend_request = Solicitud de reenvío
kind-key_rotation = Nuevas claves de un participante

## Reuniones
meetings-title = Reuniones
meetings-none = No hay ninguna reunión prevista.
meetings-dates = Fechas
meetings-from-to = del { $first } al { $last }
meetings-venue = Lugar
meetings-kind = Se celebra
meetings-kind-csp = durante la Conferencia de los Estados Partes
meetings-kind-preparatory = durante una reunión preparatoria
meetings-invitation = Invitación
meetings-invited-on = enviada el { $date }
meetings-not-invited = aún no enviada
meetings-agenda = Programa
meetings-agenda-none = aún no hay proyecto
meetings-agenda-circulated = proyecto distribuido
meetings-agenda-adopted = aprobado
meetings-registrations = Delegaciones inscritas
meetings-send-invitation = Enviar la invitación a todos los miembros
meetings-schedule = Programar una reunión
meetings-title-field = Título
meetings-first-day = Primer día
meetings-last-day = Último día
meetings-call = Convocatoria de contribuciones

## Errores
error-title = No es posible
error-detail = Detalle técnico (en inglés)
error-forbidden = Su función no lo permite.
error-not-found = Esto no existe en este nodo.
error-conflict = Esto ya existe.
error-disk-full = El disco del nodo está lleno: no se ha cambiado nada. Avise al operador del nodo.
error-invalid = La solicitud no es válida.
error-internal = El nodo no pudo hacerlo. No se ha perdido nada; avise al operador del nodo.
error-csrf = Este formulario ha caducado o no procede de este nodo. Vuelva a abrir la página e inténtelo de nuevo.
error-too-large = Lo enviado es demasiado grande.
error-date = Una fecha no es válida: escríbala en el formato año-mes-día.
error-field = Un campo no es válido.
error-field-value = El campo «{ $field }» no admite «{ $value }».
error-share-nobody = Marque al menos un Estado con el que compartir el caso.

## Links to the other areas
case-procedures-link = Procedimientos relativos a este caso: notificaciones, uso operativo, impugnaciones, hilos, retirada
meetings-open-link = Detalles y etapas de esta reunión
nav-admin = Administración
cases-search-more = Más criterios (ToR-19)
cases-search-broker = Intermediario
cases-search-transit = Punto de tránsito
cases-search-from = Desvío desde
cases-search-to = Desvío hasta
nav-contacts = Contactos
case-attachments-add = Añadir archivos
case-attachments-hint = (fotografías de las marcas, documentos escaneados; 12 MiB en total)
error-password-short = La contraseña debe tener al menos { $min } caracteres.
error-password-long = La contraseña es demasiado larga.
error-password-name = La contraseña no debe contener el nombre de usuario.
error-user-exists = Ya existe un usuario llamado { $name }.
error-user-name = El nombre de usuario { $name } no es válido: utilice letras minúsculas, cifras, «.», «_», «-» o «@».
error-no-roster = Este nodo aún no tiene lista de miembros.
error-secretariat-only = Solo la Secretaría puede hacerlo.
error-state-only = Solo un Estado puede hacerlo.
error-not-for-secretariat = La Secretaría nunca guarda el contenido de los casos: no puede hacerlo.
error-user-unknown = No existe ningún usuario llamado { $name }.
error-user-last-admin = { $name } es el último administrador activo de este nodo: asigne primero ese rol a otra cuenta.
error-user-role = El rol { $role } no existe: utilice administrator, case_officer, liaison, delegate o reviewer.
error-user-language = El idioma { $language } no es uno de los seis: utilice ar, zh, en, fr, ru o es.
error-not-found-id = No existe en este nodo nada con el identificador { $id }.
error-already-initialised = Ya hay un nodo inicializado en { $dir }.
error-shutting-down = El nodo se está deteniendo; vuelva a intentarlo cuando se haya reiniciado.
