# dief web interface: the admin pages (es).
