"""E-mail, rendered in the recipient's language and sent by a background task after commit.

A slow or absent mail server therefore never slows a page or rolls back a change.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def send_email(to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def email(to, template: str, context: dict, language: str | None = None) -> None:
    """Queue ``<template>_subject.txt`` / ``<template>_body.txt`` to ``to`` after commit."""
    recipients = [to] if isinstance(to, str) else [r for r in to if r]
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, "region": settings.REGION_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(lambda: send_email.enqueue(recipients, subject, body))
