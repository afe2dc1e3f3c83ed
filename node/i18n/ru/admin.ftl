# dief web interface: the admin pages (ru).
