"""Settings for the test suite: the real thing, with tasks run at once and mail over SMTP to the
local server the tests start (see ``slussen/testing/mail.py``)."""

from .settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = 1  # replaced per test worker by the SMTP fixture
AXES_ENABLED = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {  # noqa: F405
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
