from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import second_factor

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("security/", second_factor.security, name="security"),
    path("security/two-factor/", second_factor.enrol, name="second_factor_enrol"),
    path("two-factor/", second_factor.verify, name="second_factor_verify"),
]
