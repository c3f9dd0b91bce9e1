"""Pure-Python business core shared by the rep's app and the sync server (no Qt, no SQL, no HTTP)."""
