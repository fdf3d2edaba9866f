"""The form renderer: Django's, except that a ``<select>`` and an ``<input>`` are written in
Python; and model choice fields that read their options in one query.

Django's select template includes one template per option; with the lists a region has (200
handlers, 40 organisations) that alone cost a work-queue page 50 ms. An input's template
includes two more (its type's, ``input.html``, ``attrs.html``): some 0.2 ms a field, a fifth of
a register search's page. The markup is the same as Django's templates produce
(``core/tests/test_form_renderer.py`` compares them).
"""

from django import forms
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
# Django's templates of an ``<input>``: each is ``input.html`` alone, included.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "text", "email", "number", "search", "url", "tel", "password", "date", "time",
        "datetime", "color", "hidden", "checkbox", "file",
    )
)  # fmt: skip

# What one free-text field takes, unless the field says otherwise (max_length=…): kept on the
# server (the form answers 400 with the text kept) and counted in the form by
# static/js/slussen.js. core/tests/test_text_limits.py fails on a form field without one.
LONG_TEXT = 5000  # a description, a comment, a motivation
SHORT_TEXT = 200  # one line: a search, a name, a code


def list_filters(form, search="q", *, find=None):
    """The filters of a list's form (its ``GET``), the empty ones left out; ``None`` when its
    search words are invalid (10 000 characters pasted or sent in an address): the list then
    shows nothing and the form its error beside what was typed, never the whole list as if the
    search had matched, nor its export. Another invalid filter (a need's code of an old link)
    is left out, the valid ones kept, the error shown. Every list with a search reads it here:
    a search is never cut short without a word (``SHORT_TEXT``, the field's ``max_length``).

    ``find``: the list itself, as a function of these filters (the person's scope inside it):
    an empty list's "Did you mean …?" (``{% empty_list %}``) is offered only when the words it
    proposes find something in that list, with the same filters (``form.finds``). Without it
    no other words are proposed."""
    if not form.is_bound:  # the list as it opens, unfiltered
        filters = {}
    elif not form.is_valid() and search in form.errors:
        return None
    else:
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    if find is not None:
        form.finds = lambda words: find(**{**filters, search: words})
    return filters


def _is_radio(widget):
    kind = widget if isinstance(widget, type) else type(widget)
    return issubclass(kind, forms.RadioSelect)


def text_limits(**per_field):
    """A ModelForm's ``Meta.formfield_callback``: the model's TextFields become form fields
    of at most LONG_TEXT characters, or ``per_field[name]``; a required choice shown as radio
    buttons offers only its choices (no button named '---------')."""

    def formfield(model_field, **kwargs):
        if isinstance(model_field, models.TextField) and not model_field.max_length:
            kwargs.setdefault("max_length", per_field.get(model_field.name, LONG_TEXT))
        field = model_field.formfield(**kwargs)
        widget = kwargs.get("widget")
        if model_field.choices and not model_field.blank and widget and _is_radio(widget):
            field.choices = [(value, label) for value, label in field.choices if value != ""]
        return field

    return formfield


def _attrs(attrs):
    """As ``django/forms/widgets/attrs.html``: ``False`` drops, ``True`` is a bare name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_input(widget):
    """As ``django/forms/widgets/input.html``."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return mark_safe(
        f'<input type="{conditional_escape(widget["type"])}"'
        f' name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def render_select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return render_select(context["widget"])
        if template_name in INPUTS:
            return render_input(context["widget"])
        return super().render(template_name, context, request)


class OneQueryChoiceIterator(ModelChoiceIterator):
    """Django reads the options through ``QuerySet.iterator()``, which on PostgreSQL opens a
    server-side cursor (four round trips) for what is a short list: read them in one query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = OneQueryChoiceIterator


def offer(field, objects) -> None:
    """The options of a model choice ``field`` from ``objects`` already read (a list that
    several fields of a page share), not a query of its own each time it renders. What is
    chosen is still looked up in the field's queryset: ``objects`` is that queryset, read."""
    iterator = field.iterator(field)
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = [*empty, *(iterator.choice(obj) for obj in objects)]


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = OneQueryChoiceIterator


def required_when(form, condition, *names):
    """Fields the form's ``clean()`` asks for only in some cases: their labels say when
    ("required if you choose secrecy") instead of "(optional)". ``partials/field.html`` reads
    ``field.required_when``; core/tests/test_required_labels.py fails on an optional-labelled
    field that the server refuses to leave empty."""
    for name in names:
        if name in form.fields:
            form.fields[name].required_when = condition
