"""Settings for Slussen, read from the environment.

Local use needs no configuration at all: SQLite under ``var/``, e-mail to the console,
a development secret key. ``SLUSSEN_ENV=production`` switches on the production path,
which refuses to start with unsafe values (see ``_check_production``).
"""

import json
import math
import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SLUSSEN_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("SLUSSEN_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "slussen.core",
    "slussen.accounts",
    "slussen.cases",
    "slussen.intake",
    "slussen.process",
    "slussen.fund",
    "slussen.testbeds",
    "slussen.navigator",
    "slussen.strategic",
    "slussen.needs",
    "slussen.challenges",
    "slussen.ops",
    "slussen.pages",
    "slussen.privacy",
    "slussen.bokslut",
    "slussen.api",
    "slussen.demo",
    # After our apps, so our catalogues outrank their Swedish wording (core/wording.py).
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "slussen.ops.observe.RequestMiddleware",  # request id, request log and metrics first
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "slussen.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "slussen.accounts.middleware.AuthenticationMiddleware",  # Django's, person with session
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "slussen.core.middleware.CSPMiddleware",  # django-csp's, the settings' policy built once
    "slussen.core.middleware.HtmxHistoryMiddleware",  # the back button to a list's search
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "slussen.accounts.middleware.IdleStaffTimeoutMiddleware",
    "slussen.accounts.middleware.SecondFactorMiddleware",
    "slussen.accounts.middleware.ProviderLogoutMiddleware",
]

ROOT_URLCONF = "slussen.config.urls"
WSGI_APPLICATION = "slussen.config.wsgi.application"

# Django's renderer with <select> written in Python (slussen/core/forms.py).
FORM_RENDERER = "slussen.core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "slussen.core.context_processors.slussen",
            ],
            "builtins": ["slussen.core.templatetags.slussen"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# Nothing is written when settings load (the code directory may be read-only): VAR_DIR is made
# by manage.py for the embedded SQLite default, by `make run` and by the tests.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'slussen.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers up front, so concurrent registrations queue
    # instead of failing with "database is locked"; WAL lets readers go on meanwhile.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: threads and server processes then get real, separate connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # The search's covering index (its term rows with their weights, read from the index alone
    # on PostgreSQL) is a plain index here: SQLite keeps no columns beside an index's keys.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # A page's queries are short: starting parallel workers for them costs more than it
    # saves (10 ms instead of 1 for the work queue) and, with many requests at once, takes
    # the cores the other requests need. PG_PARALLEL_WORKERS allows them again.
    # Nor is compiling a plan to machine code (JIT) worth it for them: PostgreSQL compiles
    # whenever a plan's estimated cost is high, which the search's ranking query reaches – the
    # bench measured some 145 ms of compiling in a 220–300 ms similar-cases request at 50 000
    # cases. PG_JIT=on allows it again.
    # Django's backend, its health check asking the server only when the connection's socket
    # says something happened (slussen/core/postgresql): not a round trip on every request.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "slussen.core.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c max_parallel_workers_per_gather={int(os.environ.get('PG_PARALLEL_WORKERS', '0'))}"
        f" -c jit={'on' if os.environ.get('PG_JIT', 'off') == 'on' else 'off'}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several servers: REDIS_URL (e.g. redis://10.0.0.5:6379/0) puts the cache, the shared cache
# and the rate limits in Redis through Django's own Redis cache. Without it, as on one machine:
# a cache per process and a shared one in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "slussen"},
        "shared": {**_redis, "KEY_PREFIX": "slussen-shared"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # What every server process should share: results that cost seconds (the report's PDF).
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "slussen_cache",
        },
    }
# Sessions live in the database every server shares (accounts.Session, read with the person
# and her roles in one query compiled once: slussen/accounts/sessions). With REDIS_URL they are
# read from Redis first (cached_db): shared by every server too, so a log-out on one ends the
# session on all. Never from a cache per process.
SESSION_ENGINE = f"slussen.accounts.sessions.{'cached_db' if REDIS_URL else 'db'}"
# Fragments of the layout every page renders the same for many people (the menu of a role, in
# a language): kept in each process, however many servers, as nothing is gained from a network
# round trip for a few kilobytes of markup rendered in a fraction of a millisecond.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
}
# Rate limits (slussen/core/ratelimit.py) count in the database, which every server process
# shares; RATE_LIMIT_CACHE names a shared cache with atomic incr (Redis, Memcached) to count
# there instead ("default" when REDIS_URL is set). Never a per-process cache such as LocMem.
RATE_LIMIT_CACHE = os.environ.get("RATE_LIMIT_CACHE", "default" if REDIS_URL else "")
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
# check --deploy builds the schema with the API's own naming (slussen/api/checks.py).
SPECTACULAR_SETTINGS = {"ENABLE_DJANGO_DEPLOY_CHECK": False}

# --- People -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, reading the person of a session with her roles in one query.
    "slussen.accounts.backends.ModelBackend",
    "slussen.accounts.sso.RegionOIDCBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "slussen.accounts.passwords.SwedishCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# Lock-out (slussen/accounts/lockout.py): per account, AXES_FAILURE_LIMIT failures; per client
# address, whichever accounts it tries, AXES_CLIENT_FAILURE_LIMIT (higher: a hospital NATs many
# staff behind one address). Both for AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_CLIENT_FAILURE_LIMIT = int(os.environ.get("AXES_CLIENT_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # two separate counts, not one combined
AXES_HANDLER = "slussen.accounts.lockout.LockoutHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "slussen.accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "slussen.core.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Reverse proxies in front of Slussen (addresses or networks, comma-separated): from these the
# client's address is read from X-Forwarded-For (slussen/core/clientip.py); none: REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
SESSION_COOKIE_AGE = 60 * 60 * 8

# Single sign-on for staff over OpenID Connect (endpoints come from the issuer's discovery
# document). Roles and organisation from claims: OIDC_ROLE_MAP maps claim values to role codes,
# e.g. {"Slussen.Advisor": "advisor"}; the organisation claim carries an organisation code.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "")
OIDC_ORG_CLAIM = os.environ.get("OIDC_ORG_CLAIM", "")
OIDC_ROLE_MAP = json.loads(os.environ.get("OIDC_ROLE_MAP", "{}"))
# Off: staff log in through single sign-on only; external users keep their passwords.
STAFF_PASSWORD_LOGIN = env_bool("STAFF_PASSWORD_LOGIN", True)
# Second factor for the roles in accounts.roles.TWO_FACTOR_ROLES (on by default in production;
# anyone who has enrolled an authenticator app is always asked for it).
REQUIRE_2FA = env_bool("REQUIRE_2FA", PRODUCTION)
# One-time codes (django-otp): after n wrong codes in a row the next try waits factor * 2^(n-1)
# seconds, per device and so per account, across log-ins; only a right code resets it.
OTP_TOTP_ISSUER = "Slussen"
OTP_TOTP_THROTTLE_FACTOR = 5
OTP_STATIC_THROTTLE_FACTOR = 5
# Setting up an authenticator needs single sign-on or this link, mailed to the account's address.
ENROL_LINK_MINUTES = 30
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_MINUTES", "30")) * 60

# --- Language ---------------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS: list = []  # each app keeps its own catalogue in <app>/locale
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))  # made by collectstatic
# WhiteNoise warns of a STATIC_ROOT not yet collected; in development files come from the apps.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
STATICFILES_DIRS = [
    BASE_DIR / "slussen" / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: attachments go through a permission check
# Uploaded files on the local disk (MEDIA_ROOT), or, for several servers, in an S3-compatible
# object store when S3_BUCKET is set: S3_ENDPOINT_URL (other than Amazon's), S3_REGION,
# S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or the machine's own AWS credentials). The files
# stay private: the application reads them and serves them after its permission check.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _file_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _file_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _file_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# What an office file (a zip archive: docx, xlsx, pptx, odt) may unpack to (cases/uploads.py).
ATTACHMENT_MAX_UNPACKED_BYTES = int(
    os.environ.get("ATTACHMENT_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail and background tasks ------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Slussen <slussen@example.org>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Attempts to hand a mail to the server before it is marked failed (back-off 1, 2, 4 … 60 min).
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "60"))
MAIL_KEEP_DAYS = int(os.environ.get("MAIL_KEEP_DAYS", "30"))  # sent mail, then removed
# Days before the innovation process reminds (remind_after_days), how often (every_days) and
# when it escalates to the person's manager (escalate_after_days); JSON, e.g. {"every_days": 2}.
PROCESS_REMINDERS = json.loads(os.environ.get("PROCESS_REMINDERS", "{}"))
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- The register -----------------------------------------------------------------------------
REGISTRY_PREFIX = os.environ.get("REGISTRY_PREFIX", "SLU")
REGION_NAME = os.environ.get("REGION_NAME", "Region Stockholm")
# Days after a case of a kind is closed until its submitter's contact details are removed.
PRIVACY_RETENTION_DAYS = json.loads(
    os.environ.get("PRIVACY_RETENTION_DAYS", '{"proposal": 90, "accessibility_report": 90}')
)
DPO_EMAIL = os.environ.get("DPO_EMAIL", "dataskyddsombud@example.org")

# --- Security headers -------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    # The __Host- prefix: the browser keeps these cookies only if they are Secure, for Path=/
    # and without Domain, so no other host (a subdomain included) can set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer's health checks and the metrics scraper speak plain HTTP inside.
    SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs to standard output, one JSON object a line (LOG_FORMAT=json, the default in production)
# or as text; each line carries the request id (slussen/core/logs.py), never personal data.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "slussen.core.logs.RequestIdFilter"},
        "personal_data": {"()": "slussen.core.logs.PersonalDataFilter"},
    },
    "formatters": {
        "json": {"()": "slussen.core.logs.Formatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},  # axes logs usernames; keep them out
        # its warnings name the path, which may hold a tracking link's token; errors stay
        "django.request": {"level": "ERROR"},
        # the request log (slussen.ops.observe) says the same without the client's address
        "django.server": {"level": "WARNING"},
        "gunicorn.access": {"level": "WARNING"},
    },
}
# /metrics (Prometheus text format) answers a scraper that sends "Authorization: Bearer
# METRICS_TOKEN", or any client whose address is in METRICS_NETWORKS (comma-separated addresses
# or networks, e.g. 10.0.0.0/8); with neither set it answers nobody (404).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_NETWORKS = env_list("METRICS_NETWORKS", [])
# How old the oldest waiting background task may be before /health/ready/ reports the queue.
TASK_QUEUE_MAX_AGE = int(os.environ.get("TASK_QUEUE_MAX_AGE", "600"))  # seconds


def _weak_secret_key(key):
    """What `check --deploy` warns about (under 50 characters, under 5 different ones, the
    'django-insecure-' prefix) and more: a short phrase repeated, or too little entropy
    (under 190 bits counted from how often each character occurs; a random key of 50
    characters has about 250)."""
    if len(key) < 50 or key == DEV_SECRET_KEY or key.startswith("django-insecure-"):
        return True
    if len(set(key)) < 10 or any(
        key == (key[:period] * (len(key) // period + 1))[: len(key)]
        for period in range(1, len(key) // 2 + 1)
    ):
        return True
    counts = [key.count(char) for char in set(key)]
    return -sum(n * math.log2(n / len(key)) for n in counts) < 190


def _check_production():
    problems = []
    if _weak_secret_key(SECRET_KEY):
        problems.append(
            "SECRET_KEY must be a random value of at least 50 characters (e.g. python -c "
            "'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if not SECURE_SSL_REDIRECT:
        problems.append("SECURE_SSL_REDIRECT must be on (the site is served over https only)")
    if SECURE_HSTS_SECONDS < 31536000:
        problems.append("SECURE_HSTS_SECONDS must be at least 31536000 (one year)")
    if DEBUG:
        problems.append("DEBUG must be off")
    if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE"):
        problems.append("DJANGO_ALLOW_ASYNC_UNSAFE must not be set (it is for tests only)")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the site's host names")
    if DATABASES["default"]["ENGINE"] != "slussen.core.postgresql":
        problems.append("DATABASE_URL must point at PostgreSQL")
    if EMAIL_BACKEND.endswith("console.EmailBackend"):
        problems.append("EMAIL_HOST must name a real SMTP server")
    if not SITE_URL.startswith("https://"):
        problems.append("SITE_URL must be an https:// address")
    if problems:
        raise ImproperlyConfigured("Unsafe production settings: " + "; ".join(problems))


if PRODUCTION:
    _check_production()
