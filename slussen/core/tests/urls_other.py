"""Another URL configuration for ``test_links``: the same name elsewhere, another missing."""

from django.http import HttpResponse
from django.urls import include, path

app = ([path("<int:pk>/", lambda request, pk: HttpResponse(), name="application")], "fund")
urlpatterns = [path("elsewhere/", include(app))]
