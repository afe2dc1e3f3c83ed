# dief web interface: the meetings pages (fr).
