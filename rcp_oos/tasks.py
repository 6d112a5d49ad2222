"""Project-level tasks."""

from celery import shared_task


@shared_task
def ping() -> str:
    """Answers 'pong': lets a health check and the tests see a real worker answer."""
    return "pong"
