"""Everything Slussen holds about a person (GDPR art. 15 and 20), for every model of every app.

A row is the person's when it points at their account (any foreign key to the user, e.g. the
submitter of a case, the author of a comment, the actor of an audit event, in whatever app), when
an audit event is about their account, or when a field holds exactly their e-mail address
(a proposal sent without an account, the log-in log). Mentions in other people's free text are
not collected automatically: those documents are reviewed under the secrecy act (OSL) on request.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from slussen.accounts.models import Session
from slussen.core import audit

from .erasure import TEXT_FIELDS, concrete_models

# Never handed out: they protect the account rather than describe the person.
WITHHELD = {"password", "secret", "code_hash", "last_step"}
SKIPPED_MODELS = {Session}
# Shown in the JSON export, not on the readable page: database ids and the machinery of a log-in.
ONLY_IN_EXPORT = {"id", "object_id", "object_type", "session_hash", "http_accept"}

# Models and fields whose own names are not words for people (a library's English, a field
# without a verbose name). Keyed by ``app_label.model`` and by field name.
SECTION_WORDS = {
    "accounts.user": gettext_lazy("your account"),
    "axes.accesslog": gettext_lazy("log-ins"),
    "axes.accessattempt": gettext_lazy("failed log-ins"),
    "axes.accessfailurelog": gettext_lazy("failed log-ins"),
    "cases.caseevent": gettext_lazy("events in cases"),
}
COLUMN_WORDS = {
    "user": gettext_lazy("person"),
    "user_agent": gettext_lazy("browser"),
    "ip_address": gettext_lazy("IP address"),
    "username": gettext_lazy("user name"),
    "path_info": gettext_lazy("page"),
    "attempt_time": gettext_lazy("logged in"),
    "logout_time": gettext_lazy("logged out"),
    "case": gettext_lazy("case"),
    "type": gettext_lazy("what happened"),
    "created": gettext_lazy("when"),
    "actor": gettext_lazy("who"),
    "body": gettext_lazy("text"),
    "data": gettext_lazy("details"),
    "get_data": gettext_lazy("details"),
    "post_data": gettext_lazy("details"),
    "failures_since_start": gettext_lazy("failed attempts"),
    "locked_out": gettext_lazy("locked out"),
}


@dataclass
class Section:
    label: str  # the model's verbose name (plural)
    key: str  # app_label.model
    columns: list[tuple[str, str]]  # (field name, verbose name)
    rows: list[dict] = field(default_factory=list)
    fields: dict = field(default_factory=dict, repr=False)  # field name -> model field

    @property
    def shown_columns(self):
        """The readable page's columns: database ids and bookkeeping are for the JSON export."""
        return [
            (name, str(COLUMN_WORDS.get(name, label)))
            for name, label in self.columns
            if _shown(self.fields.get(name), name)
        ]

    @property
    def cells(self):
        shown = self.shown_columns
        return [
            [_display(row[name], self.key, name, self.fields.get(name)) for name, _l in shown]
            for row in self.rows
        ]


def _shown(f, name) -> bool:
    if name in ONLY_IN_EXPORT:
        return False
    # A counter, a version or a cached number the system keeps for itself; dates stay.
    return f is None or f.editable or isinstance(f, models.DateField)


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


def _display(value, section="", column="", f=None):
    """A cell of the readable page, in words: audit actions as sentences, choices by their
    labels, yes or no, browsers by name; never codes, ids or JSON."""
    if section == "core.auditevent" and column == "action":
        return audit.describe(value)
    if section == "core.auditevent" and column == "data":
        return audit.details(value or {})
    if value == "<unknown>":  # what the log-in log writes when a browser said nothing
        return ""
    if column == "user_agent":
        return browser(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict) and set(value) == {"id", "text"}:
        return value["text"]
    if isinstance(value, dict | list):
        return summary(value)
    if f is not None and f.choices and value not in (None, ""):
        return str(dict(f.flatchoices).get(value, value))
    return value


def summary(value) -> str:
    """A JSON column in a sentence: the words it holds, in the reader's language where it
    holds both; a move between states as "from … to …"; numbers (ids) left out."""
    if isinstance(value, dict):
        if {"sv", "en"} & set(value) and all(isinstance(v, str) for v in value.values()):
            language = (get_language() or "sv")[:2]
            return value.get(language) or value.get("sv") or ""
        labels = value.get("labels")
        if isinstance(labels, dict) and {"from", "to"} <= set(labels):
            return str(_("from %(a)s to %(b)s")) % {
                "a": summary(labels["from"]) or "–",
                "b": summary(labels["to"]) or "–",
            }
        parts = [summary(v) for k, v in value.items() if k != "labels"]
    elif isinstance(value, list):
        parts = [summary(v) for v in value]
    elif isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    elif isinstance(value, str):
        return value
    else:
        return ""
    return "; ".join(p for p in parts if p)


BROWSERS = [  # the order matters: Edge and Opera also say Chrome, Chrome also says Safari
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("Chrome", "Chrome"),
    ("Chromium", "Chromium"),
    ("Safari", "Safari"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def browser(user_agent: str) -> str:
    """What a browser's self-description says in words: "Chrome på Linux"."""
    if not user_agent:
        return ""
    name = next((word for key, word in BROWSERS if re.search(rf"\b{key}/", user_agent)), "")
    system = next((word for key, word in SYSTEMS if key in user_agent), "")
    if name and system:
        return _("%(browser)s on %(system)s") % {"browser": name, "system": system}
    if name or system:
        return name or system
    return _("an unknown browser or program")


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
        key = model._meta.label_lower
        sections.append(
            Section(
                key=key,
                label=str(
                    SECTION_WORDS.get(model._meta.label_lower, model._meta.verbose_name_plural)
                ),
                columns=[(f.name, str(f.verbose_name)) for f in fields],
                rows=[{f.name: _value(row, f) for f in fields} for row in rows],
                fields={f.name: f for f in fields},
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
