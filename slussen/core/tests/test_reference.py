"""The organisations and states every register page's filter lists are read once per process
(``core.reference``), and a change made here is listed at once."""

from django.utils import translation

from slussen.cases.forms import RegisterFilterForm
from slussen.core.models import WorkflowState
from slussen.testing.world import org


def _options(form, name):
    return [str(label).strip() for _value, label in form.fields[name].choices]


def test_a_filters_lists_are_read_once_and_a_new_organisation_is_listed_at_once(
    world, django_assert_num_queries
):
    str(RegisterFilterForm())  # read once
    with django_assert_num_queries(0):
        html = str(RegisterFilterForm())
    assert "Södersjukhuset" in html
    org("new", "Nya vårdcentralen Haninge", "unit", world.orgs["region"])
    assert "Nya vårdcentralen Haninge" in _options(RegisterFilterForm(), "organisation")


def test_a_renamed_state_is_listed_with_its_new_name_in_each_language(world):
    with translation.override("sv"):
        before = _options(RegisterFilterForm(), "state")
    with translation.override("en"):
        english = _options(RegisterFilterForm(), "state")
    assert before != english  # each language its own labels, not the first one read
    state = WorkflowState.objects.filter(workflow__code="case", workflow__is_current=True).first()
    state.name_sv = "Inkommen till Slussen"
    state.save()
    with translation.override("sv"):
        assert "Inkommen till Slussen" in _options(RegisterFilterForm(), "state")
