"""A page kept whole, the person's own parts filled in on every request.

Beyond the floor every logged-in page spends most of its processor time rendering the layout
(base.html: the head, the menus, the language switch, the footer) around its body, even when
the body itself is kept (the fund's statistics). ``render_kept`` keeps the page's markup,
rendered once, under everything it depends on: the caller's ``key`` (what the page's own
template shows: its figures and their stamp), the language, the path asked, the entries of
every menu the person may see and the current one (``nav.shape``: her roles as the rules read
them), whether she is an administrator, whether she has unread notices. Where the person's
own parts go the kept markup has holes, filled on every request: a CSRF token masked afresh
for this request, her name, her number of unread notices. A request with messages waiting is
rendered whole, as any page (they show once), and kept from nothing.

Kept in each process (the ``template_fragments`` cache, as the menu's markup): a few pages of
a few kilobytes, rendered in a millisecond, gain nothing from a network round trip.
"""

import hashlib
import re
import secrets

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from . import nav, notify

# The holes' marks: unguessable per process, letters and digits only (escaping keeps them).
_MARK = "hole" + secrets.token_hex(12)
_HOLES = re.compile(_MARK + "(csrf|name|unread)")


class _Person:
    """The person as the layout reads her, with a hole for her name."""

    full_name = _MARK + "name"

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name):
        return getattr(self._user, name)


def render_kept(request, template_name, context, key, seconds):
    """``render(request, template_name, context)``, from markup kept under ``key`` (which
    must name everything ``context`` shows) and what the layout depends on.

    The page's templates may read the person only as the layout does: ``user`` (her name a
    hole), the menu, ``{% csrf_token %}``, the notices' count. Anything else of hers (her
    e-mail through ``request.user``, a ``{% can %}`` on an object) would be kept for everyone
    with the same menu: such a page is rendered with ``render``, or its ``key`` names her."""
    user = request.user
    messages = get_messages(request)
    if not user.is_authenticated or (messages is not None and len(messages)):
        return render(request, template_name, context)
    unread = notify.unread_count(user)
    layout = (
        key,
        template_name,
        get_language(),
        request.get_full_path(),
        getattr(request.resolver_match, "view_name", ""),
        nav.shape(request),
        user.is_staff,
        bool(unread),
    )
    name = "layout:" + hashlib.sha256(repr(layout).encode()).hexdigest()
    fragments = caches["template_fragments"]
    parts = fragments.get(name)
    if parts is None:
        holed = {
            "csrf_token": _MARK + "csrf",
            "user": _Person(user),
            "notifications_unread": _MARK + "unread" if unread else 0,
            "messages": (),
        }
        parts = _HOLES.split(render_to_string(template_name, {**context, **holed}, request))
        if any(_MARK in part.lower() for part in parts[::2]):  # a mark changed on its way
            return render(request, template_name, context)
        fragments.set(name, parts, seconds)
    person = {
        "csrf": get_token(request),
        "name": conditional_escape(localize(user.full_name)),
        "unread": conditional_escape(localize(unread)),
    }
    return HttpResponse("".join(person[part] if i % 2 else part for i, part in enumerate(parts)))
