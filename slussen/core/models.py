from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One line of the audit trail. Never updated, never deleted by the application."""

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_update", False):
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)


def in_reader_language(swedish: str, english: str) -> str:
    """Text written in Swedish and, optionally, in English too (a challenge's or a need's own
    words): the English on English pages when it was given, the Swedish otherwise."""
    return english if english and translation.get_language() == "en" else swedish


class Labelled(models.Model):
    """Display text stored as data in both interface languages; logic keys on ``code``."""

    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_en if translation.get_language() == "en" else self.name_sv


class Workflow(Labelled):
    """A workflow definition, stored as data and versioned by ``(code, version)``.

    Running objects point at the version they started on, so an administrator can publish a
    new version without breaking anything already under way.
    """

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="workflow_code_version")
        ]
        verbose_name = _("workflow")
        verbose_name_plural = _("workflows")

    def __str__(self):
        return f"{self.label} (v{self.version})"


class WorkflowState(Labelled):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="states")
    code = models.SlugField(_("code"), max_length=64)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_initial = models.BooleanField(_("initial state"), default=False)
    is_final = models.BooleanField(_("final state"), default=False)

    class Meta:
        ordering = ["workflow", "order"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "code"], name="workflow_state_code")
        ]
        verbose_name = _("workflow state")
        verbose_name_plural = _("workflow states")


class WorkflowTransition(Labelled):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="transitions")
    code = models.SlugField(_("code"), max_length=64)
    sources = models.ManyToManyField(WorkflowState, related_name="outgoing", blank=True)
    target = models.ForeignKey(WorkflowState, on_delete=models.CASCADE, related_name="incoming")
    permission = models.CharField(
        _("permission"), max_length=64, help_text=_("Action code checked with can().")
    )
    requires_reason = models.BooleanField(_("requires a reason"), default=True)
    guards = models.JSONField(
        _("guards"),
        default=list,
        blank=True,
        help_text=_("Codes of the checks that must pass (see slussen.core.workflow.guard)."),
    )
    notify = models.JSONField(
        _("who is told"),
        default=list,
        blank=True,
        help_text=_("Codes of the people told of the step (see slussen.core.workflow.audience)."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["workflow", "order"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "code"], name="workflow_transition_code")
        ]
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")


class RateCounter(models.Model):
    """How often one bucket (a client, an API key, an address) was counted in one fixed window
    of time; see :mod:`slussen.core.ratelimit`. Rows of ended windows are pruned."""

    key = models.CharField(max_length=64)  # a keyed hash of the bucket: no address is stored
    window = models.BigIntegerField()  # start of the window, seconds since the epoch
    expires = models.BigIntegerField(db_index=True)  # end of the window
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="rate_counter_unique")
        ]

    def __str__(self):
        return f"{self.key[:8]}… {self.window}: {self.hits}"


class OutboundMail(models.Model):
    """One e-mail in the outbox. Written in the transaction of the change it reports, so a mail
    is never lost with a rolled-back change, and never lost to a mail server that is down: the
    worker sends it and retries with back-off until the server takes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (gave up retrying)")

    created = models.DateTimeField(_("queued"), auto_now_add=True)
    to = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject line"), max_length=255)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed = models.DateTimeField(null=True, blank=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt"], name="outbox_due")]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")

    def __str__(self):
        return self.subject


class Notification(models.Model):
    """An in-app notice to one person: what happened, where to look; the link leads to the
    object. ``title`` and ``body`` are the text in the person's language when it was written
    (what was e-mailed); ``texts`` holds it in every other language of the interface
    (``{"en": {"title": ..., "body": ...}}``), so the list shows each notice in the language
    she reads Slussen in now (``shown_title``, ``shown_body``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created = models.DateTimeField(_("when"), auto_now_add=True)
    kind = models.SlugField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    read = models.DateTimeField(_("read"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    texts = models.JSONField(_("in other languages"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read", "-created"], name="notice_inbox")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title

    def _in_active_language(self, part: str) -> str:
        from django.utils import translation

        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return (self.texts or {}).get(language, {}).get(part, getattr(self, part))

    @property
    def shown_title(self) -> str:
        """The title in the active language (a notice written before it was kept in every
        language shows the text it was written in)."""
        return self._in_active_language("title")

    @property
    def shown_body(self) -> str:
        return self._in_active_language("body")


class NotificationSetting(models.Model):
    """How a person wants to hear of notices besides the list in Slussen."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("An e-mail for each notice")
        DIGEST = "digest", _("One e-mail a day with all notices")
        NONE = "none", _("No e-mail; only the list in Slussen")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    email = models.CharField(
        _("e-mail about notices"), max_length=16, choices=Email.choices, default=Email.IMMEDIATE
    )
    digest_sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user}: {self.email}"


class Reminder(models.Model):
    """When a reminder about one thing (``key``) last went out, and how often: so that a person
    is reminded once per interval, and told again only when the interval has passed."""

    key = models.CharField(max_length=200, unique=True)
    sent = models.DateTimeField()
    count = models.PositiveIntegerField(default=1)

    def __str__(self):
        return f"{self.key} ×{self.count}"


class SearchEntry(models.Model):
    """The one search index (``slussen.core.search``): the terms of a document of a registered
    type (a case, a test record …), each with its weight; the same on SQLite and PostgreSQL."""

    doc_type = models.CharField(max_length=32)
    doc_id = models.BigIntegerField()
    term = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField()
    heading = models.BooleanField(default=False)  # the term occurs in the document's heading

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "term", "doc_id"], name="search_entry_unique"
            )
        ]
        indexes = [
            models.Index(fields=["doc_type", "doc_id"], name="search_entry_doc"),
            # Similar cases read a term's documents and weights from the index alone (on
            # PostgreSQL; a row read per document cost most of the ranking at a million cases).
            models.Index(
                fields=["doc_type", "term", "doc_id"],
                include=["weight"],
                name="search_entry_ranking",
            ),
        ]

    def __str__(self):
        return f"{self.doc_type} {self.doc_id} {self.term}"


class SearchDocument(models.Model):
    """A document's stems in one row (``slussen.core.search``): on PostgreSQL, an inverted index
    (GIN) over them finds the documents with every word of a search by intersecting the words'
    lists inside the index, skipping through a common word's list by a rare word's, without
    reading a row per matching term. The stems are separated by spaces; ``heading`` holds those
    of the document's heading (the public register searches titles only)."""

    doc_type = models.CharField(max_length=32)
    doc_id = models.BigIntegerField()
    terms = models.TextField(blank=True, default="")
    heading = models.TextField(blank=True, default="")
    # "@org:17 @handler:5": what a person's scope is made of, beside the words in the index
    # (``search.register``'s marks), so that a search in a scope is intersected inside it.
    marks = models.TextField(blank=True, default="")
    # The document's place in its list's order, as one number (``search.register``'s
    # ``position``; the register's newest first is the highest): a search's matches are put in
    # the list's order from their own rows, without reading each one's object again.
    position = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "doc_id"], name="search_document_unique")
        ]
        # A word common in the register is met walking its documents in the register's order
        # (``search.Placed``), not its cases: a page of matches reads one row per document.
        indexes = [models.Index(fields=["doc_type", "position"], name="search_document_place")]

    def __str__(self):
        return f"{self.doc_type} {self.doc_id}"


class SearchTerm(models.Model):
    """A word stem of a document type's index, with the number of its documents (counted by
    ``search.count_documents``, daily and on ``reindex``; empty for a stem new since, which is
    counted when asked): the vocabulary through which a word's beginning or a compound's part is
    found (``SearchPart``), so that a document stores its stems only."""

    doc_type = models.CharField(max_length=32)
    term = models.CharField(max_length=64)
    documents = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "term"], name="search_vocabulary_unique")
        ]
        indexes = [  # the stems new since the last count: few, found without reading the rest
            models.Index(
                fields=["doc_type"],
                condition=models.Q(documents__isnull=True),
                name="search_vocabulary_uncounted",
            )
        ]

    def __str__(self):
        return f"{self.doc_type} {self.term}"


class SearchPart(models.Model):
    """A beginning or ending of a stem in the vocabulary (``search.parts``) → the stem: "drönar"
    → "drönarleverans". One row per part of a distinct stem, however many documents use it."""

    part = models.CharField(max_length=64)
    term = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["part", "term"], name="search_vocabulary_part_unique")
        ]

    def __str__(self):
        return f"{self.part} → {self.term}"


class SearchPartCount(models.Model):
    """Of a document type, as last counted (``search.count_documents``): how many stems a part
    stands for and in how many documents they occur, so that a text's rarity is read with one
    look-up per word part."""

    doc_type = models.CharField(max_length=32)
    part = models.CharField(max_length=64)
    stems = models.PositiveIntegerField()
    documents = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "part"], name="search_part_count_unique")
        ]

    def __str__(self):
        return f"{self.doc_type} {self.part}"


class ScheduledJob(models.Model):
    """When a periodic job is next due; claimed by one scheduler at a time (core/scheduler.py)."""

    name = models.CharField(_("job"), max_length=200, primary_key=True)
    next_run = models.DateTimeField(_("next run"))
    last_run = models.DateTimeField(_("last run"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name


class TaskOrigin(models.Model):
    """The request that queued a background task, so the task's log lines carry its id."""

    task_id = models.CharField(max_length=64, primary_key=True)
    request_id = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.task_id} ← {self.request_id}"
