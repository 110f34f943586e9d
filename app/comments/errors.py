"""What the comment rules refuse, each with a clear, translated message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError


class CommentsClosed(DomainError):
    status = 409
    message = _l("Comments are closed here.")


class CommentsOff(DomainError):
    status = 409
    message = _l("The facilitator has turned comments off in this session.")


class OwnComment(DomainError):
    status = 409
    message = _l("You cannot upvote your own comment.")


class AlreadyFlagged(DomainError):
    status = 409
    message = _l("You have already flagged this comment. The facilitators can see it.")


class NoReplyToReply(DomainError):
    status = 422
    message = _l("Reply to the comment the conversation started from.")


class SignInToComment(DomainError):
    status = 403
    message = _l("Sign in to comment.")
