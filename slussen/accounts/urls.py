from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import people_views, sso, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sso/", sso.LoginView.as_view(), name="oidc_login"),
    path("sso/callback/", sso.CallbackView.as_view(), name="oidc_callback"),
    path("people/", people_views.people_search, name="people_search"),
    path("security/", views.security, name="security"),
    path("security/second-factor/", views.second_factor, name="second_factor"),
    path("security/authenticator/", views.enrol, name="enrol"),
    path("security/authenticator/link/", views.enrol_link_send, name="enrol_link_send"),
    path("security/authenticator/link/<str:token>/", views.enrol_link, name="enrol_link"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
