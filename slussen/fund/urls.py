from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/new/", views.call_form, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_form, name="call_edit"),
    path("calls/<int:pk>/questions/", views.call_questions, name="call_questions"),
    path("calls/<int:call_pk>/apply/", views.application_form, name="apply"),
    path("from-case/<int:pk>/", views.from_case, name="from_case"),
    path("calls/<int:pk>/overview/", views.call_overview, name="overview"),
    path("calls/<int:pk>/criteria/", views.call_criteria, name="call_criteria"),
    path("calls/<int:pk>/assign/", views.assign_automatically, name="assign"),
    path("calls/<int:pk>/decisions/", views.call_results, name="results"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_form, name="edit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/delete/", views.delete_draft, name="delete"),
    path("applications/<int:pk>/signoff/", views.signoff, name="signoff"),
    path("applications/<int:pk>/prescreen/", views.prescreen, name="prescreen"),
    path("applications/<int:pk>/review/", views.review, name="review"),
    path("applications/<int:pk>/reviewers/", views.reviewers, name="reviewers"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/letter.pdf", views.letter, name="letter"),
    path("applications/<int:pk>/files/<int:file_pk>/", views.download, name="download"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/reports/<int:report_pk>/", views.report, name="report"),
    path("applications/", views.applications, name="applications"),
    path("applications/export.<str:fmt>", views.applications_export, name="applications_export"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.<str:fmt>", views.statistics_export, name="export"),
]
