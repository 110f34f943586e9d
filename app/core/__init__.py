"""Pieces every feature shares: database helpers, errors, rendering, security, tokens."""
