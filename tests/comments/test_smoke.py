from tests.comments.fixtures import comment_ids, thread_url


def test_guest_posts_and_others_read(app, workshop, item, join_as, post_comment):
    guest, _ = join_as(workshop, "Maija")
    url = thread_url("aggregate", item)
    page = guest.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)
    response = post_comment(guest, url, "Hyvä <script>alert(1)</script> https://example.fi/a?b=1&c=2.")
    assert response.status_code == 303
    page = guest.get(url).get_data(as_text=True)
    print(page[page.find('<section class="comments"'):][:6000])
    assert len(comment_ids(page)) == 1
