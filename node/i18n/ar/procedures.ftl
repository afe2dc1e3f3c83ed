# dief web interface: the procedures pages (ar).
