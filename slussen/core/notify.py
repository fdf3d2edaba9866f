"""Notices and e-mail.

Mail goes through an outbox (:class:`~slussen.core.models.OutboundMail`): ``email()`` writes the
rendered message in the caller's transaction, so it exists exactly when the change it reports
exists, and asks the worker to send it after commit. A mail server that is down costs nothing
but time: the message stays in the outbox and is retried with back-off (``deliver_due``, a
periodic job) until the server takes it; after ``MAIL_MAX_ATTEMPTS`` it is marked failed, where
an administrator sees it (Django admin, *Outgoing e-mail*) and can send it again.

``tell()`` is the one way a person hears of something: a line in their notification list
(``/notifications/``) and, by their preference, an e-mail at once or in a daily digest.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django_tasks import task

from .models import Notification, NotificationSetting, OutboundMail, Reminder

log = logging.getLogger(__name__)


def _text(name: str, context: dict) -> str:
    """A mail template rendered as text: values are not HTML-escaped (a title with “&” or
    “<b>” arrives as typed, and “&amp;” typed stays “&amp;”)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _render(template: str, context: dict, language: str | None):
    context = {"site_url": settings.SITE_URL, "region": settings.REGION_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(_text(f"{template}_subject.txt", context).split())
        body = _text(f"{template}_body.txt", context)
    return subject, body


def languages_of(addresses) -> dict[str, list[str]]:
    """Addresses grouped by the language their accounts chose; an address without an account
    in the region's language."""
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    chosen = dict(
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=[a.lower() for a in addresses])
        .values_list("address", "language")
    )
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(chosen.get(address.lower()) or settings.LANGUAGE_CODE, []).append(address)
    return groups


def queue_mail(to, subject: str, body: str) -> OutboundMail | None:
    """Put one rendered message in the outbox (inside the caller's transaction)."""
    recipients = [to] if isinstance(to, str) else [r for r in to if r]
    if not recipients:
        return None
    mail = OutboundMail.objects.create(
        to=recipients, subject=subject[:255], body=body, next_attempt=timezone.now()
    )
    transaction.on_commit(lambda: deliver.enqueue(mail.pk))
    return mail


def email(to, template: str, context: dict, language: str | None = None):
    """Queue ``<template>_subject.txt`` / ``<template>_body.txt`` to ``to``.

    Templates are plain text: the caller's values are not HTML-escaped (a title with “&” or
    “<b>” arrives as typed). Without ``language``, each recipient with an account gets the mail
    in the language she chose; other addresses in the region's language.
    """
    recipients = [to] if isinstance(to, str) else [r for r in to if r]
    if not recipients:
        return None
    groups = {language: recipients} if language else languages_of(recipients)
    mails = [
        queue_mail(addresses, *_render(template, context, lang))
        for lang, addresses in groups.items()
    ]
    return mails[0] if len(mails) == 1 else mails


send = email  # for callers whose own argument is named ``email``


# Delivery


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most an hour apart."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _send_one(mail_id: int) -> bool:
    """Claim one due message and hand it to the mail server. True when it was sent."""
    now = timezone.now()
    claimed = OutboundMail.objects.filter(
        pk=mail_id, status=OutboundMail.Status.PENDING, next_attempt__lte=now
    ).update(status=OutboundMail.Status.SENDING, claimed=now)
    if not claimed:
        return False  # sent already, being sent by another worker, or not yet due
    mail = OutboundMail.objects.get(pk=mail_id)
    try:
        EmailMessage(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.to).send()
    except Exception as error:  # noqa: BLE001 – any failure leaves the mail for a later attempt
        attempts = mail.attempts + 1
        gave_up = attempts >= settings.MAIL_MAX_ATTEMPTS
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=OutboundMail.Status.FAILED if gave_up else OutboundMail.Status.PENDING,
            attempts=attempts,
            next_attempt=timezone.now() + backoff(attempts),
            # The class and errno only: an SMTP error may quote an address.
            last_error=f"{type(error).__name__} {getattr(error, 'errno', '') or ''}".strip(),
        )
        log.warning("Mail %s not sent (attempt %s): %s", mail.pk, attempts, type(error).__name__)
        return False
    OutboundMail.objects.filter(pk=mail.pk).update(
        status=OutboundMail.Status.SENT, attempts=mail.attempts + 1, sent=timezone.now()
    )
    return True


@task()
def deliver(mail_id: int) -> int:
    """Send one new message at once; if the server refuses it, ``deliver_due`` retries it."""
    return int(_send_one(mail_id))


@task()
def deliver_due() -> int:
    """Send every message that is due (periodic). Safe to run in several workers at once."""
    now = timezone.now()
    stale = now - timedelta(minutes=10)  # a worker died while sending: try again
    OutboundMail.objects.filter(status=OutboundMail.Status.SENDING, claimed__lt=stale).update(
        status=OutboundMail.Status.PENDING
    )
    due = OutboundMail.objects.filter(
        status=OutboundMail.Status.PENDING, next_attempt__lte=now
    ).order_by("next_attempt", "pk")
    sent = 0
    for mail_id in list(due.values_list("pk", flat=True)[:500]):
        if _send_one(mail_id):
            sent += 1
        elif OutboundMail.objects.filter(
            pk=mail_id, status=OutboundMail.Status.PENDING, next_attempt__gt=timezone.now()
        ).exists():
            break  # the server refused this one; the rest wait for the next round
    return sent


@task()
def purge_sent_mail() -> int:
    """Sent mail holds addresses and text about people: it is kept ``MAIL_KEEP_DAYS`` days (to
    answer "did it go out?"), then removed."""
    before = timezone.now() - timedelta(days=settings.MAIL_KEEP_DAYS)
    return OutboundMail.objects.filter(status=OutboundMail.Status.SENT, sent__lt=before).delete()[0]


def retry_now(queryset) -> int:
    """An administrator sends failed or waiting messages again at once."""
    return queryset.exclude(status=OutboundMail.Status.SENT).update(
        status=OutboundMail.Status.PENDING, next_attempt=timezone.now()
    )


# Notices


def preference(user) -> str:
    setting = NotificationSetting.objects.filter(user=user).values_list("email", flat=True)
    return setting.first() or NotificationSetting.Email.IMMEDIATE


def _notice_text(title, body, language: str) -> tuple[str, str]:
    with translation.override(language):
        return (
            str(title() if callable(title) else title),
            str(body() if callable(body) else (body or "")),
        )


def tell(users, kind: str, title, *, url: str = "", body=None, email: bool = True):
    """Tell each person (once, however often they are named) that something happened.

    ``title`` and ``body`` are strings or callables returning strings; callables are called in
    every language of the interface, so a Swedish nurse and an English expert each read their
    own, and each reads the notice in the language she later switches to (the stored ``title``
    is the one in her language when told: the one e-mailed).
    ``email=False``: the notice only (the caller mails these people in its own words).
    """
    seen, notices = set(), []
    texts = {}  # language -> (title, body), rendered once for everyone told
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if not texts:
            texts = {code: _notice_text(title, body, code) for code, _name in settings.LANGUAGES}
        own = user.language or settings.LANGUAGE_CODE
        text, extra = texts[own] if own in texts else _notice_text(title, body, own)
        mode = preference(user) if email else NotificationSetting.Email.NONE
        notice = Notification.objects.create(
            recipient=user,
            kind=kind,
            title=text[:255],
            body=extra,
            url=url,
            emailed=mode != NotificationSetting.Email.DIGEST,
            # The same news in the interface's other languages, for when she reads Slussen in
            # another: kept only where it reads differently.
            texts={
                code: {"title": t[:255], "body": b}
                for code, (t, b) in texts.items()
                if code != own and (t, b) != (text, extra)
            },
        )
        notices.append(notice)
        _recount([user.pk])
        if mode == NotificationSetting.Email.IMMEDIATE and user.email:
            send(user.email, "core/email/notice", {"notice": notice, "user": user}, user.language)
    return notices


def unread_count(user) -> int:
    """Read from the person's own row, which the request has loaded anyway."""
    return getattr(user, "unread_notices", 0) if user.is_authenticated else 0


def _recount(user_ids) -> None:
    from django.contrib.auth import get_user_model

    unread = Notification.objects.filter(recipient=OuterRef("pk"), read__isnull=True)
    get_user_model().objects.filter(pk__in=user_ids).update(
        unread_notices=Coalesce(
            Subquery(unread.order_by().values("recipient").annotate(n=Count("pk")).values("n")[:1]),
            0,
        )
    )


def mark_read(user, ids=None) -> int:
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=user, read__isnull=True)
        if ids is not None:
            unread = unread.filter(pk__in=ids)
        count = unread.update(read=timezone.now())
        if count:
            _recount([user.pk])
    return count


@task()
def send_digests() -> int:
    """Once a day, one e-mail per person who asked for a digest, with what they have not seen."""
    from django.contrib.auth import get_user_model

    now = timezone.now()
    day_ago = now - timedelta(days=1)
    settings_due = NotificationSetting.objects.filter(
        Q(digest_sent__isnull=True) | Q(digest_sent__lte=day_ago),
        email=NotificationSetting.Email.DIGEST,
    )
    sent = 0
    users = get_user_model().objects.filter(pk__in=settings_due.values("user_id"), is_active=True)
    for user in users:
        with transaction.atomic():
            notices = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, emailed=False)
                .order_by("created")
            )
            NotificationSetting.objects.filter(user=user).update(digest_sent=now)
            if not notices:
                continue
            email(
                user.email,
                "core/email/digest",
                {"notices": notices, "user": user},
                user.language,
            )
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed=True)
            sent += 1
    return sent


# Reminders


def remind(key: str, users, kind: str, title, *, url: str = "", body=None, every: timedelta):
    """Tell ``users`` about ``key`` unless they were reminded of it within ``every``. Returns
    how many reminders of this key have gone out so far (0: none now)."""
    now = timezone.now()
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(key=key).first()
        if reminder is not None and reminder.sent > now - every:
            return 0
        if reminder is None:
            reminder = Reminder.objects.create(key=key, sent=now)
        else:
            reminder.sent, reminder.count = now, reminder.count + 1
            reminder.save(update_fields=["sent", "count"])
        tell(users, kind, title, url=url, body=body)
    return reminder.count


def forget_reminders(prefix: str) -> int:
    """Once the thing is done, its reminders start over if it comes back."""
    return Reminder.objects.filter(key__startswith=prefix).delete()[0]
