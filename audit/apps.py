from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who saw which patient's data, and when: the bottom of the app chain (it imports only
    Django and accounts), so patients, scoring and recommendations may all record into it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Access log")
