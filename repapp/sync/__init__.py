"""The sync protocol (wire schemas shared with the server) and the client side of it."""
