"""WTForms' own messages on a paper sheet are in the page's language, not in English."""

from __future__ import annotations

import pytest

from tests.conftest import post_form


def _paper_url(scene: dict) -> str:
    return (f"/sessions/{scene['session']}/groups/{scene['groups']['Ryhmä 3']}/themes/"
            f"{scene['themes'][0]}/paper")


@pytest.mark.parametrize(("lang", "required"), [
    ("fi", "Pakollinen."), ("sv", "Det här fältet är obligatoriskt."),
    ("en", "This field is required."),
])
def test_an_empty_place_of_a_paper_sheet_is_refused_in_the_pages_language(client, scene, lang,
                                                                         required):
    client.set_cookie("lang", lang)
    sheet = {"slots-0-title": "Liikunta", "slots-0-reasoning": "",
             "slots-1-title": "", "slots-1-reasoning": "Koska", "slots-2-title": "Nuoret",
             "slots-2-reasoning": "Koska nuoret"}
    response = post_form(client, _paper_url(scene), sheet, page="/login")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<span id="slots-0-reasoning-error">{required}</span>' in body
    assert f'<span id="slots-1-title-error">{required}</span>' in body
    if lang != "en":
        assert "This field is required." not in body


def test_every_form_of_the_app_speaks_the_pages_language():
    """A plain wtforms.Form answers in English: each form is a FlaskForm or a SubForm."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm
    from wtforms import Form

    import app as package
    from app.core.forms import SubForm

    for module in pkgutil.walk_packages(package.__path__, "app."):
        importlib.import_module(module.name)

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)

    ours = [cls for cls in all_subclasses(Form) if cls.__module__.startswith("app.")]
    assert ours
    plain = [cls for cls in ours if not issubclass(cls, FlaskForm | SubForm)]
    assert plain == []
