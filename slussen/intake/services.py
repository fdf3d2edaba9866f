"""Every write of intake: one transaction each, each with its audit event.

A submission is registered as a case at once (registry number, timeline), routed to the unit
that handles it, and given a private tracking link; the submitter gets a receipt by e-mail.
"""

import hashlib
import secrets
from base64 import urlsafe_b64encode
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from slussen.accounts.models import Membership, Organisation, User
from slussen.accounts.people import check as check_role
from slussen.accounts.roles import CASE_HANDLING_ROLES, Role
from slussen.cases import services as case_services
from slussen.cases import uploads
from slussen.cases.models import Case, CaseEvent, Kind, Secrecy
from slussen.cases.projects import CHAIN
from slussen.cases.rules import ENDED_STATES, merge_refusal, public_title, title_is_public
from slussen.cases.workflows import OUTCOMES
from slussen.core import audit, notify, ratelimit, workflow
from slussen.core.clientip import client_ip
from slussen.core.permissions import can

from . import conf, sla
from .models import (
    CaseLink,
    Channel,
    CoSubmitter,
    Draft,
    DraftFile,
    Fingerprint,
    PendingInquiry,
    Submission,
    Supporter,
)
from .rules import followed, handled_in, join_refusal, link_refusal

INQUIRY_FIELDS = (
    "kind",
    "title",
    "description",
    "company_name",
    "org_number",
    "contact_name",
    "email",
    "phone",
)

# --- Tracking links -------------------------------------------------------------------------


def _token_for(salt: str) -> str:
    digest = salted_hmac("slussen.intake.track", salt, algorithm="sha256").digest()
    return urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tracking_url(submission: Submission) -> str:
    token = _token_for(submission.token_salt)
    return settings.SITE_URL + reverse("intake:track", args=[token])


def supporter_path(supporter: Supporter) -> str:
    return reverse("intake:track", args=[_token_for(supporter.token_salt)])


def supporter_url(supporter: Supporter) -> str:
    return settings.SITE_URL + supporter_path(supporter)


def followed_instead(submission: Submission) -> Supporter | None:
    """Where the submitter of a case merged into another follows that one now: her support
    of the surviving case (``page_path``: her private page for it), or None. A submitter who
    left no address (nobody to e-mail, no supporter to make) follows it on this page: the
    case that handles hers now, with its status (``page_path`` None), if it is public."""
    case = submission.case
    if case.submitter_id:
        who = {"user_id": case.submitter_id}
    elif case.submitter_email:
        who = {"user__isnull": True, "email": case.submitter_email.strip().lower()}
    else:
        return _handled_in(case)
    return _moved(case, who)


def _handled_in(case: Case):
    """The public case that handles ``case`` now (merged into it, or the last of a chain of
    merges) as its anonymous submitter follows it, or None."""
    survivor = handled_in(case)
    if survivor is None or not title_is_public(survivor.secrecy):
        return None
    return SimpleNamespace(case=survivor, followed=True, page_path=None)


def moved_with(supporter: Supporter) -> Supporter | None:
    """Where a supporter of a case merged into another follows that one now (the page her
    first mail led to is the merged case's), or None."""
    if supporter.user_id:
        who = {"user_id": supporter.user_id}
    else:
        who = {"user__isnull": True, "email": supporter.email}
    return _moved(supporter.case, who)


def _moved(case: Case, who: dict) -> Supporter | None:
    """The person's support of the case that handles ``case`` now: of the case it was merged
    into, or, after a chain of merges (A into B, B into C), of the last (C): B is closed, and
    its news are C's."""
    supporter = None
    for _hop in range(CHAIN):
        following = (
            Supporter.objects.select_related("case")
            .filter(merged_from=case, **who)
            .order_by("-pk")
            .first()
        )
        if following is None:
            break
        supporter, case = following, following.case
    if supporter is not None:
        supporter.page_path = supporter_path(supporter)
        supporter.followed = followed(supporter.case)
    return supporter


def supporter_by_token(token: str) -> Supporter | None:
    return (
        Supporter.objects.select_related("case__state", "case__organisation", "merged_from")
        .filter(token_hash=_hash(token))
        .first()
    )


def by_token(token: str) -> Submission | None:
    return (
        Submission.objects.select_related("case__state", "case__organisation", "area", "company")
        .filter(token_hash=_hash(token))
        .first()
    )


# --- Abuse protection -----------------------------------------------------------------------


def client_of(request) -> str:
    """A keyed hash of the client's address (behind the region's proxies, the address they
    were asked by): enough to count, nothing to identify."""
    return salted_hmac("slussen.intake.client", client_ip(request)).hexdigest()


def within_rate_limit(client: str) -> bool:
    """Count one public submission of ``client``; False once the hour's limit is reached."""
    return ratelimit.hit(f"intake:{client}", conf.rate_limit_per_hour(), 3600).allowed


# --- Routing --------------------------------------------------------------------------------


def central_organisation() -> Organisation:
    """Central triage: where the region's coordinators sit (else the region itself)."""
    org = (
        Organisation.objects.filter(memberships__role=Role.COORDINATOR).order_by("pk").first()
        or Organisation.objects.filter(parent=None)
        .exclude(kind=Organisation.Kind.EXTERNAL)
        .order_by("pk")
        .first()
    )
    if org is None:
        raise ValidationError(_("The region has no organisations yet."))
    return org


def innovation_unit_for(org: Organisation) -> Organisation:
    """The nearest organisation at or above ``org`` that has an innovation unit."""
    ids = org.ancestor_ids()
    chain = Organisation.objects.in_bulk(ids)
    for pk in reversed(ids):
        if chain[pk].innovation_unit and chain[pk].kind != Organisation.Kind.EXTERNAL:
            return chain[pk]
    return central_organisation()


# --- Submitting -----------------------------------------------------------------------------


def _recipients(submission: Submission) -> list[tuple[str, str]]:
    """(address, language) of everybody who follows a submission."""
    case = submission.case
    people = []
    if case.submitter_email:
        language = case.submitter.language if case.submitter else submission.language
        people.append((case.submitter_email, language))
    for co in submission.co_submitters.select_related("user"):
        if co.user.email and co.user.email != case.submitter_email:
            people.append((co.user.email, co.user.language))
    return people


class AlreadyRegistered(Exception):  # noqa: N818 (not an error: the answer to a repeat)
    """The same text from the same sender is registered already: this is that submission."""

    def __init__(self, submission):
        super().__init__(submission.case.registry_number)
        self.submission = submission


def fingerprint(channel, sender: str, title: str, description: str) -> str:
    """The key of a sender's text: the same whatever the case or spacing of what was typed."""

    def same(text):
        return " ".join(text.casefold().split())

    parts = [channel, same(sender), same(title), same(description)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _claim(key: str) -> "Fingerprint":
    """Claim ``key`` for a new submission, or raise ``AlreadyRegistered`` if the same sender sent
    the same text within ``INTAKE_DUPLICATE_HOURS``. A concurrent claim of the same key (a double
    click, a second tab) waits on the unique key until the first commits, and then finds it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return Fingerprint.objects.create(key=key, created=now)
    except IntegrityError:
        pass
    claimed = Fingerprint.objects.select_for_update().get(key=key)
    recent = claimed.created > now - timezone.timedelta(hours=conf.duplicate_hours())
    if recent and claimed.submission is not None:
        raise AlreadyRegistered(claimed.submission)
    claimed.created = now
    return claimed


def _register(
    *,
    channel,
    kind,
    title,
    description,
    organisation,
    language,
    actor=None,
    submitter=None,
    submitter_name="",
    submitter_email="",
    co_submitters=(),
    **details,
) -> tuple[Submission, str]:
    """Register a submission; the same text from the same sender (the account, else the address
    typed, else the connection) within ``INTAKE_DUPLICATE_HOURS`` raises ``AlreadyRegistered``."""
    sender = submitter.email if submitter is not None else submitter_email
    sender = sender or details.get("client_hash", "")
    claimed = _claim(fingerprint(channel, sender, title, description))
    case = case_services.open_case(
        kind=kind,
        title=title,
        description=description,
        organisation=organisation,
        actor=actor,
        submitter=submitter,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
    )
    salt = secrets.token_hex(16)
    token = _token_for(salt)
    submission = Submission.objects.create(
        case=case,
        channel=channel,
        token_salt=salt,
        token_hash=_hash(token),
        language=language,
        due=sla.add_working_days(timezone.localdate(), conf.first_response_days()),
        **details,
    )
    claimed.submission = submission
    claimed.save(update_fields=["submission", "created"])
    CoSubmitter.objects.bulk_create(
        CoSubmitter(submission=submission, user=user) for user in co_submitters
    )
    audit.record(actor, "intake.submit", case, channel=channel, organisation=organisation.name)
    url = tracking_url(submission)
    for address, lang in _recipients(submission):
        notify.email(
            address,
            "intake/email/receipt",
            {"case": case, "submission": submission, "url": url},
            lang,
        )
    return submission, token


def submit_idea(user, data: dict, *, from_draft: bool = True) -> tuple[Submission, str]:
    """An employee's idea or need, routed to the innovation unit of the chosen organisation.
    Files kept in the person's draft become the case's attachments; the draft is cleared.
    ``from_draft=False``: sent from a form without the draft (a challenge's), which leaves the
    person's draft and its files as they are."""
    chosen = data["organisation"]
    for person in data.get("co_submitters", []):
        check_role(person, "intake.co_submitter")
    with transaction.atomic():
        submission, token = _register(
            channel=Channel.EMPLOYEE,
            kind=data["kind"],
            title=data["title"],
            description=data["problem"],
            organisation=innovation_unit_for(chosen),
            language=user.language,
            actor=user,
            submitter=user,
            co_submitters=[u for u in data.get("co_submitters", []) if u != user],
            for_whom=data["for_whom"],
            suggestion=data.get("suggestion", ""),
            unit=data.get("unit", ""),
            chosen_organisation=chosen,
            shared=bool(data.get("shared")),
        )
        draft = Draft.objects.filter(user=user).first() if from_draft else None
        if draft is not None:
            for kept in draft.files.all():
                with kept.file.open("rb") as handle:
                    case_services.add_attachment(
                        submission.case, user, File(handle, name=kept.filename)
                    )
            _discard(draft)
    return submission, token


def submit_proposal(data: dict, *, language: str, client: str) -> tuple[Submission, str]:
    """A proposal from a patient, relative, traveller or resident: no account needed. It goes
    to the chosen organisation's (or area's) innovation unit, else to central triage."""
    chosen, area = data.get("organisation"), data.get("area")
    if chosen:
        organisation = innovation_unit_for(chosen)
    elif area:
        organisation = innovation_unit_for(area.organisation)
    else:
        organisation = central_organisation()
    with transaction.atomic():
        return _register(
            channel=Channel.PUBLIC,
            kind=Kind.PROPOSAL,
            title=data["title"],
            description=data["description"],
            organisation=organisation,
            language=language,
            submitter_name=data.get("name", ""),
            submitter_email=data.get("email", ""),
            submitter_role=data.get("submitter_role", ""),
            chosen_organisation=chosen,
            area=area,
            privacy_accepted=timezone.now(),
            client_hash=client,
            shared=bool(data.get("shared")),
        )


def _company_code(name: str) -> str:
    return f"ext-{slugify(name)[:40]}-{secrets.token_hex(3)}"


def _invite(user: User, language: str) -> None:
    """E-mail a link to choose a password (the same signed, expiring link as a reset)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
    notify.email(user.email, "intake/email/account", {"user": user, "url": url}, language)
    audit.record(None, "intake.invite", user)


def _company_contact(data: dict, *, language: str, user=None):
    """The company and its contact person behind an address known to be its sender's: a
    logged-in company, or a confirmed link. A known company account is its own company; a new
    address gets an external organisation and an account, set up by a link sent by e-mail.
    Returns ``(company, person, name, email, phone)``; ``person`` is None for an address of the
    region's staff (who follows by the link only)."""
    if user is not None and user.is_authenticated and user.is_external:
        company = Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.EXTERNAL
        ).first()
        return company, user, user.full_name, user.email, user.phone
    name, email, phone = data["contact_name"], data["email"], data.get("phone", "")
    submitter = User.objects.filter(email__iexact=email).first()
    if submitter is not None and data.get("purpose") and submitter.is_external:
        known = Organisation.objects.filter(
            memberships__user=submitter, memberships__role=Role.EXTERNAL
        ).first()
        if known is not None:  # the confirmed address is this company's own account
            return known, submitter, submitter.full_name, submitter.email, submitter.phone
    company = Organisation.objects.create(
        code=_company_code(data["company_name"]),
        name=data["company_name"],
        kind=Organisation.Kind.EXTERNAL,
        org_number=data.get("org_number", ""),
        contact_email=email,
        contact_phone=phone,
    )
    audit.record(None, "intake.company", company)
    if submitter is None:
        submitter = User.objects.create_user(
            email,
            secrets.token_urlsafe(32),  # usable, unknown: a reset link also works later
            full_name=name,
            phone=phone,
            language=language,
        )
        Membership.objects.create(user=submitter, organisation=company, role=Role.EXTERNAL)
        _invite(submitter, language)
    elif not submitter.is_external:
        submitter = None  # an address of the region's staff: follow by the link only
    return company, submitter, name, email, phone


def _register_company(data: dict, *, language: str, client: str, user=None, organisation=None):
    """A company's inquiry goes to the central coordinators, who forward it (or to
    ``organisation``: the unit of a challenge it answers). A new company gets an external
    organisation and an account, set up by a link sent by e-mail. Only for an address that is
    known to be its sender's: a logged-in company, or a confirmed link."""
    with transaction.atomic():
        company, submitter, name, email, phone = _company_contact(
            data, language=language, user=user
        )
        return _register(
            channel=Channel.COMPANY,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            organisation=organisation or central_organisation(),
            language=language,
            actor=submitter,
            submitter=submitter,
            submitter_name=name,
            submitter_email=email,
            company=company,
            contact_phone=phone,
            privacy_accepted=timezone.now(),
            client_hash=client,
        )


def submit_company(
    data: dict, *, language: str, client: str, user, organisation=None
) -> tuple[Submission, str]:
    """The inquiry of a logged-in company: its address was proved when it chose its password
    through the link sent there, so the inquiry is registered at once."""
    if not (user is not None and user.is_authenticated and user.is_external):
        raise PermissionDenied
    return _register_company(
        data, language=language, client=client, user=user, organisation=organisation
    )


# --- A company's inquiry without log-in: nothing is created before the address confirms it ---

CONFIRM_SALT = "slussen.intake.confirm"

# Other ways in that ride on a company's confirmed address (the needs board's answers): each
# purpose's handler turns the data as typed into its own record once the address is confirmed.
CONFIRMED = {}


def on_confirmed(purpose: str):
    """Register ``handler(data, *, company, person) -> path`` for ``purpose``: called inside the
    confirming transaction with the company and contact person the confirmed address stands
    for; it raises ``ValidationError`` to refuse (nothing is then kept, the link still works)."""

    def register(handler):
        CONFIRMED[purpose] = handler
        return handler

    return register


def _confirm_url(token: str) -> str:
    return settings.SITE_URL + reverse("intake:company_confirm", args=[token])


def request_company_inquiry(
    data: dict, *, language: str, client: str, purpose: str = "", extra: dict | None = None
) -> PendingInquiry | None:
    """Keep an inquiry sent without log-in as typed, and e-mail its address a signed link that
    works once, for ``INTAKE_CONFIRM_DAYS``. Until it is confirmed there is no case, account or
    organisation, so nobody can make an inquiry in someone else's name. Returns None when the
    address has had too many links this hour (the page says the same either way).

    ``purpose``: another way in that rides on the same confirmation (see ``on_confirmed``);
    ``extra`` is what it needs back, as JSON, and ``data["title"]`` names it in the mail."""
    if purpose and purpose not in CONFIRMED:
        raise ValueError(f"No way in registered for {purpose!r}")
    email = data["email"].strip()
    if not ratelimit.hit(
        f"intake-confirm:{email.lower()}", conf.confirm_mails_per_hour(), 3600
    ).allowed:
        audit.record(None, "intake.confirm_limited", None)
        return None
    nonce = secrets.token_urlsafe(24)
    stored = {k: v for k, v in data.items() if k in INQUIRY_FIELDS}
    if purpose:
        stored.update(purpose=purpose, extra=extra or {})
    with transaction.atomic():
        pending = PendingInquiry.objects.create(
            email=email,
            data=stored,
            language=language,
            nonce_hash=_hash(nonce),
            client_hash=client,
            expires=timezone.now() + timezone.timedelta(days=conf.confirm_days()),
        )
        token = signing.dumps({"i": pending.pk, "n": nonce}, salt=CONFIRM_SALT, compress=True)
        notify.email(
            email,
            "intake/email/confirm",
            {
                "data": stored,
                "url": _confirm_url(token),
                "days": conf.confirm_days(),
                "expires": pending.expires,
            },
            language,
        )
        audit.record(None, "intake.inquiry_pending", pending)
    pending.token = token  # for the caller (tests, demo); only the mail carries it otherwise
    return pending


def pending_inquiry(token: str, *, lock: bool = False) -> PendingInquiry | None:
    """The unconfirmed inquiry a link points at, if the link is genuine, unexpired and unused."""
    try:
        payload = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timezone.timedelta(days=conf.confirm_days())
        )
        pk, nonce = int(payload["i"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    rows = PendingInquiry.objects.filter(pk=pk, expires__gt=timezone.now())
    pending = (rows.select_for_update() if lock else rows).first()
    if pending is None or not constant_time_compare(pending.nonce_hash, _hash(nonce)):
        return None
    return pending


def confirm_company_inquiry(token: str):
    """The owner of the address confirms: now the inquiry becomes a case (and, for a new
    company, an organisation and an account), in one transaction, and the usual receipt goes
    out. The link then no longer works. Returns ``(submission, tracking token)``; for another
    way in (a ``purpose``), what its handler returns: the path to show next."""
    with transaction.atomic():
        pending = pending_inquiry(token, lock=True)
        if pending is None:
            raise ValidationError(_("This link has expired or has already been used."))
        data = {**pending.data, "email": pending.email}
        pending.delete()
        if data.get("purpose"):
            company, person, *_contact = _company_contact(data, language=pending.language)
            if person is None:
                raise ValidationError(
                    _("This address belongs to the region's staff. Answer with your company's.")
                )
            done = CONFIRMED[data["purpose"]](data, company=company, person=person)
            audit.record(person, "intake.inquiry_confirmed", None, purpose=data["purpose"])
            return done
        submission, tracking = _register_company(
            data, language=pending.language, client=pending.client_hash
        )
        audit.record(submission.case.submitter, "intake.inquiry_confirmed", submission.case)
    return submission, tracking


def purge_unconfirmed(now=None) -> int:
    """Remove the inquiries whose link has expired unconfirmed; returns how many."""
    with transaction.atomic():
        deleted, _by_model = PendingInquiry.objects.filter(
            expires__lte=now or timezone.now()
        ).delete()
        if deleted:
            audit.record(None, "intake.inquiry_purge", None, count=deleted)
    return deleted


# --- Following a submission -----------------------------------------------------------------


def handler_addresses(case: Case) -> list[str]:
    if case.handler_id and case.handler.email:
        return [case.handler.email]
    return [case.organisation.contact_email] if case.organisation.contact_email else []


def reply(submission: Submission, body: str, user=None) -> CaseEvent:
    """The submitter answers on the tracking page; the handler is told by e-mail."""
    body = body.strip()
    if not body:
        raise ValidationError(_("Write your message first."))
    case = submission.case
    actor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            type=CaseEvent.Type.COMMENT,
            actor=actor,
            body=body,
            visible_to_submitter=True,
            data={"from_submitter": True},
        )
        Case.objects.filter(pk=case.pk).update(updated=timezone.now())
        audit.record(actor, "intake.reply", case, event=event.pk)
        notify.email(
            handler_addresses(case),
            "intake/email/reply",
            {"case": case, "body": body, "url": settings.SITE_URL + case.get_absolute_url()},
        )
    return event


def tell_submitter(case: Case, template: str, context: dict) -> None:
    """E-mail everybody who follows ``case`` (with their tracking link), if anyone does."""
    submission = Submission.objects.filter(case=case).first()
    if submission is None:
        if case.submitter_email:
            language = case.submitter.language if case.submitter else None
            url = settings.SITE_URL + case.get_absolute_url()
            notify.email(case.submitter_email, template, {**context, "url": url}, language)
        return
    url = tracking_url(submission)
    for address, language in _recipients(submission):
        notify.email(address, template, {**context, "case": case, "url": url}, language)


def mark_first_response(case_id: int) -> None:
    Submission.objects.filter(case_id=case_id, first_response__isnull=True).update(
        first_response=timezone.now()
    )


# --- Supporters: "this is my need too" -------------------------------------------------------

JOIN_SALT = "slussen.intake.join"


def _own_organisation(user):
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    return membership.organisation if membership else None


def _support(case, *, user=None, email="", language="sv", via, **details) -> tuple:
    """The case's supporter for this person, made once however often it is asked for (a
    double click, a link opened twice). Returns (supporter, created)."""
    salt = secrets.token_hex(16)
    who = {"user": user} if user is not None else {"user": None, "email": email.strip().lower()}
    defaults = {
        "language": user.language if user is not None else language,
        "via": via,
        "token_salt": salt,
        "token_hash": _hash(_token_for(salt)),
        **details,
    }
    return Supporter.objects.get_or_create(case=case, **who, defaults=defaults)


def _refuse_join(user, case: Case) -> None:
    """Raise why ``user`` may not support ``case`` (``rules.join_refusal``) as the join page
    words it; a case whose title she may not read is none she knows of (``PermissionDenied``)."""
    if refusal := join_refusal(user, case):
        known = title_is_public(case.secrecy) or (
            user is not None and user.is_authenticated and can(user, "case.view", case)
        )
        if not known:
            raise PermissionDenied
        raise ValidationError(refusal, code="join")


def join(case: Case, user, *, unit: str = "", note: str = "", via=Supporter.Via.SUGGESTION):
    """A person with an account shares the case's need: she supports and follows it (its
    news reach her, and it is listed on her start page)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("state").get(pk=case.pk)
        _refuse_join(user, case)
        supporter, created = _support(
            case,
            user=user,
            via=via,
            organisation=_own_organisation(user),
            unit=unit.strip(),
            note=note.strip(),
        )
        if created:
            audit.record(user, "intake.support", case, via=via)
    return supporter


def set_shared(submission: Submission, shared: bool, actor=None) -> Submission:
    """The submitter chooses (again) whether colleagues see her submission. Colleagues see an
    idea only while its case is open (``rules.see_shared``): an ended one is not shared any
    more (the tracking page offers no choice then), while it may always be withdrawn."""
    if shared and submission.case.state.code in ENDED_STATES:
        raise ValidationError(
            _(
                "%(number)s has ended (%(state)s): colleagues no longer see it, and it cannot "
                "be shared."
            )
            % {"number": submission.case.registry_number, "state": submission.case.state.label},
            code="ended",
        )
    with transaction.atomic():
        changed = Submission.objects.filter(pk=submission.pk).exclude(shared=shared)
        if changed.update(shared=shared):
            actor = actor if actor is not None and actor.is_authenticated else None
            audit.record(actor, "intake.share", submission.case, shared=shared)
        submission.shared = shared
    return submission


def comment_as_colleague(case: Case, user, body: str) -> CaseEvent:
    """An employee who sees a colleague's shared idea comments on it: the comment is on the
    case's timeline for the handlers (who are told) and beside the idea for colleagues; the
    submitter's tracking page does not show it. The same text again is the comment already
    made (a double click)."""
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment first."))
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("state").get(pk=case.pk)
        if not can(user, "intake.comment_shared", case):
            raise PermissionDenied
        mine = CaseEvent.objects.filter(
            case=case, type=CaseEvent.Type.COMMENT, actor=user, data__colleague=True
        )
        last = mine.order_by("-created", "-pk").first()
        if last is not None and last.body == body:
            return last
        event = CaseEvent.objects.create(
            case=case,
            type=CaseEvent.Type.COMMENT,
            actor=user,
            body=body,
            visible_to_submitter=False,
            data={"colleague": True},
        )
        Case.objects.filter(pk=case.pk).update(updated=timezone.now())
        audit.record(user, "intake.colleague_comment", case, event=event.pk)
        submission = Submission.objects.select_related("case__handler", "case__organisation").get(
            case=case
        )
        handlers = [u for u in _handlers([submission])[submission.pk] if u != user]
        notify.tell(
            handlers,
            "intake.colleague_comment",
            lambda: (
                _("%(number)s: %(name)s commented as a colleague")
                % {"number": case.registry_number, "name": user.full_name}
            ),
            url=case.get_absolute_url(),
        )
    return event


def _join_url(token: str) -> str:
    return settings.SITE_URL + reverse("intake:join_confirm", args=[token])


def request_public_join(case: Case, data: dict, *, language: str) -> str | None:
    """A member of the public wants to follow ``case`` instead of sending a duplicate. Nothing
    is stored until the owner of the address opens the signed link e-mailed there, so nobody
    can sign someone else up. Returns the link's token (for tests and the demo; only the mail
    carries it otherwise), or None when the address has had too many links this hour (the page
    says the same either way)."""
    _refuse_join(AnonymousUser(), case)
    email = data["email"].strip().lower()
    if not ratelimit.hit(f"intake-confirm:{email}", conf.confirm_mails_per_hour(), 3600).allowed:
        audit.record(None, "intake.confirm_limited", None)
        return None
    token = signing.dumps(
        {"c": case.pk, "e": email, "l": language, "n": data.get("note", "").strip()},
        salt=JOIN_SALT,
        compress=True,
    )
    with transaction.atomic():
        notify.email(
            email,
            "intake/email/join_confirm",
            {
                "case": case,
                "title": public_title(case),
                "url": _join_url(token),
                "days": conf.confirm_days(),
            },
            language,
        )
        audit.record(None, "intake.support_pending", case)
    return token


def pending_join(token: str) -> dict | None:
    """What a join link asks for, if the link is genuine and unexpired and the case still takes
    supporters: ``{"case", "email", "language", "note"}``."""
    try:
        payload = signing.loads(
            token, salt=JOIN_SALT, max_age=timezone.timedelta(days=conf.confirm_days())
        )
        pk, email = int(payload["c"]), str(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    case = Case.objects.select_related("state", "organisation").filter(pk=pk).first()
    if case is None or not can(None, "intake.join", case):
        return None
    note = str(payload.get("n", ""))[:2000]
    return {"case": case, "email": email, "language": str(payload.get("l", "sv")), "note": note}


def confirm_public_join(token: str) -> Supporter:
    """The owner of the address confirms: she now supports and follows the case through a
    tracking link of her own. Confirming twice changes nothing."""
    with transaction.atomic():
        pending = pending_join(token)
        if pending is None:
            raise ValidationError(_("This link has expired, or the case no longer takes support."))
        Case.objects.select_for_update().filter(pk=pending["case"].pk).first()
        supporter, created = _support(
            pending["case"],
            email=pending["email"],
            language=pending["language"],
            via=Supporter.Via.SUGGESTION,
            note=pending["note"],
        )
        if created:
            audit.record(None, "intake.support", pending["case"], via=supporter.via)
            notify.email(
                supporter.email,
                "intake/email/supporting",
                {
                    "case": supporter.case,
                    "title": public_title(supporter.case),
                    "url": supporter_url(supporter),
                },
                supporter.language,
            )
    return supporter


def tell_supporters(case: Case, *, state=None, event=None, transition=None) -> None:
    """Tell the case's supporters what the public may know of its news: a new status with what
    the step decided in words (``transition``: its code, ``cases.workflows.outcome``) or a step
    of its progress, never the reason written to the submitter; of a secret case, nothing
    (``rules.followed``)."""
    if not followed(case):
        return
    title = public_title(case)
    decided = OUTCOMES.get(transition, "")  # lazy: read in each supporter's language
    for supporter in case.supporters.select_related("user"):
        url = supporter_url(supporter)
        news = {
            "case": case,
            "title": title,
            "state": state,
            "event": event,
            "outcome": decided,
            "url": url,
        }
        if supporter.user_id:

            def heading(news=news):
                what = news["state"].label if news["state"] else news["event"].progress_text
                return _("%(number)s, which you support: %(news)s") % {
                    "number": case.registry_number,
                    "news": what,
                }

            notify.tell(
                [supporter.user], "intake.supported", heading, url=url, body=lambda: str(decided)
            )
        else:
            notify.email(supporter.email, "intake/email/supported", news, supporter.language)


def end_following(case: Case) -> None:
    """``case`` was made secret: each of its supporters is told, once and without a word of
    its content (no title, no status), that it can no longer be followed here and whom to ask.
    Their support stays with the case for its handler (``rules.followed``)."""
    unit = case.organisation.innovation_unit or case.organisation.name
    contact = case.organisation.contact_email

    def heading():
        return _(
            "%(number)s, which you support, can no longer be followed here: it is covered by "
            "secrecy"
        ) % {"number": case.registry_number}

    def ask():
        if contact:
            return _("If you have questions, contact %(unit)s: %(contact)s") % {
                "unit": unit,
                "contact": contact,
            }
        return _("If you have questions, contact %(unit)s.") % {"unit": unit}

    for supporter in case.supporters.select_related("user"):
        if supporter.user_id:
            url = supporter_url(supporter)
            notify.tell([supporter.user], "intake.supported", heading, url=url, body=ask)
        else:
            context = {"case": case, "unit": unit, "contact": contact}
            notify.email(supporter.email, "intake/email/secret", context, supporter.language)


REMOVED_DOMAIN = "removed.invalid"


def forget_public_supporters(now=None) -> int:
    """The retention rule for submitters' contact details (``PRIVACY_RETENTION_DAYS`` per kind
    of case, counted from when the case ended) holds for its public supporters' addresses too:
    each is replaced by a stand-in, so the case keeps its count of supporters and nobody's
    address. Safe to run again. Returns how many addresses were removed."""
    now = now or timezone.now()
    removed = 0
    for kind, days in settings.PRIVACY_RETENTION_DAYS.items():
        due = Supporter.objects.filter(
            user__isnull=True,
            case__kind=kind,
            case__state__is_final=True,
            case__updated__lt=now - timezone.timedelta(days=int(days)),
        ).exclude(email__endswith=f"@{REMOVED_DOMAIN}")
        with transaction.atomic():
            for supporter in due.select_for_update().only("pk", "case_id"):
                Supporter.objects.filter(pk=supporter.pk).update(
                    email=f"supporter-{supporter.pk}@{REMOVED_DOMAIN}", note=""
                )
                removed += 1
            if removed:
                audit.record(None, "privacy.retention_supporters", None, count=removed)
    return removed


# --- Merging a duplicate into the case that survives ---------------------------------------------


def _followers(case: Case) -> list[dict]:
    """Everybody who follows ``case``: its submitter, co-submitters and supporters, each once,
    as ``{"user", "email", "language", "organisation", "unit"}``."""
    people, seen = [], set()

    def add(user=None, email="", language="sv", organisation=None, unit=""):
        key = ("u", user.pk) if user is not None else ("e", email.strip().lower())
        if key in seen or key == ("e", ""):
            return
        seen.add(key)
        people.append(
            {"user": user, "email": email, "language": language,
             "organisation": organisation, "unit": unit}
        )  # fmt: skip

    submission = Submission.objects.filter(case=case).first()
    if case.submitter_id:
        add(case.submitter, language=case.submitter.language)
    elif case.submitter_email:
        add(email=case.submitter_email, language=submission.language if submission else "sv")
    if submission is not None:
        for co in submission.co_submitters.select_related("user"):
            add(co.user, language=co.user.language)
    for s in case.supporters.select_related("user", "organisation"):
        add(s.user, s.email, s.language, s.organisation, s.unit)
    return people


def merge(duplicate: Case, survivor: Case, actor, *, message: str) -> int:
    """Merge ``duplicate`` into ``survivor``: the duplicate is closed by the workflow's merge
    step with ``message`` as its reason, both timelines link to the other, and everyone who
    followed the duplicate now supports and follows the survivor and is told so in
    ``message``'s words; the survivor's submitter is told too. Nothing is deleted. Returns how
    many people came over."""
    message = message.strip()
    if not message:
        raise ValidationError(_("Write a message that both submitters understand."))
    if not can(actor, "case.handle", duplicate):
        raise PermissionDenied
    with transaction.atomic():
        survivor = (
            Case.objects.select_for_update(of=("self",))
            .select_related("state", "organisation")
            .get(pk=survivor.pk)
        )
        # A case she may not see, whose title is not public either, does not exist for her;
        # any other is refused in the same words as the merge form's: the admin, the API and
        # any later caller are refused what the page refuses.
        if not (can(actor, "case.view", survivor) or title_is_public(survivor.secrecy)):
            raise PermissionDenied
        if refusal := merge_refusal(actor, survivor, duplicate):
            raise ValidationError(refusal)
        workflow.apply(
            duplicate,
            "merge",
            actor,
            reason=message,
            context={"into": survivor},
            into=survivor.registry_number,
        )
        CaseLink.objects.update_or_create(
            case=duplicate,
            other=survivor,
            defaults={"kind": CaseLink.Kind.MERGED, "reason": message, "created_by": actor},
        )
        for this, that, direction in ((duplicate, survivor, "from"), (survivor, duplicate, "to")):
            CaseEvent.objects.create(
                case=this,
                type=CaseEvent.Type.COMMENT,
                actor=actor,
                # The duplicate's timeline has the message as its merge step's reason already.
                body="" if direction == "from" else message,
                visible_to_submitter=True,
                data={"link": "merged", "direction": direction, "other": that.registry_number},
            )
        moved = 0
        for person in _followers(duplicate):
            user = person["user"]
            if (user is not None and user.pk == survivor.submitter_id) or (
                user is None and person["email"].lower() == survivor.submitter_email.lower()
            ):
                continue  # the survivor's own submitter follows it already
            supporter, created = _support(
                survivor,
                user=user,
                email=person["email"],
                language=person["language"],
                via=Supporter.Via.MERGE,
                merged_from=duplicate,
                organisation=person["organisation"],
                unit=person["unit"],
            )
            moved += created
            notify.email(
                supporter.address,
                "intake/email/merged",
                {
                    "case": duplicate,
                    "other": survivor,
                    "title": public_title(survivor),
                    "direction": "from",
                    "message": message,
                    "url": supporter_url(supporter),
                },
                supporter.language,
            )
        tell_submitter(
            survivor,
            "intake/email/merged",
            {"case": survivor, "other": duplicate, "title": public_title(duplicate),
             "direction": "to", "message": message},
        )  # fmt: skip
        audit.record(actor, "intake.merge", duplicate, into=survivor.registry_number, moved=moved)
    return moved


# --- Triage ---------------------------------------------------------------------------------


def link_cases(case: Case, other: Case, actor, *, kind: str, reason: str = "") -> CaseLink:
    """Mark two cases related, or ``case`` a duplicate of ``other``. Both timelines say so and
    both submitters are told; nothing is deleted."""
    if case.pk == other.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if kind == CaseLink.Kind.MERGED:
        # A link marked "merged" would leave both cases open and nobody following the other:
        # only a merge (``merge``) merges.
        raise ValidationError(
            _(
                "A link does not merge: merge the case with the merge form, which names the case "
                "that survives."
            )
        )
    if not (can(actor, "case.handle", case) and can(actor, "case.view", other)):
        raise PermissionDenied
    with transaction.atomic():
        # As stored now, not as the caller last read them (either may have ended since).
        locked = Case.objects.select_for_update(of=("self",)).select_related("state")
        if refusal := link_refusal(locked.get(pk=case.pk), locked.get(pk=other.pk)):
            raise ValidationError(refusal, code="ended")
        if CaseLink.objects.filter(case__in=[case, other], other__in=[case, other]).exists():
            raise ValidationError(_("These cases are already linked."))
        link = CaseLink.objects.create(
            case=case, other=other, kind=kind, reason=reason.strip(), created_by=actor
        )
        for this, that, role in ((case, other, "from"), (other, case, "to")):
            CaseEvent.objects.create(
                case=this,
                type=CaseEvent.Type.COMMENT,
                actor=actor,
                body=f"{that.registry_number}: {link.reason}" if link.reason else "",
                visible_to_submitter=True,
                data={"link": kind, "direction": role, "other": that.registry_number},
            )
            tell_submitter(
                this,
                "intake/email/linked",
                {
                    "case": this,
                    "other": that,
                    "kind": kind,
                    "direction": role,
                    "reason": link.reason,
                    "other_public": that.secrecy == Secrecy.PUBLIC,
                },
            )
        audit.record(actor, "intake.link", case, other=other.registry_number, kind=kind)
    return link


def bulk_assign(cases, actor, *, organisation=None, handler=None, reason: str) -> int:
    """Reassign several cases at once; each keeps the reason on its timeline."""
    if organisation is None and handler is None:
        raise ValidationError(_("Choose an organisation, a handler or both."))
    with transaction.atomic():
        for case in cases:
            if not can(actor, "case.handle", case):
                raise PermissionDenied
            case_services.reassign(
                case,
                actor,
                organisation=organisation or case.organisation,
                handler=handler,
                reason=reason,
            )
    return len(cases)


# --- Drafts (personal scratch: saved while typing, so not audited keystroke by keystroke) ----


def save_draft(user, data: dict) -> Draft:
    with transaction.atomic():
        draft, _created = Draft.objects.update_or_create(user=user, defaults={"data": data})
    return draft


def keep_files(user, files) -> list[DraftFile]:
    """Store chosen files with the draft so a form that comes back with errors keeps them."""
    kept = []
    with transaction.atomic():
        draft, _created = Draft.objects.get_or_create(user=user)
        for upload in files:
            uploads.check(upload)
        for upload in files:
            kept.append(
                DraftFile.objects.create(
                    draft=draft,
                    file=File(upload, name=upload.name),
                    filename=upload.name[:200],
                    size=upload.size,
                )
            )
        if kept:
            audit.record(user, "intake.draft_file", draft, files=[f.filename for f in kept])
    return kept


def remove_draft_file(user, draft_file: DraftFile) -> None:
    if draft_file.draft.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        name = draft_file.file.name
        draft_file.delete()
        audit.record(user, "intake.draft_file_remove", draft_file.draft, file=draft_file.filename)
        transaction.on_commit(lambda: draft_file.file.storage.delete(name))


def _discard(draft: Draft) -> None:
    names = [f.file.name for f in draft.files.all()]
    storage = DraftFile._meta.get_field("file").storage
    draft.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def discard_draft(user) -> None:
    with transaction.atomic():
        draft = Draft.objects.filter(user=user).first()
        if draft is not None:
            _discard(draft)
            audit.record(user, "intake.draft_discard", None)


# --- The first-response deadline ------------------------------------------------------------


def overdue(today=None):
    today = today or timezone.localdate()
    return Submission.objects.filter(
        first_response__isnull=True, due__lt=today, case__state__is_final=False
    )


def _handlers(submissions) -> dict[int, list[User]]:
    """Who answers for each submission's case: its handler, else the advisors and heads of
    innovation units at or above its organisation, else the central coordinators."""
    org_ids = {pk for s in submissions for pk in s.case.organisation.ancestor_ids()}
    by_org = defaultdict(list)
    for m in Membership.objects.filter(
        organisation_id__in=org_ids, role__in=CASE_HANDLING_ROLES, user__is_active=True
    ).select_related("user"):
        by_org[m.organisation_id].append(m.user)
    coordinators = [
        m.user
        for m in Membership.objects.filter(
            role=Role.COORDINATOR, user__is_active=True
        ).select_related("user")
    ]
    result = {}
    for s in submissions:
        if s.case.handler_id and s.case.handler.is_active:
            result[s.pk] = [s.case.handler]
            continue
        people = [u for pk in s.case.organisation.ancestor_ids() for u in by_org[pk]]
        result[s.pk] = list(dict.fromkeys(people)) or coordinators
    return result


def remind_overdue(today=None) -> dict[str, list[str]]:
    """Mail each handler the cases whose first response is overdue. A case is reminded once a
    day at most, so running this often is harmless. Returns address → registry numbers."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(
            overdue(today)
            .exclude(reminded_on=today)
            .select_for_update(of=("self",))
            .select_related("case__organisation", "case__handler", "case__state")
            .order_by("due", "pk")
        )
        if not due:
            return {}
        handlers = _handlers(due)
        per_person = defaultdict(list)
        for submission in due:
            for person in handlers[submission.pk]:
                per_person[person].append(submission)
        for person, items in per_person.items():
            notify.email(
                person.email,
                "intake/email/reminder",
                {"person": person, "submissions": items, "today": today},
                person.language,
            )
        Submission.objects.filter(pk__in=[s.pk for s in due]).update(reminded_on=today)
        audit.record(None, "intake.remind", None, cases=[s.case.registry_number for s in due])
    return {p.email: [s.case.registry_number for s in items] for p, items in per_person.items()}
