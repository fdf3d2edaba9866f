"""The person picker: one form field and one widget for naming a person for a role.

``PersonField(picker="case.handler", organisation=org)`` accepts what the widget sends — the
person's e-mail address, "Name <address>" as the suggestions fill in, or an id — and refuses
anyone outside ``people.eligible(picker, organisation)`` with a Swedish message. The widget is a
text input: with JavaScript it suggests people as you type (htmx against
``accounts:people_search``, keyboard and screen-reader friendly, ``static/js/people.js``);
without, one types the e-mail address and the server resolves it.

When the organisation is another field of the same form (reassigning a case to another
organisation and a handler there), pass ``organisation_field="organisation"``: the suggestions
follow that field as it changes, and the form checks the person in ``clean()`` with
``check_person(form, name, organisation)``.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIteratorValue
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from slussen.core.forms import OneQueryChoiceIterator
from slussen.core.reference import reference

from . import people
from .forms import PERSON_TEXT
from .models import User

ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>\s*$")


def label(user) -> str:
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


class PersonWidget(forms.TextInput):
    template_name = "accounts/widgets/person.html"

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "spellcheck": "false", "maxlength": str(PERSON_TEXT)}
        super().__init__({**base, **(attrs or {})})
        self.picker = None
        self.organisation = None
        self.organisation_field = None

    def format_value(self, value):
        if isinstance(value, User):
            return label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            user = User.objects.filter(pk=int(value)).first()
            return label(user) if user else ""
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = {"picker": self.picker}
        if self.organisation is not None:
            query["organisation"] = getattr(self.organisation, "pk", self.organisation)
        context["widget"].update(
            {
                "search_url": f"{reverse('accounts:people_search')}?{urlencode(query)}",
                "organisation_field": self.organisation_field,
            }
        )
        return context


class PersonField(forms.Field):
    widget = PersonWidget
    default_error_messages = {
        "unknown": _("No one with the e-mail address %(value)s has an account in Slussen."),
        "invalid": _("Choose a person from the suggestions or type their e-mail address."),
    }

    def __init__(self, *, picker, organisation=None, organisation_field=None, **kwargs):
        people.picker(picker)  # a code that is not in the table fails at import
        kwargs.setdefault(
            "help_text", _("Type the beginning of a name or an e-mail address and choose.")
        )
        super().__init__(**kwargs)
        self.picker = picker
        self.organisation_field = organisation_field
        self.organisation = organisation

    @property
    def organisation(self):
        return self._organisation

    @organisation.setter
    def organisation(self, organisation):
        self._organisation = organisation
        self.widget.picker = self.picker
        self.widget.organisation = organisation
        self.widget.organisation_field = self.organisation_field

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.organisation = self._organisation
        return result

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if isinstance(value, User):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        if text.isdigit():
            user = User.objects.filter(pk=int(text), is_active=True).first()
            if user is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return user
        found = ADDRESS.search(text)
        address = (found.group(1) if found else text).lower()
        if "@" not in address or len(address) > 320:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        user = User.objects.filter(email__iexact=address, is_active=True).first()
        if user is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": address}
            )
        return user

    def validate(self, value):
        super().validate(value)
        if value is not None and self.organisation_field is None:
            people.check(value, self.picker, self._organisation)

    def has_changed(self, initial, data):
        initial_pk = getattr(initial, "pk", initial)
        try:
            data_pk = getattr(self.to_python(data), "pk", None)
        except ValidationError:
            return True
        return str(initial_pk or "") != str(data_pk or "")


def check_person(form, name, organisation) -> None:
    """In ``form.clean()``: check the person of field ``name`` against ``organisation`` (chosen
    in the same form) and attach the refusal to the field."""
    person = form.cleaned_data.get(name)
    if person is None:
        return
    try:
        people.check(person, form.fields[name].picker, organisation)
    except ValidationError as error:
        form.add_error(name, error)


class PeopleField(forms.ModelMultipleChoiceField):
    """Several people for a role held by a small group (the fund's pre-screeners, its experts):
    checkboxes over the role's holders, never anyone else."""

    widget = forms.CheckboxSelectMultiple
    iterator = OneQueryChoiceIterator

    def __init__(self, *, picker, organisation=None, **kwargs):
        super().__init__(queryset=people.eligible(picker, organisation), **kwargs)
        self.picker = picker


class _TreeChoiceIterator(OneQueryChoiceIterator):
    """The organisations in the order of the tree (each under the one it is part of), units of
    care indented by level and named with their type: "Södersjukhuset", then its clinics, then
    each clinic's wards."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._tree()

    def _tree(self) -> list:
        query = self.queryset.query
        if query.is_empty():
            return []
        # The same organisations in the same tree on every page that lists them: read and
        # ordered once per process (core.reference), in the language of the page.
        key = ("organisation-tree", str(query), self.field.to_field_name, get_language())
        return reference(key, self._ordered)

    def _ordered(self) -> list:
        orgs = list(self.queryset.all())
        by_id = {o.pk: o for o in orgs}

        def key(org):
            return [by_id[i].name.casefold() if i in by_id else "" for i in org.ancestor_ids()]

        top = min((o.depth for o in orgs), default=0)
        # Units of care are indented under their organisation; the others keep their name.
        return [
            self.choice(org, org.depth - top if org.unit_type else 0)
            for org in sorted(orgs, key=key)
        ]

    def choice(self, obj, level=0):
        value = ModelChoiceIteratorValue(self.field.prepare_value(obj), obj)
        return (value, organisation_label(obj, level))


def organisation_label(org, level=0) -> str:
    text = org.name
    if org.unit_type:
        text = f"{text} ({org.get_unit_type_display().lower()})"
    return "\u00a0\u00a0\u00a0" * level + text


class OrganisationField(forms.ModelChoiceField):
    """Choose an organisation or a unit inside it (clinic, ward, care centre) from the tree."""

    iterator = _TreeChoiceIterator
