"""Everything Slussen holds about a person (GDPR art. 15 and 20), for every model of every app.

A row is the person's when it points at their account (any foreign key to the user, e.g. the
submitter of a case, the author of a comment, the actor of an audit event, in whatever app), when
an audit event is about their account, or when a field holds exactly their e-mail address
(a proposal sent without an account, the log-in log). Mentions in other people's free text are
not collected automatically: those documents are reviewed under the secrecy act (OSL) on request.
"""

import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.utils.translation import gettext as _

from slussen.core import audit

from .erasure import TEXT_FIELDS, concrete_models

# Never handed out: they protect the account rather than describe the person.
WITHHELD = {"password", "secret", "code_hash", "last_step"}
SKIPPED_MODELS = {Session}
# Shown in the JSON export, not on the readable page.
ONLY_IN_EXPORT = {"id", "object_id", "object_type"}


@dataclass
class Section:
    label: str  # the model's verbose name (plural)
    key: str  # app_label.model
    columns: list[tuple[str, str]]  # (field name, verbose name)
    rows: list[dict] = field(default_factory=list)

    @property
    def shown_columns(self):
        """The readable page's columns: database ids are for the JSON export only."""
        return [(name, label) for name, label in self.columns if name not in ONLY_IN_EXPORT]

    @property
    def cells(self):
        shown = self.shown_columns
        return [[_display(row[name], self.key, name) for name, _l in shown] for row in self.rows]


def _person_q(model, user) -> models.Q | None:
    User = get_user_model()
    if model is User:
        return models.Q(pk=user.pk)
    query = models.Q()
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is User:
            query |= models.Q(**{f.attname: user.pk})
        elif isinstance(f, TEXT_FIELDS) and not f.choices and user.email:
            query |= models.Q(**{f"{f.attname}__iexact": user.email})
    names = {f.name for f in model._meta.concrete_fields}
    if {"object_type", "object_id"} <= names:
        query |= models.Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    return query or None


def _value(row, f):
    value = getattr(row, f.attname)
    if f.is_relation and value is not None:
        return {"id": value, "text": str(getattr(row, f.name))}
    if isinstance(f, models.FileField):
        return value.name if value else ""
    return value


def _display(value, section="", column=""):
    """A cell of the readable page: audit actions as sentences, never codes or JSON."""
    if section == "core.auditevent" and column == "action":
        return audit.describe(value)
    if section == "core.auditevent" and column == "data":
        return audit.details(value or {})
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict) and set(value) == {"id", "text"}:
        return value["text"]
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def collect(user) -> list[Section]:
    sections = []
    for model in concrete_models():
        if model in SKIPPED_MODELS:
            continue
        query = _person_q(model, user)
        if query is None:
            continue
        fields = [f for f in model._meta.concrete_fields if f.name not in WITHHELD]
        related = [f.name for f in fields if f.is_relation]
        rows = list(model._base_manager.filter(query).select_related(*related).order_by("pk"))
        if not rows:
            continue
        sections.append(
            Section(
                label=str(model._meta.verbose_name_plural),
                key=model._meta.label_lower,
                columns=[(f.name, str(f.verbose_name)) for f in fields],
                rows=[{f.name: _value(row, f) for f in fields} for row in rows],
            )
        )
    return sorted(sections, key=lambda s: s.key)


def as_json(user, sections) -> dict:
    return {
        "person": {"id": user.pk, "name": user.full_name, "email": user.email},
        "data": {section.key: section.rows for section in sections},
    }


def record_disclosures(user, sections) -> None:
    """Secret cases in the export are disclosures like any other: audited as reads."""
    from slussen.cases.models import Case, Secrecy
    from slussen.cases.services import record_read

    ids = [
        row["id"]
        for section in sections
        if section.key == "cases.case"
        for row in section.rows
        if row["secrecy"] != Secrecy.PUBLIC
    ]
    for case in Case.objects.filter(pk__in=ids):
        record_read(case, user)
