# dief web interface: node operations (es).
# /admin/operations: renovación de claves, copias de seguridad, solicitud de adhesión; en la Secretaría, el trabajo sobre la lista.

ops-title = Operaciones del nodo
ops-back = Volver a la administración
ops-back-operations = Volver a las operaciones del nodo
ops-done-published = La lista está firmada y enviada a cada miembro.
ops-done-drafted = La clave de la lista no está en este nodo: el cambio es solo un borrador. Lleve el borrador que figura abajo adonde se guarda la clave de la lista, fírmelo allí y publique aquí la lista firmada.

## This node's keys
ops-keys = Renovar las claves de este nodo
ops-keys-help = Este nodo crea una nueva clave de firma y una nueva clave de cifrado, firma el cambio con su clave actual y lo envía a la Secretaría. Las nuevas claves entran en vigor cuando la lista las incluye; hasta entonces, este nodo sigue usando sus claves actuales.
ops-keys-confirm = Confirmo que las claves de este nodo deben sustituirse.
ops-keys-rotate = Renovar las claves
ops-keys-unconfirmed = Marque la casilla para confirmar la renovación de las claves de este nodo.
ops-keys-done = Nueva clave de firma (huella):
ops-keys-effect = Las nuevas claves entran en vigor cuando la lista las incluye. Hasta entonces, la página de administración muestra la clave a la espera de la lista.
ops-keys-statement = La renovación firmada
ops-keys-statement-help = Si este nodo solo se comunica con la Secretaría por un canal ajeno a este sistema, copie este bloque de texto y hágalo llegar a la Secretaría, que lo aplica a la lista.

## Backup
ops-backup = Escribir una copia de seguridad
ops-backup-path = Archivo de la copia de seguridad (ruta completa en la máquina del nodo)
ops-backup-help = El archivo no debe existir todavía. La copia queda sellada con la clave de datos de este nodo y se toma mientras el nodo sigue funcionando; guárdela fuera de la máquina del nodo.
ops-backup-write = Escribir la copia de seguridad
ops-backup-no-path = Indique la ruta del archivo de la copia de seguridad.
ops-backup-relative = La ruta { $path } es relativa. Indique una ruta completa en la máquina del nodo, a partir de su raíz (por ejemplo /var/backups/dief.backup).
ops-backup-done = La copia de seguridad está escrita.
ops-backup-file = Archivo
ops-backup-size = Tamaño
ops-backup-bytes = { $bytes ->
    [one] { $bytes } byte
   *[other] { $bytes } bytes
}
ops-backup-time = Tomada el

## Join request (a State)
ops-join = Solicitud de adhesión de este Estado
ops-join-help = Envíe este bloque de texto a la Secretaría por un canal ajeno a este sistema: con él admite al Estado en la lista. El bloque indica las claves y direcciones de este nodo; no contiene ningún secreto.

## Wire version (Secretariat)
ops-wire = Versión del formato de intercambio de la federación
ops-wire-current = Los miembros escriben la versión del formato de intercambio
ops-wire-warning = Suba la versión del formato de intercambio solo cuando cada miembro use una versión del programa que la lea: un miembro que siga con una versión anterior rechaza definitivamente los mensajes más recientes, y sus remitentes los apartan. Se permite bajarla de nuevo, para volver atrás.
ops-wire-label = Versión del formato de intercambio
ops-wire-set = Fijar la versión
ops-wire-bad = Indique la versión del formato de intercambio con un número entero.

## A member's key rotation (Secretariat)
ops-rotation = Aplicar la renovación de claves de un miembro
ops-rotation-text = La renovación firmada que envió el miembro (pegue el bloque de texto completo, incluidas la primera y la última línea)
ops-rotation-apply = Aplicar la renovación
ops-rotation-bad = No es una renovación de claves válida: pegue el bloque completo que envió el miembro.

## Recovery (Secretariat)
ops-recover = Restablecer a un miembro que perdió sus claves
ops-recover-help = Cuando un miembro perdió su clave de firma, ninguna renovación puede avalar sus nuevas claves. La lista recoge entonces las claves de su nueva solicitud de adhesión, y cada miembro recibe una alerta con el motivo.
ops-recover-text = La nueva solicitud de adhesión del miembro (pegue el bloque de texto completo, incluidas la primera y la última línea)
ops-recover-reason = Motivo, que se muestra a cada miembro
ops-recover-confirm = He confirmado este restablecimiento con el Estado interesado por un canal ajeno a este sistema; cada miembro recibirá una alerta.
ops-recover-submit = Restablecer al miembro
ops-recover-unconfirmed = Marque la casilla para confirmar el restablecimiento.
ops-recover-no-reason = Indique el motivo del restablecimiento: se muestra a cada miembro.
ops-recover-bad = No es una solicitud de adhesión válida: pegue el bloque completo que envió el Estado.

## Roster key (Secretariat)
ops-roster-key = Renovar la clave de la lista
ops-roster-key-help = Este nodo crea una nueva clave de la lista y firma la lista siguiente con la actual, para que los miembros sigan el cambio. La clave anterior ya no firma nada una vez que los miembros tienen la nueva lista.
ops-roster-key-confirm = Confirmo que la clave de la lista debe sustituirse.
ops-roster-key-rotate = Renovar la clave de la lista
ops-roster-key-unconfirmed = Marque la casilla para confirmar la renovación de la clave de la lista.

## Roster key kept offline (Secretariat)
ops-draft = Borrador de la lista siguiente
ops-draft-help = Copie este bloque de texto y llévelo a la máquina donde se guarda la clave de la lista; fírmelo allí y publique abajo la lista firmada.
ops-draft-none = Ningún borrador espera ser firmado.
ops-publish = Publicar una lista firmada fuera de línea
ops-publish-text = La lista firmada (pegue el bloque de texto completo, incluidas la primera y la última línea)
ops-publish-submit = Publicar la lista
ops-publish-bad = No es una lista firmada válida: pegue el bloque completo que produjo la máquina fuera de línea.
