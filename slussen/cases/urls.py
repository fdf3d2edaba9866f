from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("export.csv", views.export, name="export"),
    path("public/", views.public_register, name="public_register"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/attachments/", views.attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.download, name="download"),
    path("<int:pk>/audit/", views.audit_trail, name="audit"),
]
