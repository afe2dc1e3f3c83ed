# dief web interface: the procedures pages (fr).
