from django.urls import path

from . import views

app_name = "process"
urlpatterns = [
    path("", views.index, name="index"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/cases/", views.portfolio_cases, name="portfolio_cases"),
    path("portfolio/cases.<str:fmt>", views.portfolio_export, name="portfolio_export"),
    path("hand-over/", views.hand_over, name="hand_over"),
    path("lookup/", views.lookup, name="lookup"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:pk>/move/", views.template_move, name="template_move"),
    path("start/<int:case_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/showcase/", views.showcase_edit, name="showcase_edit"),
    path("showcase/", views.showcase_index, name="showcase"),
    path("showcase/<int:pk>/", views.showcase_detail, name="showcase_detail"),
    path("showcase/open-data/v1.json", views.showcase_json, name="showcase_json"),
    path("showcase/open-data/v1.csv", views.showcase_csv, name="showcase_csv"),
    path("showcase/open-data/schema/v1.json", views.showcase_schema, name="showcase_schema"),
    path("<int:pk>/classification/", views.classification, name="classification"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/plans/", views.plans, name="plans"),
    path("<int:pk>/template/", views.move_template, name="move_template"),
    path("<int:pk>/gate/", views.gate, name="gate"),
    path("<int:pk>/gate/requests/<int:request_pk>/", views.gate_request, name="gate_request"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<int:pk>/add/<slug:kind>/", views.add, name="add"),
    path("<int:pk>/tasks/<int:task_pk>/", views.task_done, name="task_done"),
    path("<int:pk>/tests/<int:test_pk>/file/", views.test_file, name="test_file"),
    path("<int:pk>/periods/<int:run_pk>/end/", views.end_run, name="end_run"),
    path("<int:pk>/adoptions/<int:adoption_pk>/", views.adoption, name="adoption"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/", views.record, name="record"),
    path(
        "<int:pk>/records/<slug:kind>/<int:record_pk>/remove/",
        views.remove_record,
        name="remove_record",
    ),
]
