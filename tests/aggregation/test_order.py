"""The combined list of real submissions follows the Borda rule and its tie-breaks."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.aggregation.models import AggregateItem
from app.aggregation.services import aggregate, merge
from app.extensions import db
from app.sessions.models import Session, Theme


def test_order_is_points_then_first_places_then_groups_then_creation(
        app, client, make_org, make_user, login, make_session, submit_list):
    make_org("kunta")
    login(make_user(org="kunta"))
    session_id = make_session(org="kunta", groups=4)
    g1 = submit_list(session_id, "Ryhmä 1", ["Tilat", "Avustukset", "Tuki yhdistyksille"])
    g2 = submit_list(session_id, "Ryhmä 2", ["Kulttuuri", "Tilat maksutta", "Avustukset kaikille"])
    g3 = submit_list(session_id, "Ryhmä 3", ["Nuoret", "Kirjasto", "Ikäihmiset"])
    g4 = submit_list(session_id, "Ryhmä 4", ["Koulut", "Vanhukset", "Liikuntapaikat"])
    with app.app_context():
        session = db.session.get(Session, session_id)
        theme = db.session.scalar(sa.select(Theme).where(Theme.session_id == session_id))
        # 5 points: 3 (place 1) + 2 (place 2) from two groups
        merge(session, theme, [g1["Tilat"], g2["Tilat maksutta"]], "Maksuttomat tilat", None)
        # 3 points without a first place: from one group, and from two groups
        merge(session, theme, [g1["Avustukset"], g1["Tuki yhdistyksille"]], "", None)
        merge(session, theme, [g3["Ikäihmiset"], g4["Vanhukset"]], "Ikääntyneet", None)
        # three rank-1 singles tie on everything: the earliest created comes first
        koulut = db.session.get(AggregateItem, g4["Koulut"])
        koulut.created_at -= timedelta(hours=1)
        db.session.commit()
        rows = aggregate(theme)
        summary = [(row.title, row.score, row.first_places, row.groups) for row in rows]
    assert summary == [
        ("Maksuttomat tilat", 5, 1, 2),
        ("Koulut", 3, 1, 1),
        ("Kulttuuri", 3, 1, 1),
        ("Nuoret", 3, 1, 1),
        ("Ikääntyneet", 3, 0, 2),
        ("Avustukset", 3, 0, 1),
        ("Kirjasto", 2, 0, 1),
        ("Avustukset kaikille", 1, 0, 1),
        ("Liikuntapaikat", 1, 0, 1),
    ]
    page = client.get(f"/sessions/{session_id}/themes/{theme.id}/aggregate").get_data(
        as_text=True)
    positions = [page.index(f">{title}</span></label>") for title, *_ in summary]
    assert positions == sorted(positions)


def test_draft_lists_are_not_counted(app, client, scene, join_as):
    from app.groupwork.services import save_slot
    from app.sessions.models import Participant

    _, member = join_as(scene["session"], "Luonnostelija", group="Ryhmä 3")
    with app.app_context():
        session = db.session.get(Session, scene["session"])
        theme = db.session.get(Theme, scene["themes"][0])
        save_slot(session, db.session.get(Participant, member), theme, 1, "Luonnos", "Kesken", 0)
        db.session.commit()
        assert "Luonnos" not in [row.title for row in aggregate(theme)]
