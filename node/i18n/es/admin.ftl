# dief web interface: the admin pages (es).
# Administración (/admin), registro de auditoría (/audit), directorio de contactos (/contacts).

admin-title = Administración
admin-see-also = Páginas relacionadas
admin-secretariat = Secretaría
admin-secretariat-only = Solo la Secretaría administra la lista de participantes.

## Resultado de la última acción
admin-done-acknowledged = La alerta queda reconocida.
admin-done-retried = Los envíos apartados vuelven a estar en cola.
admin-done-published = La lista está firmada y enviada a cada miembro.
admin-done-drafted = La clave de la lista no está en este nodo: el cambio es solo un borrador. Firme el borrador donde se guarda la clave de la lista (dief roster draft, dief roster sign) y publique la lista firmada (dief roster publish).

## Claves
admin-keys = Claves de este nodo
admin-keys-signing = Clave de firma (huella)
admin-keys-encryption = Clave de cifrado (identificador)
admin-keys-retired = Claves de cifrado retiradas
admin-keys-grace = { $days ->
    [one] Se conservan { $days } día después de una renovación y luego se destruyen.
   *[other] Se conservan { $days } días después de una renovación y luego se destruyen.
}
admin-keys-pending = Nueva clave de firma a la espera de la lista
admin-keys-roster = Clave de la lista (huella)
admin-keys-roster-offline = No está en este nodo (se guarda fuera de línea)

## Alertas
admin-alerts = Alertas
admin-alerts-none = No hay alertas.
admin-alert-raised = Emitida el { $at }
admin-alert-keys-replaced = La lista n.º { $sequence } atribuye nuevas claves a { $party } ({ $listed }; las claves que tiene este nodo son { $pinned }). Este nodo sigue usando las claves que tiene hasta que usted reconozca la alerta.
admin-alert-recovery-declared = La Secretaría declara una recuperación de claves, por el siguiente motivo:
admin-alert-no-rotation = Ninguna renovación firmada con la clave anterior respalda las nuevas claves.
admin-alert-own-keys = La lista n.º { $sequence } indica para este nodo claves que no son las suyas ({ $listed }; las de este nodo son { $own }). Los miembros que verifican la continuidad conservan las claves de este nodo. Pregunte a la Secretaría el motivo.
admin-alert-split-view = Vista divergente de la lista: { $party } tiene la lista n.º { $sequence } con el resumen { $other }, este nodo tiene el resumen { $held }. Se firmaron dos listas distintas con el mismo número. Compárelas con { $party } por un canal ajeno a este sistema.
admin-alert-confirm = He confirmado esto con el Estado interesado por un canal ajeno a este sistema (teléfono, reunión, nota diplomática).
admin-alert-acknowledge = Reconocer
admin-alert-acknowledged = Reconocida por { $by } el { $at }
admin-alert-unconfirmed = Marque la casilla para indicar que lo confirmó por otro canal antes de reconocer la alerta.

## Lista de participantes
admin-roster = Lista de participantes
admin-roster-none = Este nodo aún no tiene lista.
admin-roster-sequence = Lista n.º { $sequence }, emitida el { $at }
admin-roster-key = Clave de la lista (huella)
admin-roster-chair = Presidencia
admin-roster-chair-term = { $state }, mandato que termina el { $date }
admin-roster-no-chair = No se ha designado la Presidencia.
admin-roster-state = Estado
admin-roster-status = Condición
admin-status-state-party = Estado Parte
admin-status-signatory = Estado signatario

## Administración de la lista (Secretaría)
admin-roster-admin = Administración de la lista
admin-roster-offline = La clave de la lista se guarda fuera de línea: admitir, retirar o designar la Presidencia solo prepara aquí un borrador de la lista siguiente. Esta entra en vigor una vez firmada donde se guarda la clave y publicada.
admin-roster-draft-waiting = Un borrador de la lista n.º { $sequence } espera ser firmado fuera de línea.
admin-roster-admit = Admitir a un Estado
admin-roster-admit-text = Solicitud de adhesión del Estado (pegue el bloque de texto completo, incluidas las líneas BEGIN y END)
admin-roster-bad-join = No es una solicitud de adhesión válida: pegue el bloque completo que envió el Estado.
admin-roster-remove = Retirar a un Estado
admin-roster-remove-confirm = Confirmo que este Estado sale de la lista: no recibirá nada más.
admin-roster-remove-unconfirmed = Marque la casilla para confirmar el retiro.
admin-roster-set-chair = Designar la Presidencia
admin-roster-term-ends = Fin del mandato
admin-roster-pick-state = Elija un Estado de la lista.

## Envíos apartados
admin-set-aside = Envíos apartados
admin-set-aside-none = No hay nada apartado: cada envío se ha entregado o sigue intentándose.
admin-set-aside-sent = Enviado
admin-set-aside-kind = Asunto
admin-set-aside-case = Caso
admin-set-aside-recipients = Apartado para
admin-set-aside-action = Acción
admin-set-aside-attempts = { $n ->
    [one] tras { $n } intento
   *[other] tras { $n } intentos
}
admin-retry = Reintentar

## Copia de seguridad
admin-backup = Copia de seguridad
admin-backup-last = Última copia de seguridad realizada el { $at }.
admin-backup-file = Archivo:
admin-backup-never = No se ha realizado ninguna copia de seguridad desde que se inició el nodo.
admin-backup-failed = El último intento de copia de seguridad falló.

## Registro de auditoría
admin-audit-title = Registro de auditoría
admin-audit-intact = { $n ->
    [one] Verificado: el registro está íntegro ({ $n } entrada, presente, en orden y sin alteraciones).
   *[other] Verificado: el registro está íntegro (las { $n } entradas están presentes, en orden y sin alteraciones).
}
admin-audit-tampered = { $n ->
    [one] El registro NO está íntegro: tras { $n } entrada correcta, la verificación encontró:
   *[other] El registro NO está íntegro: tras { $n } entradas correctas, la verificación encontró:
}
admin-audit-unlisted = No se pueden mostrar las entradas.
admin-audit-none = El registro no tiene entradas.
admin-audit-seq = N.º
admin-audit-time = Fecha y hora
admin-audit-user = Usuario
admin-audit-action = Acción
admin-audit-case = Caso
admin-audit-parties = Partes
admin-audit-no-user = (desde la red)
admin-audit-version = versión { $n }
admin-audit-pages = Páginas del registro
admin-audit-page = Página { $page } de { $pages }
admin-audit-newer = Entradas más recientes
admin-audit-older = Entradas más antiguas
admin-audit-sent = Enviado: { $kind }
admin-audit-delivered = Recibido: { $kind }
admin-audit-receipted = Acuse de recibo recibido
admin-audit-case-created = Caso registrado
admin-audit-case-edited = Caso modificado
admin-audit-case-withdrawn = Caso retirado
admin-audit-operational-export = Exportado para uso operativo (ToR-16)
admin-audit-format-export = Exportado para uso operativo (ToR-16) en formato { $format }
admin-audit-refused = Rechazado
admin-audit-log-recovered = El nodo encontró su registro incoherente y continuó tras la última entrada
admin-audit-account-added = Cuenta creada:
admin-audit-account-changed = Cuenta modificada:
admin-audit-password-changed = Contraseña cambiada:
admin-audit-language-changed = Idioma cambiado:
admin-audit-role-changed = Rol cambiado:
admin-audit-account-disabled = Cuenta desactivada:
admin-audit-account-enabled = Cuenta reactivada:
admin-audit-signed-in = Inicio de sesión
admin-audit-sign-in-refused = Inicio de sesión rechazado para el nombre
admin-audit-other = Otro acontecimiento

## Constataciones de la verificación
admin-finding-unreadable = Una parte almacenada del registro no se puede leer: alterada, desplazada o en un formato desconocido.
admin-finding-unexpected-key = Hay un registro inesperado ({ $key }) entre las entradas.
admin-finding-deleted = Se suprimieron las entradas { $first } a { $last }.
admin-finding-reordered = Se alteró el orden de las entradas: la posición { $position } contiene la entrada { $seq }.
admin-finding-edited = La entrada { $seq } fue modificada: ya no coincide con su resumen.
admin-finding-chain-broken = La entrada { $seq } no está enlazada con la entrada { $previous }: una de ellas fue sustituida.
admin-finding-truncated = El registro fue truncado: la cabecera señala la entrada { $head } y la última entrada es la { $last }.
admin-finding-head-missing = Falta el registro de cabecera aunque existen entradas hasta la { $last }.
admin-finding-beyond-head = Hay entradas más allá de la cabecera { $head } (hasta la { $last }): la cabecera se hizo retroceder.
admin-finding-head-mismatch = La cabecera señala la entrada { $seq } con otro resumen: se sustituyó la cabecera o la entrada.
admin-finding-recovered = La entrada { $seq } indica que el nodo encontró su registro incoherente y continuó.
admin-finding-other = Se encontró otra incoherencia (véase el detalle técnico).

## Directorio de contactos (ToR-20)
admin-contacts-title = Directorio de contactos
admin-contact-state = Estado
admin-contact-role = Función del organismo
admin-contact-text = Texto
admin-contact-search = Buscar
admin-contact-none = Ninguna ficha de contacto coincide.
admin-contact-role-law_enforcement = Fuerzas del orden
admin-contact-role-customs = Aduanas
admin-contact-role-licensing = Licencias de exportación
admin-contact-role-foreign_ministry = Ministerio de Relaciones Exteriores
admin-contact-role-other = Otro
admin-contact-address = Dirección
admin-contact-languages = Idiomas de trabajo
admin-contact-languages-help = Códigos de idioma separados por comas, por ejemplo: es, en
admin-contact-issued = Emitida
admin-contact-version = { $date } (versión { $n })
admin-contact-notes = Notas
admin-contact-notes-help = Selladas para los Estados miembros: la Secretaría retransmite la ficha sin leer las notas.
admin-contact-notes-sealed = Selladas: no se pueden leer en este nodo.
admin-contact-function = Cargo
admin-contact-name = Nombre
admin-contact-email = Correo electrónico
admin-contact-phone = Teléfono
admin-contact-person = Contacto { $n }
admin-contact-agency = Organismo
admin-contact-publish = Publicar la ficha de contacto de este Estado
admin-contact-publish-help = La ficha la firma este Estado y se envía por conducto de la Secretaría a cada Estado miembro. Publicar de nuevo para el mismo organismo sustituye su ficha.
admin-contact-published = La ficha está publicada: llega a los demás Estados por conducto de la Secretaría.
admin-contact-function-missing = Cada contacto debe tener un cargo.
