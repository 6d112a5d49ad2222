"""Celery tasks of the meetings app: rendering the printable documents.

`render_document` is safe to run twice (a ready document is left alone; the row is locked
while rendering). A failure is retried with an exponential backoff (autoretry_for); after the
last retry the document is marked failed with the error, which its page shows with a retry
button, instead of the task failing without a trace. Without a broker (development, tests)
the task and its retries run inline (CELERY_TASK_ALWAYS_EAGER), without the backoff.
"""

import logging

from celery import shared_task

from recommendations.documents import actions
from recommendations.models import Document

logger = logging.getLogger(__name__)
MAX_RETRIES = 3


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
