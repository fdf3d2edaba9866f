from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class NavigatorConfig(AppConfig):
    name = "slussen.navigator"
    label = "navigator"
    url_prefix = "navigator/"
    verbose_name = _("Navigator")

    def ready(self):
        from slussen.core import search

        from . import rules  # noqa: F401
        from .models import Actor

        # Who helps with what, searched through the one search (``selectors.actors``).
        search.register(
            "actor",
            Actor,
            heading=lambda actor: f"{actor.name} {actor.short_name}",
            body=lambda actor: f"{actor.summary_sv}\n{actor.summary_en}",
            fields={"name", "short_name", "summary_sv", "summary_en"},
        )

        nav.add(
            _("Who does what"), "navigator:directory", order=45, app_name="navigator", group="learn"
        )
