"""Backups: ``flask backup create`` and ``flask backup restore`` (command line only)."""
