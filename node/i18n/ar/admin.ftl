# dief web interface: the admin pages (ar).
