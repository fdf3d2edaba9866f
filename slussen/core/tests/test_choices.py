"""``get_FOO_display()`` reads the label of the one value from a table made once per field
(``core.choices``), and says what Django's says: every choice of every field of every model of
Slussen, in both languages, and a value outside the choices as it is."""

from functools import partialmethod

from django.apps import apps
from django.db.models import Field, Model
from django.test.utils import isolate_apps
from django.utils import translation

from slussen.cases.models import Case
from slussen.core import choices
from slussen.fund.models import Application


def _choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("slussen."):
            continue
        for field in model._meta.fields:
            if field.choices is not None and isinstance(
                vars(model).get(f"get_{field.name}_display"), partialmethod
            ):
                yield model, field


def test_every_label_is_djangos():
    fields = list(_choice_fields())
    assert (Application, Application._meta.get_field("kind")) in fields and len(fields) > 30
    compared = 0
    for language in ("sv", "en"):
        with translation.override(language):
            for model, field in fields:
                values = [value for value, _label in field.flatchoices]
                for value in [*values, "not-a-choice", None, ""]:
                    obj = model()
                    setattr(obj, field.attname, value)
                    shown = getattr(obj, f"get_{field.name}_display")()
                    assert shown == Model._get_FIELD_display(obj, field), (model, field, value)
                    assert type(shown) is type(Model._get_FIELD_display(obj, field))
                    compared += 1
    assert compared > 200


def test_a_models_own_display_is_left_as_it_is():
    assert vars(Case)["get_kind_display"].__qualname__ == "Case.get_kind_display"


def test_a_list_of_fifty_rows_reads_no_table_of_labels(monkeypatch):
    read = []
    real = Field.flatchoices

    def counted(field):
        read.append(field)
        return real.fget(field)

    monkeypatch.setattr(Field, "flatchoices", property(counted))
    rows = [Application(kind=kind) for kind in ["new", "continuation", "implementation"] * 17]
    with translation.override("en"):
        labels = [row.get_kind_display() for row in rows]
    assert labels[:3] == ["New project", "Continuation", "Implementation"]
    assert read == []


@isolate_apps("slussen.core")
def test_install_leaves_callable_choices_to_django():
    from django.db import models

    options = ["a"]

    class Chosen(models.Model):
        pick = models.CharField(max_length=4, choices=lambda: [(c, c.upper()) for c in options])

        class Meta:
            app_label = "core"

        def __str__(self):
            return self.pick

    choices.install([Chosen])
    options.append("b")
    assert Chosen(pick="b").get_pick_display() == "B"  # read anew, as Django reads it
