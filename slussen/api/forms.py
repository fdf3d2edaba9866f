from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Scope


class DateInput(forms.DateInput):
    input_type = "date"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. “Reporting to the unit's dashboard”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=Scope.choices,
        initial=Scope.READ,
        help_text=_("Read is enough to fetch data. Write also lets the key comment on cases."),
    )
    expires = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for a key that is valid until you revoke it."),
    )

    def clean_expires(self):
        day = self.cleaned_data["expires"]
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        # Valid through the whole of the chosen day.
        return timezone.make_aware(datetime.combine(day, time.max))
