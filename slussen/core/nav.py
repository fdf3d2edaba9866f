"""The main menu, assembled from what each app declares in its AppConfig.ready().

An app adds its own entry (``nav.add(...)``); nobody edits the base template to add a page.
"""

from dataclasses import dataclass

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.autoreload import file_changed
from django.utils.functional import empty
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    permission: str | None  # action code for can(); None = everyone
    order: int
    app_name: str  # marks the item current when the page belongs to this URL namespace
    area: str  # "main" (the menu), "user" (beside the person's name) or "footer"
    group: str = ""  # a key of GROUPS: the main menu shows it under that heading


_ITEMS: list[NavItem] = []
_GENERATION = [0]  # counts the changes of _ITEMS: a menu's shape names its items by position


AREAS = ("main", "user", "footer")

# The main menu's groups, by what people do (in this order). A group with a single page the
# person may see is shown as that page's link.
GROUPS = {
    "submit": pgettext_lazy("menu group", "Submit"),
    "handle": pgettext_lazy("menu group", "Handle"),
    "follow": pgettext_lazy("menu group", "Follow up"),
    "fund": pgettext_lazy("menu group", "Fund"),
    "report": pgettext_lazy("menu group", "Report"),
    "learn": pgettext_lazy("menu group", "Find and learn"),
}


def add(label, url_name, *, permission=None, order=50, app_name="", area="main", group=""):
    if area not in AREAS:
        raise ValueError(f"Unknown menu area {area!r}")
    if group and group not in GROUPS:
        raise ValueError(f"Unknown menu group {group!r}")
    _ITEMS.append(NavItem(label, url_name, permission, order, app_name, area, group))
    _ITEMS.sort(key=lambda item: item.order)
    _GENERATION[0] += 1


# The menu's links, reversed once per URL configuration and script prefix (a site served under
# a path links there), not on every request: {(urlconf, prefix): {url_name: url}}.
_URLS: dict[tuple, dict[str, str]] = {}


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """A setting changed (in tests): the kept links and the layout's kept markup (its region
    name, static files, menu) are made again."""
    if setting == "ROOT_URLCONF":
        _URLS.clear()
    caches["template_fragments"].clear()


@receiver(file_changed)
def _forget_markup(*, file_path, **kwargs):
    """A template edited while developing shows at once, not when the kept markup expires."""
    if file_path.suffix == ".html":
        caches["template_fragments"].clear()


def _url(url_name, urls=None):
    """``reverse(url_name)``, kept; ``urls``: the kept links of the request's URL configuration
    and script prefix (``_urls()``, looked up once for a whole menu: each lookup reads the
    request's context-local state, which costs more than the rest of an entry)."""
    if urls is None:
        urls = _urls()
    url = urls.get(url_name)
    if url is None:
        url = urls[url_name] = reverse(url_name)
    return url


_URL_SETS_MOST = 64  # URL configurations and script prefixes kept apart (a prefix is the server's)


def _urls():
    key = (get_urlconf(), get_script_prefix())
    if key not in _URLS and len(_URLS) >= _URL_SETS_MOST:
        _URLS.clear()  # a prefix sent through a careless proxy must not grow a process
    return _URLS.setdefault(key, {})


def items_for(request, area="main"):
    """The menu's entries the person may see: links, and (main menu) groups of links
    ``{"group": key, "label": ..., "items": [...], "current": bool}`` in GROUPS order.

    Every area is worked out in one pass the first time a request asks, and kept on the
    request for the person it was made for."""
    return _kept(request)[area]


def shape(request):
    """What the menus' markup depends on besides the language (base.html keeps the main
    menu's markup under it, ``core.layout`` a whole page): the entries shown in every area,
    the current ones, and where the site is served."""
    return _kept(request)["shape"]


def _kept(request):
    kept = getattr(request, "_slussen_menu", None)
    if kept is None or kept[0] is not request.user:
        kept = request._slussen_menu = (request.user, _menu(request))
    return kept[1]


# Which entries a person may see, kept per process under what the menu's rules read of her
# (``_allowed``): the rules of the menu's entries read only her roles (with their
# organisations), whether she is logged in, active, a superuser – a test holds every entry's
# rule to that. Her roles are read afresh with her session on every request, so a role granted
# or withdrawn changes the key, and the menu, on the very next request.
_ALLOWED: dict[tuple, tuple[bool, ...]] = {}
_MOST = 5000


def _allowed(user) -> tuple[bool, ...]:
    """``can(user, item.permission)`` for every entry, in ``_ITEMS``' order."""
    from .permissions import can

    role_set = getattr(user, "role_set", None)
    key = (
        _GENERATION[0],
        type(user),
        bool(user.is_authenticated),
        bool(getattr(user, "is_active", False)),
        bool(getattr(user, "is_superuser", False)),
        None if role_set is None else frozenset(role_set),
    )
    found = _ALLOWED.get(key)
    if found is None:
        if len(_ALLOWED) >= _MOST:
            _ALLOWED.clear()
        found = _ALLOWED[key] = tuple(
            item.permission is None or can(user, item.permission) for item in _ITEMS
        )
    return found


def _menu(request):
    user = request.user
    # The person herself rather than the request's lazy stand-in, once it has been read (the
    # rules read her a few times for every entry, each time through the stand-in otherwise).
    wrapped = getattr(user, "_wrapped", empty)
    user = user if wrapped is empty else wrapped
    current = getattr(request.resolver_match, "app_name", "")
    url_name = getattr(request.resolver_match, "view_name", "")
    links, shown, urls = {area: [] for area in AREAS}, [], _urls()
    allowed = _allowed(user)
    for index, item in enumerate(_ITEMS):
        if allowed[index]:
            link = {
                "label": item.label,
                "url": _url(item.url_name, urls),
                "current": item.url_name == url_name
                or (bool(item.app_name) and item.app_name == current),
            }
            links[item.area].append((item, link))
            shown.append(-index - 1 if link["current"] else index)
    menu = {area: [link for _item, link in found] for area, found in links.items()}
    menu["main"] = _grouped(links["main"])
    menu["shape"] = (_GENERATION[0], get_script_prefix(), get_urlconf(), tuple(shown))
    return menu


def _grouped(links):
    entries, grouped = [], {}
    for item, link in links:
        if not item.group:
            entries.append(link)
            continue
        if item.group not in grouped:
            grouped[item.group] = {"group": item.group, "label": GROUPS[item.group], "items": []}
            entries.append(grouped[item.group])
        grouped[item.group]["items"].append(link)
    order = list(GROUPS)
    entries.sort(key=lambda e: order.index(e["group"]) if "group" in e else -1)
    for group in grouped.values():
        if len(group["items"]) == 1:  # a single page needs no group
            entries[entries.index(group)] = group["items"][0]
        else:
            group["current"] = any(link["current"] for link in group["items"])
    return entries
