from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import notify
from .models import AuditEvent, OutboundMail, Workflow, WorkflowState, WorkflowTransition


class ReadOnly:
    """Shown to the system administrator, never changed in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StateInline(ReadOnly, admin.TabularInline):
    model = WorkflowState
    extra = 0


class TransitionInline(ReadOnly, admin.TabularInline):
    model = WorkflowTransition
    extra = 0
    fk_name = "workflow"


@admin.register(Workflow)
class WorkflowAdmin(ReadOnly, admin.ModelAdmin):
    """Published workflows are read here, never edited: objects under way run on them. A
    change is a new version, declared with its app's definition (``<app>/workflows.py``), which
    ``manage.py check`` verifies before it runs."""

    list_display = ["code", "version", "name_sv", "name_en", "is_current"]
    inlines = [StateInline, TransitionInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["created", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    """What the outbox holds: waiting, failed and sent mail. Read-only, but for sending again."""

    list_display = [
        "created",
        "subject",
        "status",
        "attempts",
        "next_attempt",
        "sent",
        "last_error",
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    actions = ["send_again"]
    readonly_fields = [f.name for f in OutboundMail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the chosen e-mail again now"))
    def send_again(self, request, queryset):
        count = notify.retry_now(queryset)
        transaction.on_commit(lambda: notify.deliver_due.enqueue())
        self.message_user(request, _("%(n)s e-mail queued to be sent again.") % {"n": count})
