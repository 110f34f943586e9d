"""Outgoing e-mail: SMTP in production, the console log in development, a list in tests."""
