"""Privacy: guests' names removed after a retention period (``flask privacy purge``),
and a user's data rights: everything stored about them, and deleting their account.
The pages for these come with the design system; the services and the command are here.
"""
