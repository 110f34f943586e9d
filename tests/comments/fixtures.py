"""Fixtures for comment threads: an item of a workshop's combined list and posting."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.conftest import csrf_token

HTMX = {"HX-Request": "true"}


def thread_url(target: str, target_id: int) -> str:
    return f"/comments/{target}/{target_id}"


@pytest.fixture
def item(workshop, submit_list) -> int:
    """The id of an item of the workshop's combined list (first theme)."""
    return submit_list(workshop, "Ryhmä 1", ["Lähipalvelut", "Liikenne", "Nuoret"])["Lähipalvelut"]


@pytest.fixture
def post_comment():
    """post_comment(client, url, body, parent=None, htmx=False) → response."""

    def post(client: FlaskClient, url: str, body: str, parent: int | None = None,
             htmx: bool = False, **fields):
        data = {"csrf_token": csrf_token(client, url)}
        if parent is None:
            data["body"] = body
        else:
            data |= {"parent": str(parent), f"reply-{parent}-body": body}
        return client.post(url, data=data | fields, headers=HTMX if htmx else {})

    return post


def comment_ids(page: str) -> list[int]:
    found = re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', page)
    return [int(number) for number in found]
