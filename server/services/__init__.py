"""Server use cases. They never commit: the caller's transaction scope does."""
