# dief web interface: the procedures pages (es).
