"""`manage.py check --deploy` builds the API schema as the site serves it (with the naming in
schema.SETTINGS), instead of drf-spectacular's own check, which builds it without them."""

from django.core.checks import Error, Warning, register


@register(deploy=True)
def schema_check(app_configs, **kwargs):
    from drf_spectacular.drainage import GENERATOR_STATS

    from slussen.api import schema

    GENERATOR_STATS.reset()
    try:
        with GENERATOR_STATS.silence():
            schema.build()
    except Exception as exc:  # what drf-spectacular's check reports too
        return [Error(f'Schema generation threw exception "{exc}"', id="api.E001")]
    return [Warning(w, id="api.W001") for w in GENERATOR_STATS._warn_cache] + [
        Warning(e, id="api.W002") for e in GENERATOR_STATS._error_cache
    ]
