# dief web interface: the meetings pages (zh).
