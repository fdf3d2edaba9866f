from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class IntakeConfig(AppConfig):
    name = "slussen.intake"
    label = "intake"
    url_prefix = ""
    verbose_name = _("One way in")

    def ready(self):
        from . import rules, signals, start  # noqa: F401

        start.register()
        _one_project_when_marked()

        nav.add(
            _("Submit an idea"),
            "intake:idea",
            permission="intake.submit_idea",
            order=10,
            group="submit",
        )
        nav.add(
            _("Improvement proposal"),
            "intake:proposal",
            permission="intake.public_menu",
            order=11,
            group="submit",
        )
        nav.add(
            _("For companies"),
            "intake:company",
            permission="intake.company_menu",
            order=12,
            group="submit",
        )
        nav.add(
            _("Colleagues' ideas"),
            "intake:colleagues",
            permission="intake.colleagues",
            order=13,
            group="submit",
        )
        nav.add(
            _("Work queue"),
            "intake:queue",
            permission="intake.queue",
            order=15,
            app_name="intake",
            group="handle",
        )


def _one_project_when_marked():
    """A case marked a duplicate of another, or merged into it, is one project with it: the
    writing forms' suggestions show the two once (``cases.projects``); a merged case is found
    as the case it was merged into."""
    from slussen.cases import projects

    from .models import CaseLink

    def pairs(ids):
        marked = CaseLink.objects.filter(
            case_id__in=ids, kind__in=[CaseLink.Kind.DUPLICATE, CaseLink.Kind.MERGED]
        )
        return marked.order_by().values_list("case_id", "other_id")

    projects.link(pairs)

    def merged(ids):
        into = CaseLink.objects.filter(case_id__in=ids, kind=CaseLink.Kind.MERGED)
        return into.order_by().values_list("case_id", "other_id")

    projects.merged_into(merged)
