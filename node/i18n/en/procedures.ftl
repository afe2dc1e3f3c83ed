# dief web interface: the procedures pages (en).
