"""Borte: days abroad against Norwegian residence rules."""

__version__ = "0.1.0"
