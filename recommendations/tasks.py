"""Celery tasks of the meetings app: rendering the printable documents.

`render_document` is safe to run twice (a ready document is left alone; the row is locked
while rendering). A failure is retried with an exponential backoff (autoretry_for); after the
last retry the document is marked failed with the error, which its page shows with a retry
button, instead of the task failing without a trace. Without a broker (development, tests)
the task and its retries run inline (CELERY_TASK_ALWAYS_EAGER), without the backoff.

The follow-up reminders' tasks (`refresh_follow_up`, `daily_follow_up`) are at the end.
"""

import logging
from dataclasses import asdict
from datetime import date

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from recommendations.documents import actions
from recommendations.follow_up import digest as follow_up_digest
from recommendations.follow_up import refresh
from recommendations.models import Document

logger = logging.getLogger(__name__)
MAX_RETRIES = 3
DIGEST_RETRY_S = 300  # first wait before digests that failed are sent again, then doubled


class RenderFailed(Exception):
    """One rendering attempt failed; autoretry_for retries it."""


@shared_task(bind=True, autoretry_for=(RenderFailed,), max_retries=MAX_RETRIES,
             retry_backoff=5, retry_backoff_max=120, retry_jitter=True, acks_late=True)
def render_document(self, document_id: int) -> str:
    try:
        document = actions.build_document(document_id)
    except Document.DoesNotExist:
        logger.warning("Document %s no longer exists: nothing to render.", document_id)
        return "missing"
    except Exception as error:
        actions.record_error(document_id, error)
        if self.request.retries >= self.max_retries:
            logger.exception("Document %s failed after %s attempts.", document_id,
                             self.request.retries + 1)
            actions.mark_failed(document_id, error)
            return "failed"
        if self.request.is_eager:  # Celery would propagate the Retry to the caller: retry here
            return self.apply(args=[document_id], retries=self.request.retries + 1).result
        raise RenderFailed(f"{type(error).__name__}: {error}") from error
    return document.status


# --- Follow-up reminders (docs/follow_up.md) ---------------------------------------------

@shared_task(autoretry_for=(DatabaseError,), max_retries=MAX_RETRIES, retry_backoff=5,
             retry_backoff_max=120, retry_jitter=True, acks_late=True)
def refresh_follow_up(patient_id: int) -> dict[str, int]:
    """One patient's actions, after a change of their records or proposals (`signals`).
    Safe to run twice; a database error (two refreshes of one patient at once) is retried."""
    return asdict(refresh.refresh_patient(patient_id, timezone.localdate()))


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def daily_follow_up(self, day: str | None = None) -> dict[str, int]:
    """Every patient's actions, then the day's digests (CELERY_BEAT_SCHEDULE). Safe to run
    twice: a digest goes once a day per user. Digests that failed are retried later the same
    day (a retry refreshes again, harmlessly); logs counts only."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    counts = follow_up_digest.run_daily(today)
    logger.info("Daily follow-up of %s: %s", today.isoformat(), counts)
    if counts["digests_failed"]:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(args=[today.isoformat()],
                             countdown=DIGEST_RETRY_S * 2 ** self.request.retries)
        logger.error("%s follow-up digest(s) of %s were not sent after %s attempt(s).",
                     counts["digests_failed"], today.isoformat(), self.request.retries + 1)
    return counts
