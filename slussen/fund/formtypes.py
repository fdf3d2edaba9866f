"""The typed questions of a call's forms (the application form and the follow-up report form):
the field each type gives the applicant, how its answer is stored and shown, and when a
conditional question is shown. Used by the applicant's form, the preview and the services."""

import datetime
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.cases import uploads
from slussen.core.forms import LONG_TEXT, SHORT_TEXT

from .models import QuestionType as T

MAX_AMOUNT = 1_000_000_000  # as forms.MAX_AMOUNT: larger numbers are typos
MAX_TABLE_ROWS = 50
EMPTY_TABLE_ROWS = 2  # blank rows offered under those filled in
COLUMN_TYPES = {
    "text": gettext_lazy("text"),
    "amount": gettext_lazy("amount (SEK)"),
    "date": gettext_lazy("date"),
}
YES, NO = "yes", "no"


def in_language(option: dict) -> str:
    """An option or column {"sv", "en"} in the interface language."""
    if translation.get_language() == "en" and option.get("en"):
        return option["en"]
    return option.get("sv", "")


def yes_no_choices():
    return [(YES, _("Yes")), (NO, _("No"))]


# --- Conditions ------------------------------------------------------------------------------


def _cond(item):
    """(key, condition key, condition value) of a question or of an answer's snapshot."""
    if hasattr(item, "condition_key"):
        return str(item.key), str(item.condition_key or ""), item.condition_value
    spec = item.spec or {}
    return str(item.key), spec.get("condition_key", ""), spec.get("condition_value", "")


def shown_keys(items, texts: dict) -> set:
    """The keys of the questions shown, given the answers ``texts`` {key: text}: a conditional
    question is shown when the question it depends on is shown and has the given answer."""
    conds = {k: (ck, cv) for k, ck, cv in map(_cond, items)}
    texts = {str(k): v for k, v in texts.items()}
    shown, deciding = set(), set()

    def visible(key):
        if key in shown:
            return True
        if key in deciding or key not in conds:  # a loop, or a question no longer asked
            return False
        deciding.add(key)
        ck, cv = conds[key]
        ok = not ck or (visible(ck) and texts.get(ck, "") == cv)
        deciding.discard(key)
        if ok:
            shown.add(key)
        return ok

    for key in conds:
        visible(key)
    return shown


def condition_note(question, by_key) -> str:
    """ "Answer this if “…” is answered “…”." for the help text (read without JavaScript)."""
    target = by_key.get(str(question.condition_key))
    if target is None:
        return ""
    value = question.condition_value
    if target.type == T.YES_NO:
        value = dict(yes_no_choices()).get(value, value)
    else:
        value = next((in_language(o) for o in target.options if o.get("sv") == value), value)
    return _("Answer this only if “%(question)s” is answered “%(value)s”.") % {
        "question": target.text,
        "value": value,
    }


# --- The applicant's fields ------------------------------------------------------------------


class TableWidget(forms.Widget):
    """Rows × the question's columns, each cell an input named ``<name>-<row>-<column>``, with
    as many blank rows under those filled in as EMPTY_TABLE_ROWS; ``<name>-rows`` says how many
    rows were on the page."""

    template_name = "fund/widgets/table.html"

    def __init__(self, columns, caption="", attrs=None):
        super().__init__(attrs)
        self.columns, self.caption = columns, caption

    def value_from_datadict(self, data, files, name):
        try:
            count = min(int(data.get(f"{name}-rows", 0)), MAX_TABLE_ROWS + EMPTY_TABLE_ROWS)
        except ValueError:
            count = 0
        return [
            [
                str(data.get(f"{name}-{r}-{c}", ""))[: SHORT_TEXT * 2]
                for c in range(len(self.columns))
            ]
            for r in range(count)
        ]

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-rows" not in data

    def id_for_label(self, id_):
        return f"{id_}-0-0" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [list(r) for r in (value or []) if any(str(c).strip() for c in r)]
        rows += [[""] * len(self.columns) for _i in range(EMPTY_TABLE_ROWS)]
        base = (attrs or {}).get("id") or f"id_{name}"
        context["table"] = {
            "name": name,
            "caption": self.caption,
            "count": len(rows),
            "columns": [
                {"label": in_language(c), "type": c.get("type", "text")} for c in self.columns
            ],
            "rows": [
                [
                    {
                        "name": f"{name}-{r}-{c}",
                        "id": f"{base}-{r}-{c}",
                        "value": cell,
                        "type": self.columns[c].get("type", "text"),
                        "label": in_language(self.columns[c]),
                    }
                    for c, cell in enumerate(row)
                ]
                for r, row in enumerate(rows)
            ],
        }
        return context


class TableField(forms.Field):
    """A table's filled-in rows, every cell checked by its column's type; each error names its
    row and column."""

    def __init__(self, columns, **kwargs):
        self.columns = columns
        kwargs.setdefault("widget", TableWidget(columns, caption=kwargs.get("label", "")))
        super().__init__(**kwargs)

    def to_python(self, value):
        rows = [
            [str(c).strip() for c in r] for r in (value or []) if any(str(c).strip() for c in r)
        ]
        if len(rows) > MAX_TABLE_ROWS:
            raise ValidationError(
                _("A table takes at most %(count)s rows.") % {"count": MAX_TABLE_ROWS}
            )
        errors, clean = [], []
        for r, row in enumerate(rows, start=1):
            out = []
            for column, cell in zip(self.columns, row, strict=False):
                try:
                    out.append(clean_cell(column.get("type", "text"), cell))
                except ValidationError as error:
                    errors.append(
                        _("row %(row)s, %(column)s: %(error)s")
                        % {
                            "row": r,
                            "column": in_language(column),
                            "error": " ".join(error.messages),
                        }
                    )
                    out.append(cell)
            clean.append(out)
        if errors:
            raise ValidationError(errors)
        return clean


class AmountField(forms.IntegerField):
    """Whole kronor, written as people write them: "50 000" as well as "50000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").replace("\u00a0", "")
        return super().to_python(value)


class CheckedFileField(forms.FileField):
    """A file question's file, checked as every attachment is (type and size) before the
    draft is saved, so that a refused file is named at its question."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            uploads.check(upload)
        return upload


def clean_cell(kind, cell):
    if not cell:
        return ""
    if kind == "amount":
        digits = cell.replace(" ", "").replace("\u00a0", "")
        if not digits.isdigit():
            raise ValidationError(_("Write whole kronor with digits only."))
        if int(digits) > MAX_AMOUNT:
            raise ValidationError(_("The amount is too large."))
        return str(int(digits))
    if kind == "date":
        try:
            return datetime.date.fromisoformat(cell).isoformat()
        except ValueError:
            raise ValidationError(_("Write the date as YYYY-MM-DD.")) from None
    if len(cell) > SHORT_TEXT:
        raise ValidationError(_("At most %(count)s characters in a cell.") % {"count": SHORT_TEXT})
    return cell


def field_for(question, by_key=None):
    """The form field that asks ``question``; every one is optional in the form: what a
    submission needs is checked when it is submitted, so a draft saves whatever is typed."""
    help_text = question.help
    if question.condition_key and by_key is not None:
        help_text = " ".join(filter(None, [help_text, condition_note(question, by_key)]))
    common = {"label": question.text, "required": False, "help_text": help_text}
    kind = question.type
    if kind == T.SHORT_TEXT:
        return forms.CharField(max_length=question.max_length or SHORT_TEXT, **common)
    if kind == T.NUMBER:
        return forms.DecimalField(
            max_digits=18, decimal_places=4, localize=True, max_value=Decimal(10) ** 13, **common
        )
    if kind == T.AMOUNT:
        return AmountField(min_value=0, max_value=MAX_AMOUNT, **common)
    if kind == T.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    if kind == T.CHOICE:
        return forms.ChoiceField(
            choices=[(o.get("sv", ""), in_language(o)) for o in question.options],
            widget=forms.RadioSelect,
            **common,
        )
    if kind == T.YES_NO:
        return forms.ChoiceField(choices=yes_no_choices(), widget=forms.RadioSelect, **common)
    if kind == T.FILE:
        return CheckedFileField(**common)
    if kind == T.TABLE:
        return TableField(question.options, **common)
    return forms.CharField(
        max_length=question.max_length or LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        **common,
    )


def initial_for(question, stored):
    """What the field shows of a stored answer (an Answer, or only its text)."""
    if stored is None:
        return None
    text = stored if isinstance(stored, str) else stored.text
    if question.type == T.TABLE:
        value = None if isinstance(stored, str) else stored.value
        return value if isinstance(value, list) else []
    if question.type == T.FILE:
        return None
    return text


def store(question, cleaned):
    """A cleaned answer as the (text, value) an Answer keeps. Files are stored by the caller."""
    if cleaned is None:
        return "", None
    if question.type == T.TABLE:
        rows = [list(r) for r in cleaned]
        return "\n".join(" | ".join(r) for r in rows), rows or None
    if isinstance(cleaned, Decimal):
        return format(cleaned.normalize(), "f"), None
    if isinstance(cleaned, datetime.date):
        return cleaned.isoformat(), None
    return str(cleaned).strip(), None


def display(answer) -> str:
    """The answer as its reader sees it (tables and files are shown by the template)."""
    text = answer.text
    if not text:
        return ""
    if answer.type == T.YES_NO:
        return dict(yes_no_choices()).get(text, text)
    if answer.type == T.CHOICE:
        options = (answer.spec or {}).get("options") or []
        return next((in_language(o) for o in options if o.get("sv") == text), text)
    if answer.type == T.AMOUNT and text.isdigit():
        return _("SEK %(amount)s") % {"amount": number_format(int(text), force_grouping=True)}
    if answer.type == T.NUMBER:
        try:
            return number_format(Decimal(text), force_grouping=True)
        except ArithmeticError:
            return text
    return text


def render_table(answer) -> str:
    return render_to_string(
        "fund/widgets/table_answer.html",
        {
            "answer": answer,
            "columns": [in_language(c) for c in (answer.spec or {}).get("options") or []],
            "rows": answer.value or [],
        },
    )


# --- The coordinator's rows ------------------------------------------------------------------


def parse_lines(text, *, columns=False):
    """ "Swedish | English" per line (a table's columns add "| text/amount/date")."""
    out = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        item = {"sv": parts[0], "en": parts[1] if len(parts) > 1 else ""}
        if columns:
            kind = (parts[2] if len(parts) > 2 else "text").lower() or "text"
            if kind not in COLUMN_TYPES:
                raise ValidationError(
                    _("A column's type is text, amount or date, not “%(type)s”.") % {"type": kind}
                )
            item["type"] = kind
        out.append(item)
    return out


def format_lines(items, *, columns=False) -> str:
    lines = []
    for item in items or []:
        parts = [item.get("sv", ""), item.get("en", "")]
        if columns:
            parts.append(item.get("type", "text"))
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def normalise_condition(target, value: str) -> str:
    """The answer that shows a conditional question, as the answer is stored: yes/no from
    "ja"/"nej"/"yes"/"no", an option by its Swedish or English text."""
    value = (value or "").strip()
    if target["type"] == T.YES_NO:
        found = {"ja": YES, "yes": YES, "nej": NO, "no": NO}.get(value.lower())
    elif target["type"] == T.CHOICE:
        found = next(
            (
                o["sv"]
                for o in target["options"]
                if value.lower() in (o["sv"].lower(), o.get("en", "").lower())
            ),
            None,
        )
    else:
        raise ValidationError(_("A question can only depend on a yes-or-no or a choice question."))
    if not found:
        raise ValidationError(
            _("“%(value)s” is not an answer to “%(question)s”.")
            % {"value": value, "question": target["text_sv"]}
        )
    return found


def new_key() -> str:
    return str(uuid.uuid4())
