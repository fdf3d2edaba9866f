"""A label says "(optional)" exactly when the server lets the field be empty: every form of the
project is filled in many ways, each optional field left empty, and the form must not refuse
the empty field – unless the label says when it is required (``core.forms.required_when``)."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

import slussen
from slussen.accounts.fields import PersonField
from slussen.cases.forms import CaseForm
from slussen.cases.models import Secrecy
from slussen.process.tests.conftest import start_service_case

SAMPLE_DATE = datetime.date(2026, 3, 2)


def project_forms():
    for info in pkgutil.walk_packages(slussen.__path__, "slussen."):
        if ".tests" in info.name or ".migrations" in info.name or "testing" in info.name:
            continue
        if info.name.rsplit(".", 1)[-1] not in {"forms", "views", "people_views", "twofactor"}:
            continue
        importlib.import_module(info.name)
    found, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("slussen.") and ".tests" not in sub.__module__:
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def arguments(cls, world, innovation):
    """Keyword arguments a form asks for, from the test world, or None when it needs more."""
    known = {
        "user": world.admin, "innovation": innovation, "organisation": world.sos,
        "organisations": None, "texts": {}, "criteria": [], "steps": [], "years": [2026],
        "leavers": [], "items": [], "answers": {}, "questions": [], "known_company": False,
        "submitting": True,
    }  # fmt: skip
    kwargs = {}
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if param.kind is not param.KEYWORD_ONLY and name not in known:
            continue
        if name in known:
            kwargs[name] = known[name]
        elif param.default is param.empty:
            return None
    model = getattr(getattr(cls, "_meta", None), "model", None)
    if model is type(innovation):
        kwargs["instance"] = innovation
    return kwargs


def value_for(field, choice=None):
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, PersonField):
        return ""
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        values = [str(v) for v, _l in field.choices if str(v)]
        return values[:1]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        values = [str(v) for v, _l in field.choices if str(v)]
        return choice if choice is not None else (values[0] if values else "")
    if isinstance(field, forms.DateTimeField):
        return "2026-03-02 10:00"
    if isinstance(field, forms.DateField):
        return SAMPLE_DATE.isoformat()
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        low = field.min_value if field.min_value is not None else 1
        return str(max(low, 1) if field.max_value is None or field.max_value >= 1 else low)
    if isinstance(field, forms.EmailField):
        return "someone@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org/"
    if isinstance(field, forms.CharField):
        return "Ett svar" + "x" * max(0, (field.min_length or 0) - 7)
    return ""


def variants(form):
    """Every field filled; then each choice of each choice field, and each box unticked."""
    base = {}
    for name, field in form.fields.items():
        value = value_for(field)
        if value is not None:
            base[form.add_prefix(name)] = value
    yield base
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            yield {k: v for k, v in base.items() if k != key}
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            for value, _label in list(field.choices)[:12]:
                if str(value):
                    yield {**base, key: str(value)}


@pytest.mark.django_db
def test_no_field_labelled_optional_is_refused_when_empty(world):
    checked, refused = [], []
    innovation = start_service_case(world)
    for cls in project_forms():
        kwargs = arguments(cls, world, innovation)
        if kwargs is None:
            continue
        try:
            blank = cls(**kwargs)
            all_data = list(variants(blank))
        except Exception:  # noqa: BLE001 – a form that needs an object the world lacks
            continue
        checked.append(cls.__name__)
        for name, field in blank.fields.items():
            if field.required or getattr(field, "required_when", "") or field.disabled:
                continue
            if isinstance(field, forms.BooleanField | forms.FileField):
                continue
            key = blank.add_prefix(name)
            for data in all_data:
                data = {k: v for k, v in data.items() if k != key}
                form = cls(data=data, **kwargs)
                if name in form.errors:
                    refused.append(f"{cls.__module__}.{cls.__name__}.{name}: {form.errors[name]}")
                    break
    assert len(checked) >= 30, checked
    assert refused == [], "\n".join(refused)


def test_a_conditionally_required_field_says_when(world):
    form = CaseForm(data={"kind": "idea", "title": "T", "description": "D",
                          "organisation": world.sos.pk, "secrecy": Secrecy.SECRET})  # fmt: skip
    assert "secrecy_reference" in form.errors
    html = Template('{% include "partials/field.html" with field=form.secrecy_reference %}')
    with translation.override("sv"):
        label = html.render(Context({"form": form}))
    assert "(krävs om du väljer sekretess)" in label and "frivilligt" not in label


def test_the_error_summary_does_not_glue_a_colon_to_a_sentence_s_full_stop():
    class Consent(forms.Form):
        consent = forms.BooleanField(label="I have read how personal data is handled (above).")

    form = Consent(data={})
    with translation.override("en"):
        html = Template('{% include "partials/form_errors.html" %}').render(Context({"form": form}))
    assert "(above): This field is required." in html and ".:" not in html
