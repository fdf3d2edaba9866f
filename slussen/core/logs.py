"""Logs as one JSON object a line, each carrying the id of the request (or of the request that
queued the background task) it belongs to.

The request id comes from the load balancer's ``X-Request-ID`` header when it is a plausible id,
otherwise it is made here; it is answered in the response's ``X-Request-ID``. Logs never carry
personal data: no names, e-mail addresses, user names, client addresses or form contents, only
ids of rows and of requests (see ``PersonalDataFilter``).
"""

import contextvars
import logging
import re
import uuid

from pythonjsonlogger.json import JsonFormatter

request_id = contextvars.ContextVar("request_id", default="")
PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def new_request_id(offered: str | None = None) -> str:
    return offered if offered and PLAUSIBLE_ID.fullmatch(offered) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class PersonalDataFilter(logging.Filter):
    """A last guard: an e-mail address that slips into a message is masked."""

    def filter(self, record):
        message = record.getMessage()
        if EMAIL.search(message):
            record.msg, record.args = EMAIL.sub("[e-mail]", message), None
        return True


class Formatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id and any extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault(
            "rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"}
        )
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)
