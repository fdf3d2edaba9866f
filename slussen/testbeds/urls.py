from django.urls import path

from . import views

app_name = "testbeds"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.create, name="create"),
    path("results/", views.results, name="results"),
    path("requests/", views.inbox, name="inbox"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
    path("records/<int:pk>/files/<int:file_pk>/", views.record_file, name="record_file"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/request/", views.request_form, name="request"),
    path("<slug:slug>/records/new/", views.record_new, name="record"),
]
