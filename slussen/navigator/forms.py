from django import forms
from django.utils.translation import gettext_lazy as _

from slussen.core.forms import SHORT_TEXT, text_limits

from .models import Actor, InnovationType, Need, Phase

RESERVED_SLUGS = {"new", "guide"}


def _all(choices, label):
    return [("", label), *choices]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=SHORT_TEXT, required=False)
    need = forms.ChoiceField(
        label=_("Help with"), required=False, choices=_all(Need.choices, _("Anything"))
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=_all(Phase.choices, _("All phases"))
    )
    type = forms.ChoiceField(
        label=_("Type of innovation"),
        required=False,
        choices=_all(InnovationType.choices, _("All types")),
    )
    kind = forms.ChoiceField(
        label=_("Kind of actor"), required=False, choices=_all(Actor.Kind.choices, _("All"))
    )


class GuideForm(forms.Form):
    type = forms.ChoiceField(
        label=_("What kind of innovation is it?"),
        choices=InnovationType.choices,
        widget=forms.RadioSelect,
    )
    phase = forms.ChoiceField(
        label=_("How far have you come?"), choices=Phase.choices, widget=forms.RadioSelect
    )
    need = forms.ChoiceField(
        label=_("What do you need help with?"), choices=Need.choices, widget=forms.RadioSelect
    )


class ActorForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    needs = forms.MultipleChoiceField(
        label=_("Helps with"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    phases = forms.MultipleChoiceField(
        label=_("In the phases"),
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every phase."),
    )
    types = forms.MultipleChoiceField(
        label=_("For innovation types"),
        choices=InnovationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every type."),
    )

    class Meta:
        formfield_callback = text_limits()
        model = Actor
        fields = [
            "name",
            "short_name",
            "slug",
            "kind",
            "summary_sv",
            "summary_en",
            "website",
            "email",
            "phone",
            "organisation",
        ]
        widgets = {
            "summary_sv": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"slug": _("Lower-case letters, digits and hyphens, used in the address.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field, facet in (("needs", "need"), ("phases", "phase"), ("types", "type")):
                self.initial[field] = self.instance.codes(facet)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is taken by a page; choose another."))
        return slug
