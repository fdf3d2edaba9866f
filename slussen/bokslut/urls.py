from django.urls import path

from . import views

app_name = "bokslut"
urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:year>/", views.round_detail, name="round"),
    path("rounds/<int:year>/send/", views.round_send, name="round_send"),
    path("responses/<int:pk>/", views.response_detail, name="response"),
    path("responses/<int:pk>/autosave/", views.response_autosave, name="response_autosave"),
    path("responses/<int:pk>/reopen/", views.response_reopen, name="response_reopen"),
    path("compilation/", views.compilation, name="compilation"),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>/texts/", views.report_texts, name="report_texts"),
    path("report/<int:year>/pdf/", views.report_pdf, name="report_pdf"),
    path("report/<int:year>/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("report/<int:year>/publish/", views.publish, name="publish"),
    path("published/", views.published, name="published"),
    path("published/<int:year>/<int:number>/", views.edition, name="edition"),
    path("published/<int:year>/<int:number>/pdf/", views.edition_pdf, name="edition_pdf"),
    path("published/<int:year>/<int:number>/xlsx/", views.edition_xlsx, name="edition_xlsx"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
]
