"""What intake knows beyond the case itself: how it came in, how its submitter follows it,
when the first response is due. The case keeps title, description, organisation, submitter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.models import Labelled


class Channel(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    PUBLIC = "public", _("Patient or resident")
    COMPANY = "company", _("Company or external actor")


class SubmitterRole(models.TextChoices):
    PATIENT = "patient", _("Patient")
    RELATIVE = "relative", _("Relative")
    TRAVELLER = "traveller", _("Traveller")
    RESIDENT = "resident", _("Resident")
    OTHER = "other", _("Other")


class Area(Labelled):
    """A topic a member of the public can pick instead of an organisation (“Public transport”)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_sv"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class Submission(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="submission")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # The tracking token is derived from this salt and the secret key; only its hash is
    # looked up, so the database alone gives nobody a tracking link.
    token_salt = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    submitter_role = models.CharField(
        _("the submitter is"), max_length=16, choices=SubmitterRole.choices, blank=True
    )
    for_whom = models.TextField(_("for whom"), blank=True)
    suggestion = models.TextField(_("what could be done"), blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    chosen_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("chosen organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL
    )
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(max_length=8, default="sv")
    privacy_accepted = models.DateTimeField(_("privacy notice read"), null=True, blank=True)
    due = models.DateField(_("first response due"))
    first_response = models.DateTimeField(_("first response"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    shared = models.BooleanField(
        _("colleagues may see it"),
        default=False,
        help_text=_("The submitter's choice: employees see it among colleagues' ideas and needs."),
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["first_response", "due"]),
            # The waiting cases' submissions ordered by due date from the index alone (the start
            # page's overdue cases and company inquiries to route, soonest due first).
            models.Index(
                fields=["case", "first_response", "due", "id"], name="submission_case_due"
            ),
            # The colleagues' ideas: the few shared among a million, without reading them all.
            models.Index(fields=["case"], condition=Q(shared=True), name="submission_shared"),
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return str(self.case)

    @property
    def is_overdue(self):
        return self.first_response is None and self.due < timezone.localdate()


class CoSubmitter(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="co_submitters"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "user"], name="co_submitter_unique")
        ]

    def __str__(self):
        return str(self.user)


class Draft(models.Model):
    """The employee form as last typed, saved while writing and restored on return."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intake_draft"
    )
    data = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user} {self.updated:%Y-%m-%d %H:%M}"


def draft_file_path(instance, filename):
    return f"drafts/{instance.draft.user_id}/{filename}"


class DraftFile(models.Model):
    """A file chosen in the employee form, kept until the form is sent (or discarded)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=draft_file_path, max_length=255)
    filename = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return self.filename


class CaseLink(models.Model):
    class Kind(models.TextChoices):
        RELATED = "related", _("Related")
        DUPLICATE = "duplicate", _("Duplicate")
        MERGED = "merged", _("Merged into")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "other"], name="case_link_unique")]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.other_id}"


class PendingInquiry(models.Model):
    """A company's inquiry sent without log-in, kept as typed until the owner of its e-mail
    address confirms the link sent there. Nothing else exists yet: no case, no account, no
    organisation; unconfirmed inquiries are removed when they expire."""

    email = models.EmailField(_("e-mail"))
    data = models.JSONField(default=dict)  # the form as typed
    language = models.CharField(max_length=8, default="sv")
    nonce_hash = models.CharField(max_length=64, editable=False)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("unconfirmed inquiry")
        verbose_name_plural = _("unconfirmed inquiries")

    def __str__(self):
        return f"{self.email} {self.created:%Y-%m-%d %H:%M}"


class Supporter(models.Model):
    """A person who shares a case's need ("this is my need too") and follows it: a colleague
    with an account, or a member of the public known only by a confirmed e-mail address, who
    follows it through a tracking link of her own. Nothing of the case's submitter is shown to
    a supporter, and a patient supporter's address is shown to nobody but the handler."""

    class Via(models.TextChoices):
        SUGGESTION = "suggestion", _("From a suggestion while writing")
        CASE = "case", _("From the case")
        MERGE = "merge", _("Came with a merged duplicate")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supports",
    )
    email = models.EmailField(_("e-mail"), blank=True)  # a public supporter's, lower case
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    via = models.CharField(_("how it came"), max_length=16, choices=Via.choices)
    merged_from = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="sv")
    # As for a submission: only the hash of the tracking token is looked up.
    token_salt = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(user__isnull=False),
                name="supporter_user_unique",
            ),
            models.UniqueConstraint(
                fields=["case", "email"],
                condition=models.Q(user__isnull=True),
                name="supporter_email_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="supporter_is_someone",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.user_id or self.email}"

    @property
    def address(self):
        return self.user.email if self.user_id else self.email


class Fingerprint(models.Model):
    """One sender's text, normalised (``services.fingerprint``): the same text sent again by the
    same sender within ``INTAKE_DUPLICATE_HOURS`` is the submission already registered, not a
    new case. The unique key makes a double click or a second tab wait for the first and then
    find it."""

    key = models.CharField(max_length=64, unique=True)
    submission = models.ForeignKey(
        Submission, null=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField()

    def __str__(self):
        return self.key
