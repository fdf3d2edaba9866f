from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("slussen.core.urls")),
    path("accounts/", include("slussen.accounts.urls")),
    path("cases/", include("slussen.cases.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
