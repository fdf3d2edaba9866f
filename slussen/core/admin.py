from django.contrib import admin

from .models import AuditEvent, Workflow, WorkflowState, WorkflowTransition


class StateInline(admin.TabularInline):
    model = WorkflowState
    extra = 0


class TransitionInline(admin.TabularInline):
    model = WorkflowTransition
    extra = 0
    fk_name = "workflow"


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name_sv", "name_en", "is_current"]
    inlines = [StateInline, TransitionInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
