"""The one object-level permission mechanism.

Every app declares its rules in its own ``rules.py`` with ``@rule("app.action")``; views, the
API and templates (``{% can "case.view" case as ok %}``) all ask ``can(user, action, obj)``.
A rule is a plain function ``(user, obj) -> bool``. Unknown actions are refused, so a typo
never opens a door.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404

_RULES: dict[str, Callable] = {}


def rule(action: str):
    def register(func):
        if action in _RULES:
            raise ValueError(f"Permission rule {action!r} declared twice")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    check = _RULES.get(action)
    if check is None:
        raise KeyError(f"No permission rule for {action!r}")
    if user is None or not getattr(user, "is_active", False):
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return bool(check(user, obj))


def require(user, action: str, obj=None, *, hide: bool = False):
    """Raise unless allowed. ``hide=True`` answers 404 so that existence does not leak."""
    if not can(user, action, obj):
        if hide:
            raise Http404
        raise PermissionDenied
    return obj


def actions() -> list[str]:
    return sorted(_RULES)
