# dief web interface: the admin pages (zh).
