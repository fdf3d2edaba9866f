from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.core.links import reverse
from slussen.core.models import WorkflowState
from slussen.core.search import IndexedQuerySet


class Kind(models.TextChoices):
    IDEA = "idea", _("Idea")
    NEED = "need", _("Need")
    PROPOSAL = "proposal", _("Improvement proposal")
    COLLABORATION = "collaboration", _("Collaboration proposal")
    TESTBED_REQUEST = "testbed_request", _("Testbed request")
    PARTNERSHIP = "partnership", _("Partnership offer")
    FUND_APPLICATION = "fund_application", _("Fund application")
    STRATEGIC_PROPOSAL = "strategic_proposal", _("Strategic project proposal")
    ACCESSIBILITY_REPORT = "accessibility_report", _("Accessibility problem report")
    DOCUMENT = "document", _("Incoming document")


# Kinds whose handling lives in their own app and workflow (the fund's review, the strategic
# decision chain, the testbed owner's answer): not waiting for triage in the register.
HANDLED_ELSEWHERE = (Kind.FUND_APPLICATION, Kind.STRATEGIC_PROPOSAL, Kind.TESTBED_REQUEST)


class Secrecy(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTIAL = "partial", _("Partly secret")
    SECRET = "secret", _("Secret")


class RegistryCounter(models.Model):
    """The last registry number handed out per prefix and year."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="registry_counter_year")
        ]

    def __str__(self):
        return f"{self.prefix} {self.year}: {self.last}"


def _label(choices, value):
    """The label of one value of ``choices`` (the value itself when it is none of them)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Case(models.Model):
    registry_number = models.CharField(_("registry number"), max_length=32, unique=True)
    registry_year = models.PositiveIntegerField(editable=False)
    registry_seq = models.PositiveIntegerField(editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    # The four keys below are each the first column of an index in ``Meta.indexes``: no index
    # of their own (every index of a million cases costs each write and each plan).
    state = models.ForeignKey(
        WorkflowState,
        verbose_name=_("status"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("handling organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
        db_index=False,
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_cases",
        db_index=False,
    )
    submitter_name = models.CharField(_("submitter's name"), max_length=200, blank=True)
    submitter_email = models.EmailField(_("submitter's e-mail"), blank=True)
    secrecy = models.CharField(
        _("secrecy"), max_length=16, choices=Secrecy.choices, default=Secrecy.PUBLIC
    )
    secrecy_reference = models.CharField(
        _("secrecy provision (OSL)"),
        max_length=120,
        blank=True,
        help_text=_("For example: OSL 31 kap. 16 § (business relations)."),
    )
    created = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # An update of the fields its document is made of writes the document again (no signal).
    objects = IndexedQuerySet.as_manager()

    class Meta:
        ordering = ["-registry_year", "-registry_seq"]
        indexes = [
            models.Index(fields=["organisation", "-created"]),
            models.Index(fields=["state", "-created"]),
            # Work queues: the cases of some organisations that wait for a decision.
            models.Index(fields=["state", "organisation"], name="case_state_organisation"),
            models.Index(fields=["state", "handler"], name="case_state_handler"),
            # The API's lists page by id (a cursor), often within a year.
            models.Index(fields=["registry_year", "-id"], name="case_year_id"),
            # An organisation's case ids without reading the cases (an index-only scan): the
            # scope of what a unit sees among the innovation cases, the fund's applications.
            models.Index(fields=["organisation", "id"], name="case_organisation_id"),
            # The cases one handles in the API's order (an advisor's scope read a branch at a
            # time, a page by id).
            models.Index(fields=["handler", "id"], name="case_handler_id"),
            # The cases one handles outside some organisations, from the index alone: what the
            # search lists by id of an advisor's scope (``rules.visible_reach``).
            models.Index(
                fields=["handler", "organisation"], include=["id"], name="case_handler_organisation"
            ),
            # The register's order, alone and per person (the start page's short lists). The
            # register's filters ride along (PostgreSQL): a filtered list is counted, up to the
            # cap, from the index alone, without reading a case for each row it tests.
            models.Index(
                fields=["-registry_year", "-registry_seq"],
                include=["id", "kind", "state", "organisation"],
                name="case_register_order",
            ),
            # A kind in a state (a few thousand of a million): counted from the index alone,
            # with the register's order, and sorted there.
            models.Index(
                fields=["kind", "state", "id"],
                include=["registry_year", "registry_seq", "organisation"],
                name="case_kind_state",
            ),
            models.Index(
                fields=["submitter", "-registry_year", "-registry_seq"], name="case_submitter_order"
            ),
            models.Index(
                fields=["handler", "-registry_year", "-registry_seq"], name="case_handler_order"
            ),
            # A scope read a branch at a time (``core.scoping``): an organisation's cases in the
            # register's order (in the API's, by id: ``case_organisation_id`` above).
            models.Index(
                fields=["organisation", "-registry_year", "-registry_seq"],
                include=["id", "kind", "state"],
                name="case_organisation_order",
            ),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return f"{self.registry_number} {self.title}"

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.pk])

    # Lists show these on every row: the label of the one value, not Django's look-up table of
    # all the labels (translated and hashed anew on every call).
    # (Not ``Kind.values``: it builds the list of every choice, labels and all, on each call.)
    def get_kind_display(self):
        return _label(Kind, self.kind)

    def get_secrecy_display(self):
        return _label(Secrecy, self.secrecy)

    @property
    def is_secret(self):
        return self.secrecy != Secrecy.PUBLIC


class CaseEvent(models.Model):
    """The append-only timeline of a case. A comment is an event with a body."""

    class Type(models.TextChoices):
        OPENED = "opened", _("Registered")
        COMMENT = "comment", _("Comment")
        ATTACHMENT = "attachment", _("Attachment added")
        TRANSITION = "transition", _("Status changed")
        ASSIGNED = "assigned", _("Reassigned")
        EDITED = "edited", _("Details changed")
        PROGRESS = "progress", _("Progress")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=16, choices=Type.choices)
    created = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    visible_to_submitter = models.BooleanField(_("visible to the submitter"), default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["case", "created"])]

    def __str__(self):
        return f"{self.case_id} {self.type} {self.created:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Timeline events are append-only")
        super().save(*args, **kwargs)

    def _in_language(self, value):
        """A text stored in both languages (``{"sv": …, "en": …}``), in the active one."""
        from django.utils import translation

        if not isinstance(value, dict):
            return value or ""
        language = (translation.get_language() or "sv")[:2]
        return value.get(language) or value.get("sv") or ""

    @property
    def from_text(self):
        return self._in_language(self.data.get("labels", {}).get("from"))

    @property
    def to_text(self):
        return self._in_language(self.data.get("labels", {}).get("to"))

    @property
    def progress_text(self):
        return self._in_language(self.data.get("text"))


def attachment_path(instance, filename):
    return f"attachments/{instance.case.registry_year}/{instance.case_id}/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    visible_to_submitter = models.BooleanField(_("visible to the submitter"), default=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return self.filename
