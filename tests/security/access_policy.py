"""The access policy: which role gets what on every endpoint of the app.

``ACCESS`` gives each endpoint of ``app.url_map`` its policy, ``POLICIES`` what each role
gets under a policy (tests/security/test_access_matrix.py checks every cell; see its
docstring for what ``ok`` and ``login`` mean). A new route needs one line in ``ACCESS``.
An endpoint whose answer depends on what its URL names (a comment thread on a workshop's
priority or on a PB proposal) has a second line, ``"endpoint@variant"``, asked with the
world's values for that variant (tests/security/world.py, ``PARAMETERS``).

The roles, in the order of the columns (tests/security/world.py makes them): anonymous;
guest (of another organisation's session); participant (group 1 of the demo workshop)
and other_group (group 2); staff, facilitator and admin of the demo organisation;
outsider (admin of another organisation); superuser.
"""

from __future__ import annotations

OK, LOGIN, VOTE = "ok", "login", "vote"
# A facilitator's page asked without an account: the page (GET) sends to the sign-in page,
# which comes back to it; a form post or an htmx request gets 404 (nothing to come back to).
LOGIN_PAGE = "login page, else 404"

# Columns: anonymous, guest (of another organisation's session), participant (group 1),
# other_group (group 2), staff, facilitator, admin (of the demo organisation),
# outsider (admin of another organisation), superuser.
POLICIES: dict[str, tuple] = {
    # Anyone, signed in or not.
    "everyone":             (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    # Any account; guests are sent to sign in.
    "signed_in":            (LOGIN, LOGIN, LOGIN, LOGIN, OK,    OK,    OK,    OK,    OK),
    # The API: an account's session or token, else 401.
    "api_account":          (401,   401,   401,   401,   OK,    OK,    OK,    OK,    OK),
    # A session's setup pages: sign in first; the organisation's facilitators and admins;
    # its staff 403; to another organisation the session does not exist.
    "organisation_facilitators":
                            (LOGIN, LOGIN, LOGIN, LOGIN, 403,   OK,    OK,    404,   OK),
    # Start a session: a facilitator or admin of any organisation.
    "any_facilitator":      (LOGIN, LOGIN, LOGIN, LOGIN, 403,   OK,    OK,    OK,    OK),
    # The live views, combined list, brainstorm board's tools, votes' tools, exports before
    # results: the session's facilitators and admins; who knows the session (its
    # participants, its organisation's staff) 403; anyone else 404.
    "session_facilitators": (404,   404,   403,   403,   403,   OK,    OK,    404,   OK),
    # The same pages that a facilitator opens from a link or a bookmark (dashboard, projector,
    # combined list, paper forms, vote rounds, memo and exports before results): without an
    # account, sign in first and come back.
    "session_facilitator_pages":
                            (LOGIN_PAGE, LOGIN_PAGE, 403, 403, 403, OK,   OK,    404,   OK),
    # The results API before the results stage: facilitators only; 404 to everyone else.
    "session_results_api":  (404,   404,   404,   404,   404,   OK,    OK,    404,   OK),
    # A participant's pages (/p/…): the session's own participants, whatever their group
    # (a group's list is found from the participant's cookie, never from the URL).
    "session_participants": (404,   404,   OK,    OK,    404,   404,   404,   404,   404),
    # An organisation's members and brand: its admins.
    "organisation_admins":  (LOGIN, LOGIN, LOGIN, LOGIN, 403,   403,   OK,    404,   OK),
    # A budget process's staff pages: the organisation's staff and admins.
    "budget_staff":         (LOGIN, LOGIN, LOGIN, LOGIN, OK,    403,   OK,    404,   OK),
    # A PB ballot while voting is open: an account votes (residents have accounts anywhere);
    # anyone else is sent to the process's vote page to choose a code or signing in. Its
    # live meter answers only a voter.
    "ballot":               (VOTE,  VOTE,  VOTE,  VOTE,  OK,    OK,    OK,    OK,    OK),
    "ballot_meter":         (404,   404,   404,   404,   OK,    OK,    OK,    OK,    OK),
    # A comment thread on a session's thing (a priority, a combined-list item, an idea): the
    # session's participants, whatever their group, and its facilitators; its organisation's
    # other members 403; anyone else 404.
    "session_thread":       (404,   404,   OK,    OK,    403,   OK,    OK,    404,   OK),
    # Writing on a PB proposal's (public) thread: any account; without one, 403 and "sign in
    # to comment".
    "account_writes":       (403,   403,   403,   403,   OK,    OK,    OK,    OK,    OK),
    # Hiding and restoring on a PB proposal's thread: the process's staff and admins.
    "proposal_moderators":  (LOGIN, LOGIN, LOGIN, LOGIN, OK,    403,   OK,    403,   OK),
    # One's own API token (the world's is the facilitator's): anyone else's is not found.
    "own_token":            (LOGIN, LOGIN, LOGIN, LOGIN, 404,   OK,    404,   404,   404),
    # A link that only an e-mail carries: without its token, 404 for everyone.
    "mailed_token":         (404,   404,   404,   404,   404,   404,   404,   404,   404),
}

ACCESS: dict[str, str] = {
    "account.confirm_delete": "signed_in",
    "account.create_token": "signed_in",
    "account.delete": "signed_in",
    "account.download": "signed_in",
    "account.index": "signed_in",
    "account.revoke": "own_token",
    "aggregation.merge": "session_facilitators",
    "aggregation.rename": "session_facilitators",
    "aggregation.theme": "session_facilitator_pages",
    "aggregation.undo": "session_facilitators",
    "api.area_ballots_pb": "everyone",  # the process is finished: published
    "api.budget_results": "everyone",  # the process is finished: published
    "api.me": "api_account",
    "api.openapi": "everyone",
    "api.session_results": "session_results_api",
    "auth.change_password": "signed_in",
    "auth.forgot_password": "everyone",
    "auth.login": "everyone",
    "auth.logout": "everyone",
    "auth.reset_password": "mailed_token",
    "brainstorm.add_idea": "session_participants",
    "brainstorm.assign": "session_facilitators",
    "brainstorm.board": "session_participants",
    "brainstorm.bulk_move": "session_facilitators",
    "brainstorm.create_cluster": "session_facilitators",
    "brainstorm.delete_cluster": "session_facilitators",
    "brainstorm.edit": "session_facilitators",
    "brainstorm.hide": "session_facilitators",
    "brainstorm.manage": "session_facilitator_pages",
    "brainstorm.move_cluster": "session_facilitators",
    "brainstorm.rename_cluster": "session_facilitators",
    "brainstorm.support": "session_participants",
    "brainstorm.unhide": "session_facilitators",
    "branding.logo": "everyone",
    "branding.remove_logo": "organisation_admins",
    "branding.reset_colour": "organisation_admins",
    "branding.set_colour": "organisation_admins",
    "branding.settings": "organisation_admins",
    "branding.stylesheet": "everyone",
    "branding.upload_logo": "organisation_admins",
    "budgets.add_update": "budget_staff",
    "budgets.ballot": "ballot",
    "budgets.change_phase": "budget_staff",
    "budgets.code_sign_in": "everyone",
    "budgets.codes": "budget_staff",
    "budgets.count": "budget_staff",
    "budgets.count_progress": "budget_staff",
    "budgets.find_receipt": "everyone",
    "budgets.forget_code": "everyone",
    "budgets.index": "everyone",
    "budgets.manage": "budget_staff",
    "budgets.meter": "ballot_meter",
    "budgets.new_area": "budget_staff",
    "budgets.new_process": "budget_staff",
    "budgets.paper_ballot": "budget_staff",
    "budgets.process_page": "everyone",
    "budgets.promote": "organisation_facilitators",
    "budgets.promote_group_priority": "organisation_facilitators",
    "budgets.proposal_page": "everyone",
    "budgets.proposals": "everyone",
    "budgets.propose": "signed_in",
    "budgets.results": "everyone",
    "budgets.results_csv": "everyone",  # the process is finished: published
    "budgets.review": "budget_staff",
    "budgets.vote_index": "everyone",
    "comments.flag": "session_thread",
    "comments.flag@proposal": "account_writes",
    "comments.hide": "organisation_facilitators",
    "comments.hide@proposal": "proposal_moderators",
    "comments.post": "session_thread",
    "comments.post@proposal": "account_writes",
    "comments.restore": "organisation_facilitators",
    "comments.restore@proposal": "proposal_moderators",
    "comments.setting": "organisation_facilitators",
    "comments.thread": "session_thread",
    "comments.thread@aggregate": "session_thread",
    "comments.thread@idea": "session_thread",
    "comments.thread@proposal": "everyone",
    "comments.upvote": "session_thread",
    "comments.upvote@proposal": "account_writes",
    "design.index": "everyone",
    "exports.export_csv": "session_facilitator_pages",  # before results; everyone's after
    "exports.export_json": "session_facilitator_pages",
    "exports.memo": "session_facilitator_pages",
    "groupwork.group_page": "session_participants",
    "groupwork.move_slot": "session_participants",
    "groupwork.save_slot": "session_participants",
    "groupwork.submit_list": "session_participants",
    "groupwork.use_item": "session_participants",
    "health.healthz": "everyone",
    "live.dashboard": "session_facilitator_pages",
    "live.move": "session_facilitators",
    "live.paper": "session_facilitator_pages",
    "live.projector": "session_facilitator_pages",
    "live.unlock": "session_facilitators",
    "organisations.add_member": "organisation_admins",
    "organisations.cancel_invitation": "organisation_admins",
    "organisations.change_role": "organisation_admins",
    "organisations.invitation": "mailed_token",
    "organisations.members": "organisation_admins",
    "organisations.remove_member": "organisation_admins",
    "organisations.resend_invitation": "organisation_admins",
    "pages.accessibility": "everyone",
    "pages.choose_language": "everyone",
    "pages.home": "everyone",
    "pages.privacy": "everyone",
    "participation.enter_code": "everyone",
    "participation.join": "everyone",
    "participation.session_home": "session_participants",
    "privacy.save": "organisation_admins",
    "privacy.settings": "organisation_admins",
    "sessions.add_group": "organisation_facilitators",
    "sessions.add_item": "organisation_facilitators",
    "sessions.add_theme": "organisation_facilitators",
    "sessions.confirm_stage": "organisation_facilitators",
    "sessions.delete_group": "organisation_facilitators",
    "sessions.delete_item": "organisation_facilitators",
    "sessions.delete_items": "organisation_facilitators",
    "sessions.delete_theme": "organisation_facilitators",
    "sessions.detail": "organisation_facilitators",
    "sessions.duplicate": "organisation_facilitators",
    "sessions.edit": "organisation_facilitators",
    "sessions.edit_theme": "organisation_facilitators",
    "sessions.index": "any_facilitator",
    "sessions.make_groups": "organisation_facilitators",
    "sessions.move_group": "organisation_facilitators",
    "sessions.move_item": "organisation_facilitators",
    "sessions.move_stage": "organisation_facilitators",
    "sessions.move_theme": "organisation_facilitators",
    "sessions.new": "any_facilitator",
    "sessions.paste_items": "organisation_facilitators",
    "sessions.rename_group": "organisation_facilitators",
    "sessions.reorder_items": "organisation_facilitators",
    "sessions.set_current_theme": "organisation_facilitators",
    "static": "everyone",
    "voting.adjust": "session_participants",
    "voting.close_round": "session_facilitators",
    "voting.open_round": "session_facilitators",
    "voting.panel": "session_participants",
    "voting.paper": "session_facilitator_pages",
    "voting.participant_results": "session_participants",
    "voting.round_results": "session_facilitator_pages",
    "voting.save_ballot": "session_participants",
    "voting.theme_rounds": "session_facilitator_pages",
}

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
