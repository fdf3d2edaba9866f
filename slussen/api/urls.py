from django.urls import include, path, re_path

from . import views
from .resources import MODULES

app_name = "api"
urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/openapi.json", views.openapi, name="schema"),
    path("v1/", include([p for module in MODULES for p in module.urlpatterns])),
    re_path(r"^v1/", views.not_found, name="not_found"),  # any other address: JSON, not HTML
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<id:pk>/revoke/", views.revoke, name="token_revoke"),
    path("open-data/", views.open_data, name="open_data"),
    re_path(
        r"^open-data/(?P<slug>[-\w]+)\.(?P<fmt>csv|json)$",
        views.Download.as_view(),
        name="download",
    ),  # fmt: skip
]
