"""Retention rules per kind of case: the submitter's contact details are removed a configurable
number of days after the case was closed (``settings.PRIVACY_RETENTION_DAYS``). The case, its
content and its timeline stay."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from slussen.cases.models import Case, CaseEvent
from slussen.core import audit

CONTACT_FIELDS = ("submitter_name", "submitter_email")


def due(kind: str, days: int, now=None):
    """Closed cases of ``kind`` whose contact details are older than the rule allows."""
    now = now or timezone.now()
    closed_at = (
        CaseEvent.objects.filter(case=OuterRef("pk"), type=CaseEvent.Type.TRANSITION)
        .order_by("-created", "-id")
        .values("created")[:1]
    )
    return (
        Case.objects.filter(kind=kind, state__is_final=True)
        .exclude(submitter_name="", submitter_email="")
        .annotate(closed_at=Coalesce(Subquery(closed_at), "updated"))
        .filter(closed_at__lt=now - timedelta(days=days))
    )


def apply(now=None) -> int:
    """Remove the contact details that are due; returns how many cases were cleaned."""
    cleaned = 0
    for kind, days in settings.PRIVACY_RETENTION_DAYS.items():
        for case in due(kind, int(days), now).only("pk", *CONTACT_FIELDS):
            with transaction.atomic():
                Case.objects.filter(pk=case.pk).update(submitter_name="", submitter_email="")
                CaseEvent.objects.create(
                    case=case,
                    type=CaseEvent.Type.EDITED,
                    data={"fields": list(CONTACT_FIELDS), "retention_days": int(days)},
                )
                audit.record(None, "privacy.retention", case, kind=kind, days=int(days))
            cleaned += 1
    return cleaned
