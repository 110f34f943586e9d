"""The memo shows the comments that are not hidden, with what they are about, and no names."""

import re

from tests.comments.fixtures import comment_ids, thread_url
from tests.conftest import csrf_token


def test_the_memo_shows_comments_not_hidden_and_no_names(client, workshop, item, join_as,
                                                         post_comment):
    maija, _ = join_as(workshop, "Maija Meikäläinen")
    url = thread_url("aggregate", item)
    post_comment(maija, url, "Näkyy muistiossa")
    post_comment(maija, url, "Piilotetaan")
    shown, hidden = sorted(comment_ids(maija.get(url).get_data(as_text=True)))
    post_comment(maija, url, "Vastaus näkyvään", parent=shown)
    post_comment(maija, url, "Vastaus piilotettuun", parent=hidden)
    client.post(f"/comments/c/{hidden}/hide", data={
        "csrf_token": csrf_token(client, url), f"hide-{hidden}-reason": "Asiaton"})
    memo = client.get(f"/sessions/{workshop}/memo").get_data(as_text=True)
    comments = memo[memo.index('class="memo-comments"'):]
    comments = comments[:comments.index("</ul>")]
    assert "Näkyy muistiossa" in comments and "Vastaus näkyvään" in comments
    assert "Lähipalvelut" in comments  # what the comment is about
    assert "Piilotetaan" not in memo and "Vastaus piilotettuun" not in memo
    assert "Maija" not in memo
    assert len(re.findall("<li", comments)) == 2
