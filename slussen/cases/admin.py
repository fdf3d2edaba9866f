from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Attachment, Case, CaseEvent


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """The register seen by a system administrator. Edits go through the services, so they are
    audited and land on the timeline like any other: details through ``update_case``, the
    organisation and handler through ``reassign`` (with a reason). The status changes only
    through the workflow's steps, in the application."""

    list_display = ["registry_number", "title", "kind", "state", "organisation", "secrecy"]
    list_filter = ["kind", "secrecy", "registry_year"]
    search_fields = ["registry_number", "title"]
    list_select_related = ["state", "organisation"]
    raw_id_fields = ["handler"]
    fields = [
        "registry_number",
        "state",
        *services.EDITABLE_FIELDS,
        "organisation",
        "handler",
        "submitter",
        "created",
        "updated",
    ]

    def get_readonly_fields(self, request, obj=None):
        editable = {*services.EDITABLE_FIELDS, "organisation", "handler"}
        return [f for f in self.fields if f not in editable]

    def has_add_permission(self, request):
        return False  # cases are registered through the ways in, with their registry number

    def has_delete_permission(self, request, obj=None):
        return False  # the register keeps every case

    def save_model(self, request, obj, form, change):
        current = Case.objects.get(pk=obj.pk)
        details = {
            f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS if f in form.changed_data
        }
        if details:
            services.update_case(current, request.user, expected_version=current.version, **details)
        if {"organisation", "handler"} & set(form.changed_data):
            services.reassign(
                Case.objects.get(pk=obj.pk),
                request.user,
                organisation=form.cleaned_data["organisation"],
                handler=form.cleaned_data["handler"],
                reason=str(_("Changed by a system administrator.")),
            )


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "type", "created", "actor"]
    list_select_related = ["case", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Attachment)
