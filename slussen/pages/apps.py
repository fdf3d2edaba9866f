from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """Pages about the service itself: the accessibility statement and its report form."""

    name = "slussen.pages"
    label = "pages"
    url_prefix = "about/"
    verbose_name = _("About Slussen")
