from django.urls import path

from . import views

app_name = "strategic"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/step/", views.step, name="step"),
    path("<int:pk>/funding/", views.add_funding, name="add_funding"),
    path("<int:pk>/funding/<int:funding_pk>/remove/", views.remove_funding, name="remove_funding"),
]
