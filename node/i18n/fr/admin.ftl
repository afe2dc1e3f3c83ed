# dief web interface: the admin pages (fr).
