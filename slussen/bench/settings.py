"""The benchmark's server: production-like (DEBUG off, compressed manifest static files served
by WhiteNoise, PostgreSQL) plus a header with the number of queries of each request."""

import os

os.environ.setdefault("DEBUG", "0")

from slussen.config.settings import *  # noqa: E402,F403
from slussen.config.settings import MIDDLEWARE, STORAGES, VAR_DIR  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STATIC_ROOT = VAR_DIR / "bench" / "static"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MIDDLEWARE = ["slussen.bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# The API's rate limit stays in the path of every request (it counts in the database cache),
# but it is set high enough that the clients measure the server, not the limit.
API_RATES = {"authenticated": "1000000/min", "anonymous": "1000000/min"}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
