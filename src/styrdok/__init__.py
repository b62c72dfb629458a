"""styrdok — versioned governance documents for Swedish kommunalförbund."""

__version__ = "0.1.0"
