import datetime
import re
from collections.abc import Mapping

from django import template
from django.conf import settings
from django.http import QueryDict
from django.template import defaultfilters, defaulttags
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from slussen.core import links
from slussen.core.permissions import can as _can

register = template.Library()


@register.tag
def url(parser, token):
    """Django's ``{% url %}``, its namespaces looked up once per process (``core.links``)."""
    node = defaulttags.url(parser, token)
    return links.URLNode(node.view_name, node.args, node.kwargs, node.asvar)


# The numbers of a date written by "Y-m-d", "Y-m-d H:i", "H:i" and the like: Django's
# format characters whose output depends on no language (dateformat.py), each as it writes it.
_NUMBERS = {
    "Y": "{0.year:04d}",
    "m": "{0.month:02d}",
    "d": "{0.day:02d}",
    "H": "{0.hour:02d}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}
_BETWEEN = set("-: /.")
_RECIPES: dict[str, tuple | None] = {}


def _recipe(arg):
    """``(str.format pattern, whether it writes the time)`` for a format of numbers only;
    None for any other (Django formats those)."""
    if not isinstance(arg, str) or not arg:
        return None
    if arg not in _RECIPES:
        if all(c in _NUMBERS or c in _BETWEEN for c in arg):
            pattern = "".join(_NUMBERS.get(c, c) for c in arg)
            _RECIPES[arg] = (pattern, any(c in "His" for c in arg))
        else:
            _RECIPES[arg] = None
    return _RECIPES[arg]


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's ``|date``; a format of numbers only (``"Y-m-d"`` on every row of the lists) is
    written straight from the date, already in the current time zone as Django hands it over,
    without looking the format up among the language's on every row. Anything else, Django's."""
    recipe = _recipe(arg)
    if recipe is not None and (
        type(value) is datetime.datetime or (type(value) is datetime.date and not recipe[1])
    ):
        return recipe[0].format(value)
    return defaultfilters.date(value, arg)


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "case.comment" case as may_comment %}`` – the same rule the view checks."""
    return _can(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def lookup(mapping, key):
    """``{{ labels|lookup:code }}`` – a value from a dict in a template."""
    return mapping.get(key, key) if mapping else key


@register.filter
def audit_action(action):
    """An audit action as a sentence (slussen.core.audit.describe)."""
    from slussen.core.audit import describe

    return describe(action)


@register.filter
def audit_details(data):
    from slussen.core.audit import details

    return details(data or {})


@register.simple_tag
def requirement(field, hide_optional=False):
    """After a label: when a conditionally required field is required, or "(optional)" for a
    field the server lets be empty; nothing for a required one. Follows the form's own
    ``required`` so the label never says optional where the server refuses an empty field."""
    from django.utils.translation import gettext as _

    when = getattr(field.field, "required_when", "")
    if when:
        return format_html(' <span class="optional">({})</span>', when)
    if not field.field.required and not hide_optional:
        return format_html(' <span class="optional">({})</span>', _("optional"))
    return ""


@register.filter
def unpunctuated(label):
    """A label that is a sentence ("I have read … (above).") before a colon in the error
    summary: without its own closing full stop, colon, question or exclamation mark."""
    return str(label).rstrip().rstrip(".:?!").rstrip()


# Parameters of a list's form that order or page it rather than narrow it.
NOT_FILTERS = {"sort", "order", "page", "view"}


def _finds(finds, words) -> bool:
    """Whether the list (``core.forms.list_filters``'s ``find``: the person's own list with
    its filters) has anything for ``words``: one query (``exists``) for a queryset. Without
    the list to ask, nothing is proposed: "Did you mean …?" never leads to an empty list, nor
    says that a word is found where she may not look."""
    if finds is None:
        return False
    found = finds(words)
    exists = getattr(found, "exists", None)
    return exists() if callable(exists) else bool(found)


@register.inclusion_tag("partials/empty.html", takes_context=True)
def empty_list(context, form=None, nothing=""):
    """What an empty list says: ``{% empty_list form nothing %}`` (the list's filter form, or
    a dict of its filters). With search words, that nothing matches them (“No hits for …”)
    and, where the search's word lists know better words, a link to search for those instead
    (“Did you mean …?”); with filters, that nothing matches the filters; only a list that
    nobody narrowed says ``nothing`` (“No … registered yet”)."""
    from slussen.core import search

    if isinstance(form, Mapping):
        data, fields, invalid = form, {}, False
    else:
        data, fields = getattr(form, "cleaned_data", None) or {}, getattr(form, "fields", {})
        invalid = "q" in (getattr(form, "errors", None) or {})  # nothing shown (``list_filters``)
    words = str(data.get("q") or "").strip()
    filtered = any(
        value not in (None, "", [], (), False)
        and (name not in fields or value != fields[name].initial)
        for name, value in data.items()
        if name != "q" and name not in NOT_FILTERS
    )
    instead = search.suggestion(words) if words else ""
    if instead and not _finds(getattr(form, "finds", None), instead):
        instead = ""  # a proposal that finds nothing she may see is no help (nor a hint)
    query = ""
    if instead:
        request = context.get("request")
        params = request.GET.copy() if request is not None else QueryDict(mutable=True)
        params.pop("page", None)
        params["q"] = instead
        query = params.urlencode()
    return {
        "invalid": invalid,
        "words": words,
        "wordless": bool(words) and not search.searchable(words),
        "filtered": filtered,
        "nothing": nothing,
        "suggestion": instead,
        "suggestion_query": query,
    }


# A date as the product writes it (2026-12-07, 2026-12-07 14:05, 2026-12-07 14:05:09).
UNBROKEN_DATE = r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?"


@register.filter(is_safe=True)
def unbroken(text):
    """``text`` escaped (unless already safe), each registry number and date in it kept on one
    line: "SLU 2026-00023" and "2026-12-07" are never broken at a hyphen or space on a narrow
    screen. For every date and registry number printed in running text (``{{ day|date:"Y-m-d"
    |unbroken }}``, a ``blocktranslate``'s ``with``), and for messages, notices and form
    errors, whose text is made in Python. Empty stays empty (``|default`` still applies)."""
    escaped = str(conditional_escape(text))
    return mark_safe(_unbroken_re().sub(_nowrap, escaped))


def _nowrap(match):
    return f'<span class="nowrap">{match.group(0)}</span>'


def _unbroken_re():
    """The registry numbers and dates ``unbroken`` keeps whole (the prefix is a setting)."""
    prefix = settings.REGISTRY_PREFIX
    if _unbroken.get("prefix") != prefix:
        _unbroken.update(
            prefix=prefix,
            re=re.compile(
                rf"(?<![\w-])(?:{re.escape(prefix)} \d{{4}}-\d+|{UNBROKEN_DATE})(?![\w-])"
            ),
        )
    return _unbroken["re"]


_unbroken = {}


@register.simple_tag
def organisation(org):
    """An organisation's name where a column is narrow: its short name, with the full name for
    whoever does not know it (a simple tag: it is printed on every row of the long lists)."""
    if org is None:
        return ""
    if org.short_name and org.short_name != org.name:
        return format_html('<abbr title="{}">{}</abbr>', org.name, org.short_name)
    return conditional_escape(org.name)


register.filter("unbroken_numbers", unbroken)  # its first name (messages only)
