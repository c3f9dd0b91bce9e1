"""RepApp: offline order writing for wholesale sales reps."""

__version__ = "0.1.0"
