from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Scope, max_days


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_days = max_days(user)
        if self.max_days is not None:
            latest = timezone.localdate() + timedelta(days=self.max_days)
            self.latest = latest
            field = self.fields["expires"]
            field.widget.attrs["max"] = latest.isoformat()
            field.help_text = ngettext(
                "Your role needs a second factor, so the key expires after at most %(days)s day "
                "(%(day)s if you leave this empty).",
                "Your role needs a second factor, so the key expires after at most %(days)s "
                "days (%(day)s if you leave this empty).",
                self.max_days,
            ) % {"days": self.max_days, "day": date_format(latest, "Y-m-d")}

    def clean_expires(self):
        day = self.cleaned_data["expires"]
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        if self.max_days is not None and day > self.latest:
            raise forms.ValidationError(
                ngettext(
                    "Choose a day at most %(days)s day from today: your role needs a second "
                    "factor.",
                    "Choose a day at most %(days)s days from today: your role needs a second "
                    "factor.",
                    self.max_days,
                )
                % {"days": self.max_days}
            )
        # Valid through the whole of the chosen day.
        return timezone.make_aware(datetime.combine(day, time.max))
