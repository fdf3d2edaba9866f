"""Small tables every page's forms list (organisations, workflow states), read once per process.

``reference(key, compute)``: what ``compute()`` returned under ``key``, kept in this process
for ``KEPT`` seconds. A save or delete of a listed model in this process forgets everything at
once; another server process sees the change within ``KEPT`` seconds. For what a list offers
(a filter's options), never for what decides access: a chosen value is still looked up in the
database when the form is checked. A key names everything the value depends on besides the
tables (the active language, a queryset's SQL).
"""

import time

from django.db.models.signals import post_delete, post_save

KEPT = 60  # seconds
MOST = 200  # entries at most (then forgotten at once)
_kept: dict[tuple, tuple[float, object]] = {}


def reference(key: tuple, compute):
    now = time.monotonic()
    found = _kept.get(key)
    if found is not None and now - found[0] < KEPT:
        return found[1]
    value = compute()
    if len(_kept) >= MOST:
        _kept.clear()
    _kept[key] = (now, value)
    return value


def forget(**kwargs) -> None:
    _kept.clear()


def listed(*models) -> None:
    """Forget what is kept whenever one of ``models`` is saved or deleted in this process."""
    for model in models:
        post_save.connect(forget, sender=model, dispatch_uid=f"reference-{model._meta.label}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"reference-{model._meta.label}-d")
