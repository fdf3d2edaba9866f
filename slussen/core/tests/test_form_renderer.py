"""The fast <select> and <input> give exactly the markup of Django's own templates."""

import datetime
import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from slussen.core.forms import INPUTS, FormRenderer

CHOICES = [("", "Alla"), ("a", "Åsa & <Bo>"), ("b", 'Citat "här"'), (3, "Tre")]
GROUPED = [("Sjukhus", [("ks", "Karolinska"), ("ds", "Danderyd")]), ("x", "Övrigt")]


class Sample(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(
        choices=GROUPED, widget=forms.Select(attrs={"disabled": True, "data-x": "<y>"})
    )
    yes_no = forms.NullBooleanField()


def tags(html):
    return re.sub(r">\s+<", "><", html)


def test_select_markup_is_the_same_as_djangos():
    data = {"single": "a", "required": "3", "many": ["a", "b"], "grouped": "ds", "yes_no": "true"}
    for bound in (Sample(), Sample(data)):
        bound.is_valid()
        for name in bound.fields:
            field = bound[name]
            field.form.renderer = FormRenderer()
            ours = str(field)
            field.form.renderer = DjangoTemplates()
            theirs = str(field)
            assert tags(ours) == tags(theirs), name
            assert "<select" in ours


class Inputs(forms.Form):
    text = forms.CharField(max_length=200, required=False, help_text="Hjälp")
    quoted = forms.CharField(
        widget=forms.TextInput(
            attrs={"placeholder": 'Sök "sår" & <trycksår>', "autofocus": True, "hidden": False}
        )
    )
    safe = forms.CharField(widget=forms.TextInput(attrs={"data-x": mark_safe("<b>")}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(min_value=0, max_value=10**9, required=False)
    decimal = forms.DecimalField(required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    moment = forms.DateTimeField(required=False)
    at = forms.TimeField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False)
    upload = forms.FileField(widget=forms.FileInput, required=False)
    replace = forms.FileField(required=False)  # Django's own template (clearable), compared too
    tel = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}), required=False)


def test_input_markup_is_the_same_as_djangos():
    """Every kind of ``<input>`` the forms use, empty, filled (with characters to escape) and
    with an error: the markup is Django's, byte for byte."""
    data = {
        "text": '<script>"x" & y</script>', "quoted": "sår", "safe": "ok", "email": "a@b",
        "number": "12", "decimal": "1,5", "search": "trycksår", "url": "javascript:x",
        "password": "hemligt", "day": "2026-12-07", "moment": "2026-12-07 10:00", "at": "10:00",
        "hidden": "<h>", "agree": "on", "tel": "070",
    }  # fmt: skip
    initial = {"day": datetime.date(2026, 1, 2), "number": 0, "text": mark_safe("<i>x</i>")}
    seen = set()
    for bound in (Inputs(), Inputs(initial=initial), Inputs(data)):
        bound.is_valid()
        for name in bound.fields:
            field = bound[name]
            seen.add(field.field.widget.template_name)
            field.form.renderer = FormRenderer()
            ours = str(field)
            field.form.renderer = DjangoTemplates()
            theirs = str(field)
            assert ours == theirs, name
            assert "<input" in ours
    assert seen - {"django/forms/widgets/clearable_file_input.html"} <= INPUTS


def test_model_choices_are_read_in_one_query(world, django_assert_num_queries):
    """The options, and the choice made, are Django's; the options come in one plain query
    (Django's ``iterator()`` opens a server-side cursor on PostgreSQL for every list)."""
    from slussen.accounts.models import Organisation
    from slussen.core.forms import ModelChoiceField, ModelMultipleChoiceField

    class Choose(forms.Form):
        one = ModelChoiceField(queryset=Organisation.objects.order_by("name"))
        many = ModelMultipleChoiceField(queryset=Organisation.objects.order_by("name"))

    names = list(Organisation.objects.order_by("name").values_list("name", flat=True))
    form = Choose({"one": world.sos.pk, "many": [world.sos.pk]})
    assert form.is_valid() and form.cleaned_data["one"] == world.sos
    for name in ("one", "many"):
        with django_assert_num_queries(1) as queries:
            html = str(form[name])
        assert "DECLARE" not in queries.captured_queries[0]["sql"]
        assert re.findall(r"<option[^>]*>([^<]*)</option>", html)[-len(names) :] == names
        assert f'value="{world.sos.pk}" selected' in html
