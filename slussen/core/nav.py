"""The main menu, assembled from what each app declares in its AppConfig.ready().

An app adds its own entry (``nav.add(...)``); nobody edits the base template to add a page.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    permission: str | None  # action code for can(); None = everyone
    order: int
    app_name: str  # marks the item current when the page belongs to this URL namespace
    area: str  # "main" (the menu), "user" (beside the person's name) or "footer"


_ITEMS: list[NavItem] = []


AREAS = ("main", "user", "footer")


def add(label, url_name, *, permission=None, order=50, app_name="", area="main"):
    if area not in AREAS:
        raise ValueError(f"Unknown menu area {area!r}")
    _ITEMS.append(NavItem(label, url_name, permission, order, app_name, area))
    _ITEMS.sort(key=lambda item: item.order)


def items_for(request, area="main"):
    from .permissions import can

    current = getattr(request.resolver_match, "app_name", "")
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": bool(item.app_name) and item.app_name == current,
        }
        for item in _ITEMS
        if item.area == area and (item.permission is None or can(request.user, item.permission))
    ]
