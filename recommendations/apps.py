from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = _("Meetings and proposals")

    def ready(self) -> None:
        from recommendations.follow_up import signals

        signals.connect()  # refresh a patient's follow-up actions when their records change
