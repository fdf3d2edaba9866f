"""Sections that apps above ``process`` add to the innovation case's page.

``process`` knows no app that builds on it; such an app declares its section in its
``AppConfig.ready()`` with ``add(template, context)``: ``context(request, ic)`` returns the
section's variables (or None to leave it out) and the template is included with them as
``panel``."""

_PANELS = []


def add(template: str, context, *, order: int = 100):
    _PANELS.append((order, template, context))
    _PANELS.sort(key=lambda entry: entry[0])


def for_page(request, ic) -> list[dict]:
    sections = []
    for _order, template, context in _PANELS:
        data = context(request, ic)
        if data is not None:
            sections.append({"template": template, **data})
    return sections
