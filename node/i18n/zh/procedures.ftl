# dief web interface: the procedures pages (zh).
