"""Comment threads on group priorities, combined-list items, brainstorm ideas and PB
proposals: plain text with safe links, one level of replies, upvotes, flags, and
moderation (hide with a reason, restore)."""

from flask import Blueprint

bp = Blueprint("comments", __name__, template_folder="templates")
