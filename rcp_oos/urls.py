from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from rcp_oos import views
from recommendations.views import dashboard

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("health/", views.health, name="health"),
    # The language switch is on the login page too, so it must not require a login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("patients/", include("patients.urls")),
    path("", include("recommendations.urls")),
    path("documents/", include("recommendations.documents.urls")),
    path("scoring/", include("scoring.urls_pages")),
    path("api/v1/", include("scoring.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]
