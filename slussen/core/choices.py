"""``get_FOO_display()`` of Slussen's models, the label of the one value read from a table made
once per field, not Django's table of every label built and hashed anew on every call (a list
of fifty rows built it fifty times per column: some twenty microseconds a row).

``install(models)`` (``CoreConfig.ready``) replaces only what Django itself put there for a
field with fixed choices; a model's own ``get_FOO_display`` and a field whose choices are a
callable (read anew on every call) are left as they are. The label is translated on every
call, in the language of the moment, and a value not among the choices is given back as it is,
exactly as Django's ``_get_FIELD_display`` does.
"""

from functools import partialmethod

from django.db.models import Model
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _display(self, field, labels):
    value = getattr(self, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def install(models):
    for model in models:
        for name, attribute in list(vars(model).items()):
            if not (
                isinstance(attribute, partialmethod)
                and attribute.func is Model._get_FIELD_display
                and name.startswith("get_")
            ):
                continue
            field = attribute.keywords["field"]
            if isinstance(field.choices, CallableChoiceIterator):
                continue
            labels = dict(make_hashable(field.flatchoices))
            setattr(model, name, partialmethod(_display, field=field, labels=labels))
