from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core.search import IndexedQuerySet


class OpenTo(models.TextChoices):
    ALL = "all", _("Companies and employees")
    COMPANIES = "companies", _("Companies and other external actors")
    EMPLOYEES = "employees", _("The region's employees")


class Testbed(models.Model):
    """A test or demonstration environment that the region offers (a public catalogue entry)."""

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="testbeds",
    )
    summary = models.CharField(_("summary"), max_length=300)
    offer = models.TextField(_("what it offers"))
    audience = models.TextField(_("for whom"))
    open_to = models.CharField(
        _("open to"), max_length=16, choices=OpenTo.choices, default=OpenTo.ALL
    )
    conditions = models.TextField(_("conditions"), blank=True)
    capacity = models.CharField(_("capacity"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_published = models.BooleanField(
        _("published in the catalogue"),
        default=True,
        help_text=_("Unpublished environments are seen only by their owners and coordinators."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("test environment")
        verbose_name_plural = _("test environments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("testbeds:detail", args=[self.slug])


class Request(models.Model):
    """A request to use a test environment; the case in the register carries the rest."""

    testbed = models.ForeignKey(Testbed, on_delete=models.PROTECT, related_name="requests")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="testbed_request")
    innovation = models.ForeignKey(
        "process.InnovationCase",
        verbose_name=_("for the innovation case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testbed_requests",
        help_text=_("The innovation case the test serves: its page shows the plans and results."),
    )
    company = models.CharField(_("company or unit"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    period = models.CharField(_("desired period"), max_length=120, blank=True)
    answered = models.DateTimeField(_("first answered"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["testbed", "-created"])]
        verbose_name = _("test environment request")
        verbose_name_plural = _("test environment requests")

    def __str__(self):
        return f"{self.case.registry_number} {self.testbed}"

    def get_absolute_url(self):
        return reverse("testbeds:request_detail", args=[self.pk])


class Record(models.Model):
    """A test plan or a test result, kept on the environment (and the request's case) for reuse."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Test plan")
        RESULT = "result", _("Test result")

    testbed = models.ForeignKey(Testbed, on_delete=models.PROTECT, related_name="records")
    request = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="testbed_records"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Shown in the public catalogue. Otherwise seen by the region's staff and the requester."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)

    # An update of the fields its document is made of writes the document again (no signal).
    objects = IndexedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["testbed", "-created"]),
            # The results search's order (the day, then the key): a page of a common word's
            # matches is met walking it, not by sorting them all.
            models.Index(TruncDate("created"), F("id"), name="testbeds_record_day"),
        ]
        verbose_name = _("test plan or result")
        verbose_name_plural = _("test plans and results")

    def __str__(self):
        return self.title

    @property
    def file_links(self) -> list[dict]:
        """The record's files as the lists show them (read from ``prefetch_related("files")``)."""
        return [
            {"url": f.get_absolute_url(), "filename": f.filename, "size": f.size}
            for f in self.files.all()
        ]


def record_file_path(instance, filename):
    return f"testbeds/{instance.record.testbed_id}/records/{instance.record_id}/{filename}"


class RecordFile(models.Model):
    """A file kept with a test plan or result (a protocol, a report, a photo): checked for size
    and type like every upload, read by those who may read the record."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=record_file_path, max_length=255)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("testbeds:record_file", args=[self.record_id, self.pk])
