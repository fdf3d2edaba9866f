from collections.abc import Mapping

from django import template
from django.template import defaulttags
from django.utils.html import format_html

from slussen.core import links
from slussen.core.permissions import can as _can

register = template.Library()


@register.tag
def url(parser, token):
    """Django's ``{% url %}``, its namespaces looked up once per process (``core.links``)."""
    node = defaulttags.url(parser, token)
    return links.URLNode(node.view_name, node.args, node.kwargs, node.asvar)


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


@register.inclusion_tag("partials/empty.html")
def empty_list(form=None, nothing=""):
    """What an empty list says: ``{% empty_list form nothing %}`` (the list's filter form, or
    a dict of its filters). With search words, that nothing matches them (“No hits for …”);
    with filters, that nothing matches the filters; only a list that nobody narrowed says
    ``nothing`` (“No … registered yet”)."""
    if isinstance(form, Mapping):
        data, fields = form, {}
    else:
        data, fields = getattr(form, "cleaned_data", None) or {}, getattr(form, "fields", {})
    words = str(data.get("q") or "").strip()
    filtered = any(
        value not in (None, "", [], (), False)
        and (name not in fields or value != fields[name].initial)
        for name, value in data.items()
        if name != "q" and name not in NOT_FILTERS
    )
    return {"words": words, "filtered": filtered, "nothing": nothing}
