"""Every kind of input a form shows is drawn as the others are (border, padding, width): the
call form's date-and-time fields were drawn by the browser alone, low and narrow."""

import re
from pathlib import Path

from django import forms
from django.conf import settings

from .test_text_limits import project_forms

DRAWN_BY_THE_BROWSER = {"checkbox", "radio", "hidden", "file", "submit"}


def input_types():
    found = {}
    for path, cls in project_forms().items():
        for name, field in cls.base_fields.items():
            widget = field.widget
            if not isinstance(widget, forms.widgets.Input):
                continue  # a select or a text area is styled as an element
            kind = widget.attrs.get("type") or getattr(widget, "input_type", None)
            if kind and kind not in DRAWN_BY_THE_BROWSER:
                found.setdefault(kind, f"{path}.{name}")
    return found


def test_every_input_type_in_a_form_is_styled():
    css = (Path(settings.BASE_DIR) / "slussen" / "static" / "css" / "slussen.css").read_text()
    styled = set(re.findall(r"input\[type=([\w-]+)\]", css))
    types = input_types()
    assert {"text", "date", "datetime-local"} <= set(types)  # the walk finds them
    unstyled = {kind: where for kind, where in types.items() if kind not in styled}
    assert not unstyled, f"inputs drawn by the browser alone: {unstyled}"
