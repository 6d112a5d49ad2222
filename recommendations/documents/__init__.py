"""Printable documents (PDF): the signed proposal, a case summary, the meeting's agenda and
its booklet.

Rendered by WeasyPrint from Django templates (shared with the screen where the content is
the same), in a Celery task (recommendations.tasks); a signed proposal is stored with its
SHA-256 and a PAdES signature by the institution's certificate. docs/documents.md tells
the whole story. Entry points: `actions.request_document` and `actions.retry_document`.
"""

import logging

# WeasyPrint logs each layout step at INFO, some at import: set before anything imports it,
# or a worker's log drowns in them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
