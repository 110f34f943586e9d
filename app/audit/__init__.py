"""Audit log of facilitators' and admins' actions."""
