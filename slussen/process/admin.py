"""Administrators edit the process templates here, without code. A version that cases run on
is read-only: make a new version (copied with its phases and checklists), edit it, publish it."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ChecklistItem, ProcessTemplate, TemplatePhase


def _in_use(template):
    """Published or run by a case: read-only (a change is a new version)."""
    return (
        template is not None and template.pk and (template.is_published or template.cases.exists())
    )


class PhaseInline(admin.TabularInline):
    model = TemplatePhase
    extra = 0
    fields = ["order", "code", "name_sv", "name_en", "generic"]
    show_change_link = True

    def _locked(self, obj):
        return _in_use(obj)

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "innovation_type", "version", "is_published", "in_use"]
    list_filter = ["innovation_type", "is_published"]
    inlines = [PhaseInline]
    actions = ["make_new_version", "publish"]

    @admin.display(description=_("cases running on it"))
    def in_use(self, obj):
        return obj.cases.count()

    def get_readonly_fields(self, request, obj=None):
        fields = ["version"]
        return [*fields, "innovation_type"] if obj else fields

    def has_change_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            latest = ProcessTemplate.objects.filter(innovation_type=obj.innovation_type).first()
            obj.version = latest.version + 1 if latest else 1
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Make a new version to edit"))
    def make_new_version(self, request, queryset):
        for template in queryset:
            draft = services.new_template_version(template, request.user)
            self.message_user(request, _("Made %(template)s.") % {"template": draft})

    @admin.action(description=_("Publish: new cases start on it"))
    def publish(self, request, queryset):
        done = 0
        for template in queryset:
            try:
                services.publish_template(template, request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)s template published.", "%(count)s templates published.", done)
            % {"count": done},
        )


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = [
        "order",
        "code",
        "name_sv",
        "name_en",
        "area",
        "help_topic",
        "required",
        "help_sv",
        "help_en",
    ]

    def has_add_permission(self, request, obj=None):
        return not (obj and _in_use(obj.template)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and _in_use(obj.template)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _in_use(obj.template)) and super().has_delete_permission(request, obj)


@admin.register(TemplatePhase)
class TemplatePhaseAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "code", "generic", "template", "order"]
    list_filter = ["template__innovation_type", "generic"]
    inlines = [ChecklistInline]

    def has_change_permission(self, request, obj=None):
        return not (obj and _in_use(obj.template)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _in_use(obj.template)) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "template":  # phases are added only to versions nobody runs on
            kwargs["queryset"] = ProcessTemplate.objects.filter(cases__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
