"""An organisation's brand: who may set it, what is refused, and where it shows."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from app.audit.models import AuditEntry
from app.branding.models import Brand
from app.extensions import db
from tests.conftest import csrf_token, post_form

BRAND = "/organisations/oulu/brand"


@pytest.fixture
def oulu(make_org):
    make_org("oulu", "Oulun kaupunki")
    make_org("kemi", "Kemin kaupunki")
    return "oulu"


@pytest.fixture
def admin(client, oulu, make_user, login):
    login(make_user("admin@example.fi", org="oulu", role="admin"))
    return client


def image(fmt: str, size=(300, 100), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 0).save(out, format=fmt)
    return out.getvalue()


def upload(client, data: bytes, name: str = "logo.png"):
    """Send the file as a browser does. The body is built here, in memory: the test client
    would spool a body over 500 KB to a temporary file that it never closes."""
    token = csrf_token(client, BRAND)
    boundary = "----yhdessa-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; "
            f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"{BRAND}/logo", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def stored(app) -> Brand | None:
    with app.app_context():
        return db.session.scalar(sa.select(Brand).options(sa.orm.undefer(Brand.logo)))


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("outsider", 404), ("other_org_admin", 404), ("staff", 403),
    ("facilitator", 403), ("admin", 200), ("superuser", 200)])
def test_only_the_organisations_admins_see_the_brand_page(client, oulu, make_user, login, who,
                                                          status):
    if who == "outsider":
        login(make_user("outsider@example.fi"))
    elif who == "other_org_admin":
        login(make_user("kemi@example.fi", org="kemi", role="admin"))
    elif who == "superuser":
        login(make_user("root@example.fi", superuser=True))
    elif who != "anonymous":
        login(make_user(f"{who}@example.fi", org="oulu", role=who))
    assert client.get(BRAND).status_code == status


def test_a_facilitator_cannot_set_the_colour(app, client, oulu, make_user, login):
    login(make_user("fasi@example.fi", org="oulu", role="facilitator"))
    response = post_form(client, f"{BRAND}/colour", {"colour": "#123456"}, page="/")
    assert response.status_code == 403
    assert stored(app) is None


def test_admin_sets_a_colour_and_the_stylesheet_serves_its_tokens(app, admin):
    response = post_form(admin, f"{BRAND}/colour", {"colour": "#7A2F8F"})
    assert response.status_code == 302
    assert stored(app).colour == "#7a2f8f"
    css = admin.get("/brand/oulu.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    body = css.get_data(as_text=True)
    assert "--color-brand: #7a2f8f;" in body and "--color-on-brand: #ffffff;" in body
    again = admin.get("/brand/oulu.css", headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "brand.colour"))
        assert entry is not None and entry.after == {"colour": "#7a2f8f"}


def test_a_too_light_colour_is_refused_with_a_darker_shade_that_passes(app, admin):
    response = post_form(admin, f"{BRAND}/colour", {"colour": "#ffcc00"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "#ffcc00 is too light" in html and 'id="colour-error"' in html
    assert 'value="#ffcc00"' in html  # what was typed stays in the field
    assert stored(app) is None
    suggestion = html.split('name="colour" value="')[1].split('"')[0]
    assert suggestion != "#ffcc00"
    assert post_form(admin, f"{BRAND}/colour", {"colour": suggestion}).status_code == 302
    assert stored(app).colour == suggestion


@pytest.mark.parametrize("colour", ["blue", "#12345", "rgb(0,0,0)", ""])
def test_a_colour_that_is_not_a_hex_code_is_refused(app, admin, colour):
    response = post_form(admin, f"{BRAND}/colour", {"colour": colour})
    assert response.status_code == 422
    assert "hex code" in response.get_data(as_text=True)
    assert stored(app) is None


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_logo_is_re_encoded_as_png_and_served_with_a_strong_etag(app, admin, fmt):
    assert upload(admin, image(fmt, size=(1200, 400)), f"logo.{fmt.lower()}").status_code == 302
    brand = stored(app)
    picture = Image.open(io.BytesIO(brand.logo))
    assert picture.format == "PNG" and picture.size == (brand.logo_width, brand.logo_height)
    assert brand.logo_width <= 640 and brand.logo_height <= 240
    response = admin.get(f"/brand/oulu/logo.png?v={brand.version}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    assert admin.get("/brand/oulu/logo.png", headers={"If-None-Match": etag}).status_code == 304


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(("data", "name"), [
    (SVG, "logo.svg"), (SVG, "logo.png"), (b"GIF89a" + b"\0" * 40, "logo.gif"),
    (image("GIF"), "logo.gif"), (b"not an image at all", "logo.png"),
    (image("PNG")[:60], "broken.png")])
def test_anything_but_a_png_jpeg_or_webp_image_is_refused(app, admin, data, name):
    response = upload(admin, data, name)
    assert response.status_code == 422
    assert "PNG, JPEG or WebP" in response.get_data(as_text=True)
    assert stored(app) is None


def test_a_logo_over_500_kb_is_refused(app, admin):
    noise = Image.frombytes("RGB", (600, 400), bytes(range(256)) * 2812 + bytes(128))
    out = io.BytesIO()
    noise.save(out, format="PNG", compress_level=0)
    assert len(out.getvalue()) > 500 * 1024
    response = upload(admin, out.getvalue())
    assert response.status_code == 422 and "500 KB" in response.get_data(as_text=True)
    assert stored(app) is None


def test_a_decompression_bomb_is_refused(app, admin):
    bomb = image("PNG", size=(8000, 8000), mode="1")  # small file, 64 million pixels
    assert len(bomb) < 500 * 1024
    response = upload(admin, bomb)
    assert response.status_code == 422 and "pixels" in response.get_data(as_text=True)
    assert stored(app) is None


def test_the_organisations_session_pages_carry_its_brand_and_platform_pages_do_not(
        app, admin, make_session):
    post_form(admin, f"{BRAND}/colour", {"colour": "#7a2f8f"})
    upload(admin, image("PNG"))
    version = stored(app).version
    session_id = make_session(org="oulu")
    with app.app_context():
        from app.sessions.models import Session
        code = db.session.get(Session, session_id).join_code
    for path in (f"/join/{code}", f"/sessions/{session_id}", f"/sessions/{session_id}/projector"):
        html = admin.get(path).get_data(as_text=True)
        assert f"/brand/oulu.css?v={version}" in html, path
        assert f"/brand/oulu/logo.png?v={version}" in html, path
        assert "Oulun kaupunki" in html
    for path in ("/", "/design", "/sessions/"):
        html = admin.get(path).get_data(as_text=True)
        assert "/brand/" not in html, path


def test_an_organisation_without_a_brand_keeps_yhdessas_look(client, make_session):
    session_id = make_session(org="kemi")
    html = client.get(f"/p/{session_id}", follow_redirects=True).get_data(as_text=True)
    assert "/brand/" not in html
    assert client.get("/brand/kemi.css").status_code == 404


def test_the_logo_can_be_removed_and_the_colour_reset(app, admin):
    post_form(admin, f"{BRAND}/colour", {"colour": "#7a2f8f"})
    upload(admin, image("PNG"))
    post_form(admin, f"{BRAND}/logo/remove", {}, page=BRAND)
    post_form(admin, f"{BRAND}/colour/reset", {}, page=BRAND)
    brand = stored(app)
    assert brand.logo is None and brand.colour is None
    assert admin.get("/brand/oulu/logo.png").status_code == 404


def test_a_brand_costs_a_page_no_extra_query(app, admin, make_session, join_as, count_queries):
    """The brand is loaded with the organisation, which the session page loads already."""
    session_id = make_session(org="oulu")
    guest, _ = join_as(session_id)
    page = f"/p/{session_id}"

    def queries() -> int:
        with count_queries() as statements:
            assert guest.get(page, follow_redirects=True).status_code == 200
        return len(statements)

    plain = queries()
    post_form(admin, f"{BRAND}/colour", {"colour": "#7a2f8f"})
    upload(admin, image("PNG"))
    html = guest.get(page, follow_redirects=True).get_data(as_text=True)
    assert "/brand/oulu.css" in html and "/brand/oulu/logo.png" in html
    assert queries() == plain
