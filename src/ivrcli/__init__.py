"""ivr: a command-line dialing assistant."""

__version__ = "0.1.0"
