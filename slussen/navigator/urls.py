from django.urls import path

from . import views

app_name = "navigator"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("guide/", views.guide, name="guide"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
