from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.design import bp
from app.design.forms import ExampleForm
from app.sessions.models import Stage


@cache
def icon_names(static_folder: str) -> list[str]:
    sprite = (Path(static_folder) / "vendor" / "lucide" / "icons.svg").read_text()
    return re.findall(r'<symbol id="([\w-]+)"', sprite)


@bp.get("/design")
def index():
    """The style guide. The second example form has been sent empty, to show its errors."""
    fresh = ExampleForm(formdata=None, prefix="fresh")
    refused = ExampleForm(MultiDict({"refused-reasoning": ""}), prefix="refused")
    refused.validate()
    refused.name.errors = [_("Write your name.")]
    pb_phases = [("draft", _("Being prepared")), ("proposals", _("Proposals")),
                 ("review", _("Review")), ("voting", _("Voting")), ("counting", _("Counting")),
                 ("finished", _("Finished"))]
    return render_template("design/index.html", fresh=fresh, refused=refused,
                           icons=icon_names(current_app.static_folder), stages=list(Stage),
                           pb_phases=pb_phases)
