# dief web interface: the meetings pages (es).
