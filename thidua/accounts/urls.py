from django.contrib.auth import views as auth_views
from django.urls import path

from thidua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.token_create, name="token-create"),
    path("me/tokens/<id:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("me/two-factor/", views.two_factor, name="two-factor"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/import/", views.people_import, name="people-import"),
    path("people/import/template/", views.people_template, name="people-template"),
    path("people/<id:pk>/", views.person, name="person"),
    path("people/<id:pk>/<slug:step>/", views.person_action, name="person-action"),
    path(
        "people/<id:pk>/roles/<id:role_pk>/withdraw/",
        views.role_withdraw,
        name="role-withdraw",
    ),
]
