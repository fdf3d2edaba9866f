"""Intake settings, each overridable in Django settings or the environment."""

import os

from django.conf import settings


def _setting(name, default):
    return int(getattr(settings, name, os.environ.get(name, default)))


def first_response_days() -> int:
    """Working days within which a submitter gets a first response."""
    return _setting("INTAKE_FIRST_RESPONSE_DAYS", 5)


def rate_limit_per_hour() -> int:
    """Public submissions accepted from one client per hour."""
    return _setting("INTAKE_RATE_LIMIT_PER_HOUR", 10)


def confirm_days() -> int:
    """Days within which a company's inquiry sent without log-in must be confirmed."""
    return _setting("INTAKE_CONFIRM_DAYS", 7)


def confirm_mails_per_hour() -> int:
    """Confirmation links sent to one address per hour (nobody is flooded with them)."""
    return _setting("INTAKE_CONFIRM_MAILS_PER_HOUR", 3)


def privacy_contact() -> str:
    """How to reach the data protection officer, shown with every public form."""
    return getattr(
        settings,
        "INTAKE_PRIVACY_CONTACT",
        os.environ.get("INTAKE_PRIVACY_CONTACT", "dataskyddsombud@example.org"),
    )


def duplicate_hours() -> int:
    """Hours within which the same text from the same sender is the submission already
    registered (a double click, a second tab, an inquiry sent twice), not a new case."""
    return _setting("INTAKE_DUPLICATE_HOURS", 72)
