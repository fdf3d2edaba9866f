"""Where a form may send the browser next: only back to a page of this site.

Every ``next``/``back`` value that comes from a request goes through :func:`local_path`, so that
no link can make Slussen forward someone to another site (an open redirect)."""

import unicodedata

from django.http import QueryDict
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request, url) -> str | None:
    """``url`` if it is a relative path on this site (``/triage/?page=2``), else None.

    Refused: other hosts and schemes (``https://…``, ``//…``, ``/\\…``, ``javascript:``), absolute
    URLs even to this host, relative paths without the leading slash and control characters
    (browsers drop tabs and newlines, so ``/\\t/evil`` would become ``//evil``)."""
    if not url or not isinstance(url, str) or not url.startswith("/"):
        return None
    if url.startswith(("//", "/\\")) or any(unicodedata.category(c)[0] == "C" for c in url):
        return None
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return url


def redirect_back(request, url, fallback, *args, **kwargs):
    """Redirect to ``url`` if it is a page of this site, else to ``fallback`` (a URL name, a
    path or an object, as for :func:`django.shortcuts.redirect`)."""
    return redirect(local_path(request, url) or resolve_url(fallback, *args, **kwargs))


def redirect_with_back(request, name, **query):
    """Redirect to the page ``name`` (a URL name) with ``back`` set to this request's own page,
    the form just sent, so that the page can offer the way back to it (a "check your e-mail"
    page's "try again"); the page reads ``back`` through :func:`local_path`."""
    params = QueryDict(mutable=True)
    params.update({**query, "back": request.get_full_path()})
    return redirect(f"{reverse(name)}?{params.urlencode()}")
