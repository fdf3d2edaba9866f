from django.contrib import admin

from .models import Attachment, Case, CaseEvent


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["registry_number", "title", "kind", "state", "organisation", "secrecy"]
    list_filter = ["kind", "secrecy", "registry_year"]
    search_fields = ["registry_number", "title"]
    list_select_related = ["state", "organisation"]
    readonly_fields = ["registry_number", "registry_year", "registry_seq", "created", "updated"]
    raw_id_fields = ["handler", "submitter"]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "type", "created", "actor"]
    list_select_related = ["case", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Attachment)
