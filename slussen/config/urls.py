from django.apps import apps
from django.contrib import admin
from django.urls import include, path

# Error pages in the site's layout and the visitor's language; a request over the size limit
# gets a page that says so (413).
handler400 = "slussen.core.views.bad_request"
handler403 = "slussen.core.views.permission_denied"
handler404 = "slussen.core.views.page_not_found"
handler500 = "slussen.core.views.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Each app mounts itself: its AppConfig names ``url_prefix`` and it has a ``urls`` module.
urlpatterns += [
    path(app.url_prefix, include(f"{app.name}.urls"))
    for app in apps.get_app_configs()
    if getattr(app, "url_prefix", None) is not None
]
