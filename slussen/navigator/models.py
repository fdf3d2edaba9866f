from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from slussen.accounts.models import Organisation


class Phase(models.TextChoices):
    """The three generic phases of the innovation process (003:l.289)."""

    NEED_IDEA = "need_idea", _("Need and idea")
    DEVELOPMENT = "development", _("Development and testing")
    IMPLEMENTATION = "implementation", _("Implementation and spread")


class InnovationType(models.TextChoices):
    MEDICAL_DEVICE = "medical_device", _("Medical device")
    PHARMACEUTICAL = "pharmaceutical", _("Pharmaceutical")
    SERVICE = "service", _("Service")
    ORGANISATIONAL = "organisational", _("Organisational")
    PROCESS = "process", _("Process (clinical method)")
    SYSTEM = "system", _("System innovation")


class Need(models.TextChoices):
    """What someone needs help with. Shared with the innovation process, whose checklist items
    link to ``/navigator/?need=<code>``: the codes are stable."""

    REGULATION = "regulation", _("Regulation and CE marking")
    DATA_PROTECTION = "data_protection", _("Data protection and patient data")
    ETHICS = "ethics", _("Ethics review")
    PATIENT_SAFETY = "patient_safety", _("Patient safety")
    HTA = "hta", _("Evidence and health technology assessment")
    PROCUREMENT = "procurement", _("Procurement")
    IP = "ip", _("Intellectual property")
    TESTING = "testing", _("Testing and test environments")
    FUNDING = "funding", _("Funding")
    PARTNERS = "partners", _("Partners and business development")
    IMPLEMENTATION = "implementation", _("Implementation and spread")


class Actor(models.Model):
    """An actor of the innovation system: who helps with what, when, and how to reach them."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Government agency")
        PARK = "park", _("Science park or incubator")
        UNIVERSITY = "university", _("University")
        REGION = "region", _("The region's own unit")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    summary_sv = models.TextField(_("what it helps with (Swedish)"))
    summary_en = models.TextField(_("what it helps with (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For the region's own units: its contact details are shown too."),
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("navigator:detail", args=[self.slug])

    @property
    def summary(self):
        if translation.get_language() == "en" and self.summary_en:
            return self.summary_en
        return self.summary_sv

    def codes(self, facet):
        """Codes of one facet, from the prefetched facets (no query per actor)."""
        return [f.code for f in self.facets.all() if f.facet == facet]

    def labels(self, facet):
        choices = dict(FACETS[facet].choices)
        return [choices[c] for c in self.codes(facet) if c in choices]

    @property
    def need_labels(self):
        return self.labels("need")

    @property
    def phase_labels(self):
        return self.labels("phase")

    @property
    def type_labels(self):
        return self.labels("type")


FACETS = {"need": Need, "phase": Phase, "type": InnovationType}


class ActorFacet(models.Model):
    """One code an actor is tagged with: a need it helps with, a phase, an innovation type.

    An actor without any phase (or type) helps in every phase (with every type)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=8, choices=[(k, k) for k in FACETS])
    code = models.CharField(max_length=32)

    class Meta:
        ordering = ["facet", "id"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "facet", "code"], name="actor_facet_unique")
        ]
        indexes = [models.Index(fields=["facet", "code"])]

    def __str__(self):
        return f"{self.actor_id} {self.facet}={self.code}"
