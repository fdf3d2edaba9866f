from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.policy, name="policy"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data.json", views.my_data_json, name="my_data_json"),
    path("erase/", views.erase, name="erase"),
]
