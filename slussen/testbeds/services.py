"""Every write of the test environment catalogue: one transaction each, each audited."""

from django.db import transaction
from django.utils import timezone

from slussen.accounts.models import User
from slussen.accounts.roles import Role
from slussen.cases import services as case_services
from slussen.cases import uploads
from slussen.cases.models import Kind
from slussen.core import audit, notify

from .models import Record, RecordFile, Request, Testbed

TESTBED_FIELDS = (
    "name",
    "slug",
    "organisation",
    "summary",
    "offer",
    "audience",
    "open_to",
    "conditions",
    "capacity",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "is_published",
)


def save_testbed(actor, testbed: Testbed | None = None, **data) -> Testbed:
    data = {k: v for k, v in data.items() if k in TESTBED_FIELDS}
    with transaction.atomic():
        created = testbed is None
        if created:
            testbed = Testbed.objects.create(**data)
        else:
            changed = sorted(k for k, v in data.items() if getattr(testbed, k) != v)
            for key, value in data.items():
                setattr(testbed, key, value)
            testbed.save()
        audit.record(
            actor,
            "testbeds.create" if created else "testbeds.edit",
            testbed,
            **({} if created else {"fields": changed}),
        )
    return testbed


def owners_of(testbed) -> list[User]:
    orgs = testbed.organisation.ancestor_ids()
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.TESTBED_OWNER,
            memberships__organisation_id__in=orgs,
        ).distinct()
    )


def open_request(
    testbed: Testbed,
    *,
    user,
    title,
    description,
    company,
    name="",
    email="",
    phone="",
    period="",
    innovation=None,
) -> Request:
    """Register the request as a case of the owner organisation and tell both sides. Made for
    an innovation case, the request is linked to it (its plans and results show on the case);
    the request's case is as secret as the innovation case."""
    submitter = user if user.is_authenticated else None
    with transaction.atomic():
        case = case_services.open_case(
            kind=Kind.TESTBED_REQUEST,
            title=title,
            description=description,
            organisation=testbed.organisation,
            actor=user,
            submitter=submitter,
            submitter_name=name,
            submitter_email=email,
            **(
                {
                    "secrecy": innovation.case.secrecy,
                    "secrecy_reference": innovation.case.secrecy_reference,
                }
                if innovation is not None
                else {}
            ),
        )
        req = Request.objects.create(
            testbed=testbed,
            case=case,
            company=company.strip(),
            phone=phone,
            period=period,
            innovation=innovation,
        )
        audit.record(
            user,
            "testbeds.request",
            req,
            case=case.registry_number,
            **({"innovation": innovation.case.registry_number} if innovation else {}),
        )
        context = {"req": req, "case": case, "testbed": testbed}
        notify.email(
            case.submitter_email,
            "testbeds/email/received",
            context,
            submitter.language if submitter else None,
        )
        recipients = [u.email for u in owners_of(testbed)] or [testbed.contact_email]
        notify.email(recipients, "testbeds/email/new_request", context)
    return req


def answer(req: Request, actor, body: str):
    """The owner's answer: on the case's timeline (the requester sees it) and by e-mail."""
    with transaction.atomic():
        event = case_services.add_comment(req.case, actor, body, internal=False)
        if req.answered is None:
            Request.objects.filter(pk=req.pk).update(answered=timezone.now())
        audit.record(actor, "testbeds.answer", req, event=event.pk)
        submitter = req.case.submitter
        notify.email(
            req.case.submitter_email,
            "testbeds/email/answer",
            {"req": req, "case": req.case, "testbed": req.testbed, "body": event.body},
            submitter.language if submitter else None,
        )
    req.refresh_from_db(fields=["answered"])
    return event


def record(
    testbed: Testbed, actor, *, kind, title, body, is_public=False, request=None, upload=None
) -> Record:
    """Record a test plan or result, with a file if one is given (checked for size and type
    before anything is stored)."""
    content_type = uploads.check(upload) if upload is not None else None
    with transaction.atomic():
        rec = Record(
            testbed=testbed,
            request=request,
            case=request.case if request else None,
            kind=kind,
            title=title.strip(),
            body=body.strip(),
            is_public=is_public,
            recorded_by=actor,
        )
        rec.save()
        kept = None
        if upload is not None:
            kept = RecordFile(
                record=rec,
                filename=upload.name[:200],
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
            kept.file.save(upload.name, upload, save=False)
            try:
                kept.save()
            except Exception:
                kept.file.delete(save=False)  # no orphan file when the row is not stored
                raise
        audit.record(
            actor,
            f"testbeds.record_{kind}",
            rec,
            testbed=testbed.pk,
            case=rec.case.registry_number if rec.case else "",
            file=kept.pk if kept else None,
        )
    return rec
