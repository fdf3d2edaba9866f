"""``reverse`` for the links written on every page (``{% url %}``: the layout's, the lists' on
every row), with what does not change between requests worked out once per process.

Django's ``reverse`` walks the name's namespaces on every call (``fund:application``: the root
resolver's namespaces, each look-up keyed by the language read afresh), then tries the view's
patterns, building and looking up each pattern's check as a new string. A list of fifty rows
with two links each paid milliseconds for it. Here what comes before the arguments is kept per
URL configuration, script prefix, language, name and current application (``_Link``: the
namespace's resolver, the view's patterns in Django's order with their checks compiled), and
the arguments are tried on every call as Django's resolver tries them: the same converters,
the same check, the same quoting; arguments it refuses are handed to Django's ``reverse``,
which refuses them in its own words (``NoReverseMatch``). A link without arguments is kept
whole; keyword arguments go to Django's resolver of the namespace.

Kept under the resolver object itself, so that a new URL configuration (``clear_url_caches``,
an override of ``ROOT_URLCONF`` in tests) is a new resolver and finds nothing kept.
"""

import re
from urllib.parse import quote

from django.template import defaulttags
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.urls.resolvers import get_ns_resolver
from django.utils.html import conditional_escape
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes
from django.utils.translation import get_language

# (resolver, script prefix, language, viewname, current app) -> _Link
_KEPT: dict[tuple, "_Link"] = {}
# A bound on what is kept: names come from templates and prefixes from the server, but a
# prefix sent by a client through a careless proxy must not grow a process without end.
_MOST = 5000


class _Link:
    """What ``reverse`` works out for one name before it looks at the arguments: the resolver
    of its namespace, the view's name there, its patterns in Django's order, each with its
    candidate, parameters, converters and check compiled, for one script prefix."""

    __slots__ = ("resolver", "view", "prefix", "candidates", "whole")

    def __init__(self, root, prefix, viewname, current_app):
        self.resolver, self.view = _namespaced(root, viewname, current_app)
        self.prefix = prefix
        self.whole = None
        self.candidates = [
            (
                prefix.replace("%", "%%") + result,
                params,
                converters,
                re.compile(f"^{re.escape(prefix)}{pattern}"),
            )
            for possibility, pattern, _defaults, converters in self.resolver.reverse_dict.getlist(
                self.view
            )
            for result, params in possibility
        ]

    def with_args(self, args):
        """``_reverse_with_prefix(view, prefix, *args)`` of Django's resolver, unchanged: the
        first pattern with as many parameters whose converters take the arguments and whose
        check passes; None when none does."""
        for candidate, params, converters, check in self.candidates:
            if len(args) != len(params):
                continue
            subs = {}
            for name, value in zip(params, args, strict=True):
                if name in converters:
                    try:
                        subs[name] = converters[name].to_url(value)
                    except ValueError:
                        break
                else:
                    subs[name] = str(value)
            else:
                if check.search(candidate % subs):
                    url = quote(candidate % subs, safe=RFC3986_SUBDELIMS + "/~:@")
                    return escape_leading_slashes(url)
        return None


def reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    """``django.urls.reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``."""
    if not isinstance(viewname, str) or (args and kwargs):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    root = get_resolver(get_urlconf())
    prefix = get_script_prefix()
    key = (root, prefix, get_language(), viewname, current_app)
    link = _KEPT.get(key)
    if link is None:
        if len(_KEPT) >= _MOST:
            _KEPT.clear()
        link = _KEPT[key] = _Link(root, prefix, viewname, current_app)
    if kwargs:
        return link.resolver._reverse_with_prefix(link.view, prefix, **kwargs)
    if not args:
        if link.whole is None:
            link.whole = django_reverse(viewname, current_app=current_app)
        return link.whole
    url = link.with_args(args)
    if url is None:  # refused: Django's own words for it
        return django_reverse(viewname, args=args, current_app=current_app)
    return url


def _namespaced(resolver, viewname, current_app):
    """The resolver of ``viewname``'s namespace and the view's name in it: the walk of Django's
    ``reverse`` (django/urls/base.py), unchanged."""
    *path, view = viewname.split(":")
    if current_app:
        current_path = current_app.split(":")
        current_path.reverse()
    else:
        current_path = None
    resolved_path = []
    ns_pattern = ""
    ns_converters = {}
    for ns in path:
        current_ns = current_path.pop() if current_path else None
        try:
            app_list = resolver.app_dict[ns]
            if current_ns and current_ns in app_list:
                ns = current_ns
            elif ns not in app_list:
                ns = app_list[0]
        except KeyError:
            pass
        if ns != current_ns:
            current_path = None
        try:
            extra, resolver = resolver.namespace_dict[ns]
            resolved_path.append(ns)
            ns_pattern += extra
            ns_converters.update(resolver.pattern.converters)
        except KeyError as key:
            if resolved_path:
                raise NoReverseMatch(
                    f"{key} is not a registered namespace inside '{':'.join(resolved_path)}'"
                ) from None
            raise NoReverseMatch(f"{key} is not a registered namespace") from None
    if ns_pattern:
        resolver = get_ns_resolver(ns_pattern, resolver, tuple(ns_converters.items()))
    return resolver, view


class URLNode(defaulttags.URLNode):
    """Django's ``{% url %}`` (``slussen.core.templatetags.slussen`` puts it in its place on
    every template), with ``reverse`` from here."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url
