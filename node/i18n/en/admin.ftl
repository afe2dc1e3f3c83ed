# dief web interface: the admin pages (en).
