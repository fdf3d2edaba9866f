import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from slussen.accounts.fields import PersonField, check_person
from slussen.accounts.models import Organisation
from slussen.accounts.people import eligible
from slussen.accounts.roles import CASE_HANDLING_ROLES
from slussen.cases.models import Kind
from slussen.core.forms import SHORT_TEXT, ModelChoiceField, offer
from slussen.core.models import WorkflowState

from .models import Area, CaseLink, SubmitterRole
from .selectors import ALL_STATES

TITLE_MAX = 200
TEXT_MAX = 5000


def internal_orgs():
    return Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)


def text(label, *, required=True, rows=5, max_length=TEXT_MAX, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class HoneypotMixin(forms.Form):
    """A field people never see; software that fills in every field fills in this one too."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Leave this field empty."))
        return ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class IdeaForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Is it an idea or a need?"),
        choices=[
            (Kind.IDEA, _("An idea – I know what could be done")),
            (Kind.NEED, _("A need – I see a problem that needs a solution")),
        ],
    )
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX, help_text=_("One sentence that says what it is.")
    )
    problem = text(_("What is the problem?"), help_text=_("Describe what happens today."))
    for_whom = text(_("For whom?"), rows=3, help_text=_("Patients, staff, relatives …"))
    suggestion = text(_("What could be done?"), required=False)
    organisation = ModelChoiceField(
        label=_("Your organisation"),
        queryset=internal_orgs(),
        help_text=_("Your idea goes to this organisation's innovation unit."),
    )
    unit = forms.CharField(label=_("Your unit"), max_length=200, required=False)
    co_submitters = forms.CharField(
        label=_("Co-submitters"),
        required=False,
        max_length=1000,
        help_text=_("E-mail addresses of colleagues who worked on it, separated by commas."),
    )
    shared = forms.BooleanField(
        label=_("Colleagues may see it and support it"),
        required=False,
        help_text=_(
            "Employees of the region then find it among colleagues' ideas and needs, with your "
            "name, and can say it matters to their unit too."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, Office and OpenDocument files, plain text. At most 20 MB each."),
    )

    DRAFT_FIELDS = (
        "kind",
        "title",
        "problem",
        "for_whom",
        "suggestion",
        "organisation",
        "unit",
        "co_submitters",
    )

    def clean_co_submitters(self):
        typed = re.split(r"[,;\s]+", self.cleaned_data["co_submitters"])
        addresses = [a.strip().lower() for a in typed if a.strip()]
        # Colleagues only: an external actor's address is "no colleague", whatever is typed.
        people = list(eligible("intake.co_submitter").filter(email__in=addresses))
        unknown = sorted(set(addresses) - {p.email.lower() for p in people})
        if unknown:
            raise ValidationError(
                _("No colleague with the address %(addresses)s.")
                % {"addresses": ", ".join(unknown)}
            )
        return people


class ProposalForm(HoneypotMixin):
    title = forms.CharField(
        label=_("Your proposal in one sentence"),
        max_length=TITLE_MAX,
        help_text=_("For example: Clearer signs to the X-ray department."),
    )
    description = text(
        _("Describe your proposal"),
        rows=7,
        help_text=_(
            "What happened, what could be better, and how? Do not write about anyone's health."
        ),
    )
    submitter_role = forms.ChoiceField(
        label=_("I am a"), choices=[("", "–")] + list(SubmitterRole.choices), required=False
    )
    organisation = ModelChoiceField(
        label=_("Which hospital or organisation is it about?"),
        queryset=internal_orgs().exclude(innovation_unit=""),
        required=False,
        empty_label=_("I do not know"),
    )
    area = ModelChoiceField(
        label=_("Or: which area is it about?"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("I do not know"),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("If you want a receipt and to be told what happens with your proposal."),
    )
    shared = forms.BooleanField(
        label=_("The region's employees may see the proposal and support it"),
        required=False,
        help_text=_("They see what you wrote, never your name or your e-mail address."),
    )
    privacy = forms.BooleanField(label=_("I have read how my personal data is handled (above)."))

    field_order = [
        "title",
        "description",
        "submitter_role",
        "organisation",
        "area",
        "name",
        "email",
        "shared",
        "privacy",
        "website",
    ]


class CompanyForm(HoneypotMixin):
    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=[
            (Kind.COLLABORATION, _("A collaboration")),
            (Kind.TESTBED_REQUEST, _("A test in one of our test environments")),
            (Kind.PARTNERSHIP, _("A partnership")),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = text(
        _("Describe your proposal"),
        rows=7,
        help_text=_(
            "What you offer or ask for, the benefit for patients or the region, and what you "
            "need from us."
        ),
    )
    company_name = forms.CharField(label=_("Company or organisation"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        validators=[RegexValidator(r"^\d{6}-?\d{4}$", _("Write it as 556677-8899."))],
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "We send a link to this address: your inquiry is registered when you confirm it, "
            "and you get an account to follow it."
        ),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    privacy = forms.BooleanField(label=_("I have read how personal data is handled (above)."))

    COMPANY_FIELDS = ("company_name", "org_number", "contact_name", "email", "phone")

    def __init__(self, *args, known_company=False, **kwargs):
        super().__init__(*args, **kwargs)
        if known_company:  # entered once: a logged-in company's details are already known
            for name in self.COMPANY_FIELDS:
                del self.fields[name]


class ReplyForm(forms.Form):
    body = text(_("Your message"), rows=3)


class QueueFilterForm(forms.Form):
    SORTS = [
        ("-created", _("Newest first")),
        ("created", _("Oldest first")),
        ("due", _("Due first")),
        ("-supporter_count", _("Most supporters first")),
    ]
    q = forms.CharField(label=_("Search"), max_length=SHORT_TEXT, required=False)
    organisation = ModelChoiceField(
        label=_("Organisation"), queryset=internal_orgs(), required=False, empty_label=_("All")
    )
    state = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    age = forms.TypedChoiceField(
        label=_("Older than"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any age")), ("3", _("3 days")), ("7", _("a week")), ("30", _("30 days"))],
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        """``organisations``: ``internal_orgs()`` read already, shared with other lists."""
        super().__init__(*args, **kwargs)
        if organisations is not None:
            offer(self.fields["organisation"], organisations)
        self.fields["kind"].choices = [("", _("All"))] + [
            (k.value, k.label)
            for k in (
                Kind.IDEA,
                Kind.NEED,
                Kind.PROPOSAL,
                Kind.COLLABORATION,
                Kind.TESTBED_REQUEST,
                Kind.PARTNERSHIP,
            )
        ]
        states = WorkflowState.objects.filter(workflow__code="case", workflow__is_current=True)
        self.fields["state"].choices = [
            ("", _("Open (not yet decided)")),
            (ALL_STATES, _("All, also decided")),
        ] + [(s.code, s.label) for s in states]


class BulkAssignForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Move to organisation"),
        queryset=internal_orgs(),
        required=False,
        empty_label=_("Keep the organisation"),
    )
    handler = PersonField(
        label=_("Handler"), picker="case.handler", organisation_field="organisation", required=False
    )
    reason = text(_("Reason (shown on the timeline)"), rows=2, max_length=2000)

    def __init__(self, *args, user, organisations=None, **kwargs):
        """``organisations``: ``internal_orgs()`` read already (the queue's filter offers the
        same list): the options and the advisor's own organisation are taken from it."""
        super().__init__(*args, **kwargs)
        if organisations is not None:
            offer(self.fields["organisation"], organisations)
        if not user.is_region_wide:  # suggest the handlers of the advisor's own organisation
            roles = user.orgs_with_role(*CASE_HANDLING_ROLES)
            own = next((o for o in organisations or () if o.pk in roles), None)
            if own is None:  # not an internal organisation, or the list not given
                own = Organisation.objects.filter(pk__in=roles).first()
            self.fields["handler"].organisation = own

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("handler"):
            raise ValidationError(_("Choose an organisation, a handler or both."))
        if data.get("organisation"):  # else each case's own organisation, checked per case
            check_person(self, "handler", data["organisation"])
        return data


class LinkForm(forms.Form):
    """Shown on the triage page next to the decision form, which also has a reason: ids of its
    own keep the two reasons' labels apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_link_%s", **kwargs)

    other = forms.CharField(
        label=_("Registry number of the other case"),
        max_length=32,
        help_text=_("For example: SLU 2026-00012"),
    )
    # A merge has a form of its own (it closes the duplicate and moves its followers).
    kind = forms.ChoiceField(
        label=_("How are they linked?"),
        choices=[c for c in CaseLink.Kind.choices if c[0] != CaseLink.Kind.MERGED],
    )
    reason = text(_("Reason (shown to both submitters)"), rows=2, required=False, max_length=2000)


NOTE_MAX = 500


class JoinForm(forms.Form):
    """A colleague (or a company) with an account says "this is my need too". Built for who is
    writing (``join_form``): an employee names her unit, a company its contact person or
    department (the company itself is known from its account)."""

    unit = forms.CharField(
        label=_("Your unit"),
        max_length=200,
        required=False,
        help_text=_("The handler sees where the need is shared."),
    )
    note = text(_("A short note to the handler"), required=False, rows=3, max_length=NOTE_MAX)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_external:  # a company has no unit of the region
            self.fields["unit"].label = _("Contact person or department")
            self.fields["unit"].help_text = _(
                "Who at your company the handler may contact about the shared need."
            )


def join_form(user, data=None):
    """The "this is my need too" form for who is writing, wherever it is offered (a suggestion,
    a colleague's shared idea, a published need): an employee's asks for her unit, a company's
    for its contact person or department, and a patient's, relative's or resident's (without an
    account) for no unit at all, only her e-mail address to follow the case by."""
    if not user.is_authenticated:
        return PublicJoinForm(data)
    return JoinForm(data, user=user)


class ShareForm(forms.Form):
    """The submitter changes her mind: whether colleagues see her idea, need or proposal."""

    shared = forms.BooleanField(
        label=_("Colleagues may see it and support it"),
        required=False,
        help_text=_(
            "Employees of the region find it among colleagues' ideas and needs: with your name if "
            "you are an employee, never the name of a patient or resident. A secret case is never "
            "shown."
        ),
    )


class ColleagueCommentForm(forms.Form):
    body = text(
        _("Your comment"),
        rows=3,
        max_length=2000,
        help_text=_("Colleagues and the handler read it, with your name."),
    )


class PublicJoinForm(HoneypotMixin, forms.Form):
    """A member of the public follows an existing case instead of sending a duplicate; her
    address is confirmed by the link sent there."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm; then you follow the case through it."),
    )
    note = text(
        _("Anything you want to add"),
        required=False,
        rows=3,
        max_length=NOTE_MAX,
        help_text=_("Only the handling unit reads it. Do not write about anyone's health."),
    )
    privacy = forms.BooleanField(label=_("I have read how my personal data is handled (above)."))


class MergeForm(forms.Form):
    """Shown on the triage page beside the decision and link forms: ids of its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="id_merge_%s", **kwargs)

    into = forms.CharField(
        label=_("Registry number of the case that survives"),
        max_length=32,
        help_text=_("For example: SLU 2026-00012"),
    )
    message = text(
        _("Message to both submitters, in plain words"),
        rows=3,
        max_length=2000,
        help_text=_("Say that the two are about the same need and are now handled as one."),
    )


class DecisionForm(forms.Form):
    transition = forms.CharField(max_length=SHORT_TEXT, widget=forms.HiddenInput)
    reason = text(
        _("Reason (shown to the submitter)"),
        rows=3,
        max_length=2000,
        help_text=_(
            "Only the submitter reads it. Supporters are told the new status and what the "
            "decision means, in general words."
        ),
    )
