"""Figures that cost seconds, computed once for every server.

``kept(key, compute, seconds)``: the value under ``key`` in this process's cache, else in the
cache every server shares (``CACHES["shared"]``: Redis when configured, the database
otherwise), else computed and kept in both. A key must name everything the value depends on
(a change stamp, a scope), so that a change is seen at once.
"""

from django.core.cache import cache, caches


def kept(key, compute, seconds):
    found = cache.get(key)
    if found is None:
        found = caches["shared"].get_or_set(key, compute, seconds)
        cache.set(key, found, seconds)
    return found
