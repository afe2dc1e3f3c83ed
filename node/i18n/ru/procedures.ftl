# dief web interface: the procedures pages (ru).
