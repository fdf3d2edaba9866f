from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from slussen.core.forms import LONG_TEXT, ModelMultipleChoiceField, required_when, text_limits

from . import selectors
from .models import Response, SurveyRound
from .report import NARRATIVE
from .rubric import DIMENSIONS, DIRECTION_HELP, LEVELS, Direction, overall_needs_reason


class LevelSelect(forms.RadioSelect):
    """Radio buttons whose field label (and error summary link) points at the first button."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class RoundForm(forms.ModelForm):
    class Meta:
        model = SurveyRound
        fields = ["year", "due"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"due": pgettext_lazy("survey round", "Due date")}
        help_texts = {
            "year": _("The year the organisations report on."),
            "due": _("Reminders go out a week before and weekly after it until the answer is in."),
        }

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Choose a year that has begun."))
        if SurveyRound.objects.filter(year=year).exists():
            raise forms.ValidationError(_("There is already a survey round for this year."))
        return year


class ResponseForm(forms.ModelForm):
    """Both parts of the survey. A draft may be incomplete; ``submitting`` asks for it all."""

    class Meta:
        formfield_callback = text_limits()
        model = Response
        fields = [
            *Direction.values,
            *(d.field for d in DIMENSIONS),
            "overall",
            "overall_reason",
            "comment",
        ]
        widgets = {
            **{code: forms.Textarea(attrs={"rows": 6}) for code in Direction.values},
            "overall_reason": forms.Textarea(attrs={"rows": 2}),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        required_when(self, _("required to submit"), "overall", "comment")
        for code in Direction.values:
            self.fields[code].help_text = DIRECTION_HELP[code]
        for d in DIMENSIONS:
            self.fields[d.field] = forms.TypedChoiceField(
                label=d.label,
                coerce=int,
                empty_value=None,
                required=False,
                widget=LevelSelect,
                choices=[
                    (level, f"{level} – {LEVELS[level][0]}: {text}")
                    for level, text in enumerate(d.levels, start=1)
                ],
            )
        overall = self.fields["overall"]
        overall.localize = True
        overall.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 4})
        overall.widget.is_localized = True
        overall.help_text = _(
            "Your overall assessment from 1.0 to 5.0, one decimal (e.g. 3.2). The rubric's rule: "
            "the mean of the six dimensions' levels. More than half a level from it needs a reason."
        )
        self.fields["overall_reason"].help_text = _(
            "Only if the overall level is more than half a level from the mean of the six "
            "dimensions: why. The report shows it beside the score."
        )
        self.fields["comment"].help_text = _(
            "What explains the level, and what has changed since last year?"
        )
        chosen = list(self.instance.examples.values_list("direction", "case_id"))
        keep = {case_id for _d, case_id in chosen}
        cases = selectors.candidate_cases(user, self.instance.organisation, keep)
        self.example_fields = []
        for code in Direction.values:
            name = f"examples_{code}"
            self.fields[name] = ModelMultipleChoiceField(
                label=_("Cases in Slussen that show this work"),
                queryset=cases,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[case_id for d, case_id in chosen if d == code],
            )
            self.fields[name].label_from_instance = lambda c: f"{c.registry_number} {c.title}"
            self.example_fields.append(name)

    def direction_rows(self):
        return [(self[code], self[f"examples_{code}"]) for code in Direction.values]

    def dimension_fields(self):
        return [self[d.field] for d in DIMENSIONS]

    def clean(self):
        data = super().clean()
        if self.submitting:
            for d in DIMENSIONS:
                if data.get(d.field) is None and d.field not in self.errors:
                    self.add_error(d.field, _("Choose a level to submit."))
            if data.get("overall") is None and "overall" not in self.errors:
                self.add_error("overall", _("Give the overall maturity to submit."))
            if not (data.get("comment") or "").strip():
                self.add_error("comment", _("Comment on the maturity to submit."))
            derived = overall_needs_reason(
                data.get("overall"), [data.get(d.field) for d in DIMENSIONS]
            )
            if derived is not None and not (data.get("overall_reason") or "").strip():
                self.add_error(
                    "overall_reason",
                    _(
                        "The six dimensions give %(derived)s; an overall level of %(overall)s is "
                        "more than half a level from it. Say why, or change the overall level."
                    )
                    % {
                        "derived": number_format(derived, 1),
                        "overall": number_format(data["overall"], 1),
                    },
                )
            if not any((data.get(code) or "").strip() for code in Direction.values):
                self.add_error(
                    Direction.INTEGRATED.value,
                    _("Describe the year's work in at least one direction to submit."),
                )
        return data

    def answers(self):
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("examples_")}

    def examples(self):
        return {code: list(self.cleaned_data[f"examples_{code}"]) for code in Direction.values}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the head of innovation)"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectionForm(ReopenForm):
    """Reopening an answer of a published year: only as a recorded correction."""

    correction = forms.BooleanField(
        label=_("This is a correction of the published report"),
        help_text=_(
            "The published edition stays as it is; publish a new edition with a note on what "
            "changed once the answer is in again."
        ),
    )


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed since the previous edition"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a new edition; shown in the report and beside the edition."),
    )


class ReportTextsForm(forms.Form):
    def __init__(self, *args, texts, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in NARRATIVE.items():
            self.fields[key] = forms.CharField(
                label=label,
                max_length=LONG_TEXT,
                required=False,
                initial=texts.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
