"""Local settings for Hypha under ``scripts/compare-hypha``: copied to Hypha's source as
``hypha/settings/local.py``, which Hypha's production settings import (the way Hypha is meant
to be configured on a server). Everything else stays as Hypha ships it for production: DEBUG
off, its database cache, its middleware, persistent database connections. Changed only what a
local measurement needs: local hosts and no compiled front-end assets (the pages render their
HTML; Hypha's CSS and JavaScript are built with npm and are not what is compared).
The environment sets SECRET_KEY, DATABASE_URL and SECURE_SSL_REDIRECT=false."""

from .base import STORAGES

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The manifest storage refuses to render a page whose assets were not built; the plain
# storage only writes their URLs.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
