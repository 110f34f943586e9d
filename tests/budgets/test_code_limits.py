"""Signing in with voting codes: the limit per address is the venue's to set."""

from __future__ import annotations

import importlib

from app.budgets.codes import generate_codes
from app.budgets.models import BudgetProcess
from app.extensions import db
from tests.conftest import post_form


def _codes(app, made, count: int) -> list[str]:
    with app.app_context():
        codes = generate_codes(db.session.get(BudgetProcess, made.process_id), None, count)
        db.session.commit()
    return codes


def test_a_polling_place_sets_how_many_voters_sign_in_from_one_address(
        app, make_budget, monkeypatch):
    made = make_budget()
    sign_in = f"/budgets/{made.process_id}/code"
    monkeypatch.setitem(app.config, "BUDGET_CODE_RATE_LIMIT", "2 per minute")
    statuses = [post_form(app.test_client(), sign_in, {"code": code}).status_code
                for code in _codes(app, made, 3)]
    assert statuses == [303, 303, 429]
    monkeypatch.setitem(app.config, "BUDGET_CODE_RATE_LIMIT", "100 per minute")
    statuses = [post_form(app.test_client(), sign_in, {"code": code}).status_code
                for code in _codes(app, made, 5)]
    assert statuses == [303] * 5


def test_the_code_limits_are_read_from_the_environment(monkeypatch):
    import app.config as config

    monkeypatch.setenv("BUDGET_CODE_RATE_LIMIT", "3000 per minute")
    monkeypatch.setenv("BUDGET_UNKNOWN_CODE_LIMIT", "5 per minute")
    try:
        reloaded = importlib.reload(config)
        assert reloaded.ProductionConfig.BUDGET_CODE_RATE_LIMIT == "3000 per minute"
        assert reloaded.ProductionConfig.BUDGET_UNKNOWN_CODE_LIMIT == "5 per minute"
    finally:
        monkeypatch.delenv("BUDGET_CODE_RATE_LIMIT")
        monkeypatch.delenv("BUDGET_UNKNOWN_CODE_LIMIT")
        assert importlib.reload(config).Config.BUDGET_CODE_RATE_LIMIT == "30 per minute"
