from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/step/", views.transition, name="transition"),
    path("<int:pk>/idea/", views.idea, name="idea"),
    path("<int:pk>/proposal/", views.proposal, name="proposal"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("ideas/<int:pk>/score/", views.score, name="score"),
]
