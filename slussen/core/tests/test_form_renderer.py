"""The fast <select> gives exactly the markup of Django's own templates."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

from slussen.core.forms import FormRenderer

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
