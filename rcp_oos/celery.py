"""The Celery application. Without CELERY_BROKER_URL, tasks run eagerly (settings)."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rcp_oos.settings")

app = Celery("rcp_oos")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """The worker keeps Django's LOGGING (rcp_oos/logging.py: no health data). Without a
    receiver for this signal Celery replaces the root handlers with its own, whose task
    failure line quotes the exception's message and the task's arguments."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
