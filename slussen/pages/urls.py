from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accessibility/report/", views.report, name="accessibility_report"),
    path("accessibility/report/sent/", views.report_sent, name="accessibility_report_sent"),
]
