# dief web interface: the meetings pages (ru).
