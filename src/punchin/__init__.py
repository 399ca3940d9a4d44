"""punchin: a private journal for reviewing your work and motivation, week after week."""

__version__ = "0.1.0"
