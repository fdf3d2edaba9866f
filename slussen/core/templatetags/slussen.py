from django import template

from slussen.core.permissions import can as _can

register = template.Library()


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
