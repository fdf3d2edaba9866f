from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityReportForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("If you give it, you get a receipt and we can answer you."),
    )
    page = forms.CharField(
        label=_("Page address"),
        max_length=500,
        help_text=_("The web address (URL) or the name of the page where the problem is."),
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=5000,
        help_text=_(
            "What did you try to do, and what happened? Tell us which aids you use, "
            "such as a screen reader or magnification, if you like."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
