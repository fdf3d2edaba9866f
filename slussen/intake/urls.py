from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("idea/", views.idea, name="idea"),
    path("idea/draft/", views.draft, name="draft"),
    path("idea/draft/discard/", views.draft_discard, name="draft_discard"),
    path("idea/draft/files/<int:pk>/remove/", views.draft_file_delete, name="draft_file_delete"),
    path("proposal/", views.proposal, name="proposal"),
    path("company/", views.company, name="company"),
    path("company/sent/", views.company_check, name="company_check"),
    path("company/confirm/<str:token>/", views.company_confirm, name="company_confirm"),
    path("similar/", views.similar, name="similar"),
    path("join/<int:pk>/", views.join, name="join"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("colleagues/<int:pk>/comment/", views.colleague_comment, name="colleague_comment"),
    path("join/sent/", views.join_check, name="join_check"),
    path("join/confirm/<str:token>/", views.join_confirm, name="join_confirm"),
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/reply/", views.reply, name="reply"),
    path("track/<str:token>/share/", views.share, name="share"),
    path("triage/", views.queue, name="queue"),
    path("triage/assign/", views.assign, name="assign"),
    path("triage/<int:pk>/", views.case, name="case"),
    path("triage/<int:pk>/decide/", views.decide, name="decide"),
    path("triage/<int:pk>/link/", views.link, name="link"),
    path("triage/<int:pk>/merge/", views.merge, name="merge"),
]
