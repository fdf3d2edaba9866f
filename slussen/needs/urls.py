from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/", views.transition, name="transition"),
    path("<int:pk>/english/", views.english, name="english"),
    path("<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path("<int:pk>/support/", views.support, name="support"),
]
