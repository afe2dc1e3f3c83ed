# dief web interface: the meetings pages (ar).
