# dief web interface: the meetings pages (en).
