"""Every write of the annual survey: one transaction each, each with its audit event."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from slussen.accounts.models import Organisation, User
from slussen.accounts.roles import Role
from slussen.core import audit, notify, workflow

from .models import Edition, FundHistory, ReportText, Response, ResponseCase, SurveyRound
from .rubric import SCORE_FIELDS, Direction, overall_needs_reason
from .workflows import RESPONSE_WORKFLOW

ANSWER_FIELDS = [*Direction.values, *SCORE_FIELDS, "overall", "overall_reason", "comment"]
REMIND_BEFORE = timedelta(days=7)  # the first reminder goes out a week before the due date
REMIND_EVERY = timedelta(days=7)  # then at most once a week until the response is in


def create_round(actor, *, year: int, due) -> SurveyRound:
    with transaction.atomic():
        if SurveyRound.objects.filter(year=year).exists():
            raise ValidationError(
                {"year": _("There is already a survey round for %(year)s.") % {"year": year}}
            )
        survey = SurveyRound.objects.create(year=year, due=due, created_by=actor)
        audit.record(actor, "bokslut.round_create", survey, year=year, due=str(due))
    return survey


def heads_of(organisation) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.INNOVATION_HEAD,
        ).distinct()
    )


def _mail_heads(response, template, context):
    heads = heads_of(response.organisation)
    context = {"response": response, "survey": response.round, **context}
    for head in heads:
        notify.email(head.email, template, {**context, "person": head}, head.language)
    if not heads and response.organisation.contact_email:
        notify.email(response.organisation.contact_email, template, context)
    return len(heads)


def send_round(survey: SurveyRound, actor) -> list[Response]:
    """Open a response for every reporting organisation that has none yet and tell its head.

    Safe to run again: organisations that start reporting later get theirs, nobody twice.
    """
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        have = set(survey.responses.values_list("organisation_id", flat=True))
        draft = workflow.initial_state(RESPONSE_WORKFLOW)
        created = [
            Response.objects.create(round=survey, organisation=org, state=draft)
            for org in Organisation.objects.filter(reports_to_bokslut=True).exclude(pk__in=have)
        ]
        if survey.sent_at is None:
            survey.sent_at = timezone.now()
            survey.save(update_fields=["sent_at", "updated"])
        for response in created:
            _mail_heads(response, "bokslut/email/round_sent", {})
        audit.record(
            actor, "bokslut.round_send", survey, organisations=[r.organisation_id for r in created]
        )
    return created


def save_response(response: Response, actor, data: dict, examples: dict, *, submit=False):
    """Store what was typed (a draft may be incomplete); ``submit`` also hands it in.

    ``data`` holds the answer fields, ``examples`` maps a direction to the cases chosen for it.
    """
    with transaction.atomic():
        current = Response.objects.select_for_update().select_related("state").get(pk=response.pk)
        if current.state.code != "draft":
            raise ValidationError(
                _("This response has been submitted. Ask the coordinator to reopen it.")
            )
        if not current.correcting and _published(current.round.year):
            raise ValidationError(
                _(
                    "The report for %(year)s has been published. Its answers change only "
                    "through a correction: ask the coordinator."
                )
                % {"year": current.round.year}
            )
        changed = sorted(f for f in ANSWER_FIELDS if f in data and getattr(current, f) != data[f])
        before = set(current.examples.values_list("direction", "case_id"))
        after = {(d, case.pk) for d, cases in examples.items() for case in cases}
        if before != after:
            changed.append("examples")
        if changed or current.saved_at is None:  # an autosave of unchanged text writes nothing
            for field in changed:
                if field != "examples":
                    setattr(current, field, data[field])
            current.saved_at = timezone.now()
            current.saved_by = actor
            current.save()
            if "examples" in changed:
                current.examples.all().delete()
                ResponseCase.objects.bulk_create(
                    ResponseCase(response=current, direction=d, case_id=c) for d, c in sorted(after)
                )
            audit.record(actor, "bokslut.save", current, fields=changed)
        if submit:
            check_overall(current)
            current.submitted_at = timezone.now()
            current.submitted_by = actor
            current.save(update_fields=["submitted_at", "submitted_by", "updated"])
            workflow.apply(current, "submit", actor)
    return current


def check_overall(response):
    """The overall level follows the rubric's rule (the mean of the six dimensions) or says why
    it does not."""
    levels = [getattr(response, f) for f in SCORE_FIELDS]
    derived = overall_needs_reason(response.overall, levels)
    if derived is not None and not response.overall_reason.strip():
        raise ValidationError(
            {
                "overall_reason": _(
                    "The six dimensions give %(derived)s; an overall level of %(overall)s is more "
                    "than half a level from it. Say why, or change the overall level."
                )
                % {
                    "derived": number_format(derived, 1),
                    "overall": number_format(response.overall, 1),
                }
            }
        )


def _published(year) -> bool:
    return Edition.objects.filter(year=year).exists()


def reopen(response: Response, actor, reason: str, *, correction=False) -> Response:
    """Send a submitted answer back to its head. Once the year's report is published, only as a
    recorded correction: the published edition stays as it is and the next edition says what
    changed."""
    with transaction.atomic():
        response = Response.objects.select_for_update().select_related("round").get(pk=response.pk)
        published = _published(response.round.year)
        if published and not correction:
            raise ValidationError(
                _(
                    "The report for %(year)s has been published. Reopen the answer as a "
                    "correction: it is recorded, and the next edition of the report says what "
                    "changed."
                )
                % {"year": response.round.year}
            )
        workflow.apply(response, "reopen", actor, reason=reason)
        if published:
            response.correcting = True
            response.save(update_fields=["correcting", "updated"])
            audit.record(
                actor, "bokslut.correction", response, year=response.round.year,
                reason=reason.strip(),
            )  # fmt: skip
        _mail_heads(response, "bokslut/email/reopened", {"reason": reason.strip(), "actor": actor})
    return response


def publish(year: int, actor, change_note: str = "") -> Edition:
    """Freeze ``year``'s report as a new edition: its page, PDF and XLSX in Swedish and
    English, its tables, the organisations' answers and the texts, with the date. A later
    edition needs a note on what changed, and something must have changed."""
    from . import editions

    change_note = change_note.strip()
    with transaction.atomic():
        # One publisher at a time per year: lock the year's round, or the editions.
        SurveyRound.objects.select_for_update().filter(year=year).first()
        previous = Edition.objects.select_for_update().filter(year=year).first()
        answers, texts = editions.answers(year), editions.texts(year)
        if not answers:
            raise ValidationError(
                _("No organisation has submitted an answer for %(year)s.") % {"year": year}
            )
        if previous is not None:
            if answers == previous.answers and texts == previous.texts:
                raise ValidationError(
                    _(
                        "Nothing has changed since edition %(number)s was published; there is "
                        "no new edition to publish."
                    )
                    % {"number": previous.number}
                )
            if not change_note:
                raise ValidationError(
                    {"change_note": _("Say what changed since the previous edition.")}
                )
        edition = Edition(
            year=year,
            number=previous.number + 1 if previous else 1,
            published_at=timezone.now(),
            published_by=actor,
            change_note=change_note,
            answers=answers,
            texts=texts,
        )
        rendered = editions.render(year, edition)
        edition.figures = rendered.pop("figures")
        for name, body in rendered.items():
            kind, language = name.split("_")
            ext = {"html": "html", "pdf": "pdf", "xlsx": "xlsx"}[kind]
            getattr(edition, name).save(
                f"innovationsbokslut-{year}-{edition.number}-{language}.{ext}",
                ContentFile(body),
                save=False,
            )
        edition.save()
        Response.objects.filter(round__year=year, correcting=True, state__code="submitted").update(
            correcting=False
        )
        audit.record(
            actor, "bokslut.publish", edition, year=year, number=edition.number,
            change_note=change_note,
        )  # fmt: skip
    return edition


def send_reminders(now=None) -> int:
    """Remind the heads of every organisation whose response is not in, from a week before
    the due date and then weekly. Returns the number of responses reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Response.objects.filter(
            round__sent_at__isnull=False,
            round__due__lte=today + REMIND_BEFORE,
            state__code="draft",
        )
        .exclude(reminded_at__gt=now - REMIND_EVERY)
        .select_related("round", "organisation")
    )
    count = 0
    for response in due:
        with transaction.atomic():
            locked = Response.objects.select_for_update().get(pk=response.pk)
            if locked.reminded_at and locked.reminded_at > now - REMIND_EVERY:
                continue  # another worker got there first
            overdue = response.round.due < today
            context = {"overdue": overdue, "started": bool(locked.saved_at)}
            sent = _mail_heads(response, "bokslut/email/reminder", context)
            locked.reminded_at = now
            locked.reminders += 1
            locked.save(update_fields=["reminded_at", "reminders", "updated"])
            audit.record(None, "bokslut.remind", locked, heads=sent, overdue=overdue)
            count += 1
    return count


def save_report_texts(year: int, actor, texts: dict) -> list[str]:
    """Store the narrative sections of ``year``'s report; returns the sections that changed."""
    with transaction.atomic():
        existing = {t.section: t for t in ReportText.objects.select_for_update().filter(year=year)}
        changed = []
        for section, body in texts.items():
            body = body.strip()
            text = existing.get(section)
            if text is None and not body or text is not None and text.body == body:
                continue
            ReportText.objects.update_or_create(
                year=year, section=section, defaults={"body": body, "updated_by": actor}
            )
            changed.append(section)
        if changed:
            audit.record(actor, "bokslut.report_texts", None, year=year, sections=changed)
    return changed


HISTORY_COLUMNS = ["first_year", "last_year", "applications", "granted", "amount", "source"]


def import_fund_history(actor, text: str) -> list[FundHistory]:
    """Store the fund's earlier figures from CSV (``;`` or ``,``), one record per year or
    period with its source; a record for the same years is replaced. All or nothing: any bad
    line refuses the whole file, saying which line and why."""
    import csv
    import io

    text = text.lstrip("\ufeff")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", ";,")
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    if not rows or set(HISTORY_COLUMNS) - set(rows[0]):
        raise ValidationError(
            _("The file needs the columns %(columns)s.") % {"columns": ", ".join(HISTORY_COLUMNS)}
        )
    errors, records = [], []
    for line, row in enumerate(rows, start=2):
        try:
            values = {
                k: int(row[k].replace(" ", "").replace("\xa0", ""))
                for k in ("first_year", "last_year", "applications", "granted")
            }
            amount = (row["amount"] or "").replace(" ", "").replace("\xa0", "")
            values["amount"] = int(amount) if amount else None
        except (TypeError, ValueError):
            errors.append(_("Line %(line)s: the years and figures must be whole numbers.") % {
                "line": line})  # fmt: skip
            continue
        source = (row["source"] or "").strip()
        if not source:
            errors.append(_("Line %(line)s: give the source of the figures.") % {"line": line})
        elif not 1990 <= values["first_year"] <= values["last_year"] <= timezone.localdate().year:
            errors.append(_("Line %(line)s: the years are not a period that has begun.") % {
                "line": line})  # fmt: skip
        elif (
            values["granted"] > values["applications"]
            or min(v for v in values.values() if v is not None) < 0
        ):
            errors.append(
                _("Line %(line)s: more granted than applications, or a negative figure.")
                % {"line": line}
            )
        else:
            records.append({**values, "source": source})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        stored = [
            FundHistory.objects.update_or_create(
                first_year=r["first_year"],
                last_year=r["last_year"],
                defaults={**r, "imported_by": actor},
            )[0]
            for r in records
        ]
        audit.record(
            actor, "bokslut.fund_history", None,
            periods=[f"{r.first_year}–{r.last_year}" for r in stored],
        )  # fmt: skip
    return stored
