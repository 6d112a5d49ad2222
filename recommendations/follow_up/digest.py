"""The daily job of the follow-up reminders, and its digest e-mail.

`run_daily(today)` refreshes every patient's actions (`refresh.refresh_all`), then
`send_digests(today)` sends one e-mail to each active user with an e-mail address who may
see the follow-up and has actions overdue or due (their own: `selectors.actions_of`).

The e-mail carries counts and a link, nothing else: no patient name, IPP, birth date, action
label, drug or lesion (an e-mail leaves the hospital's systems; the page behind the link asks
for a login). It is written in the site's language (LANGUAGE_CODE): the user model keeps no
language of its own.

One digest per user and day (`FollowUpDigest`, unique on user and day): the row is created in
the transaction that sends the e-mail, so a task delivered twice sends once, and a failed
sending leaves no row and is tried again by the next run of the day. An e-mail sent whose
transaction then fails to commit would be sent again (at least once, never lost).
"""

import logging
from dataclasses import asdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import translation

from recommendations.follow_up import selectors
from recommendations.follow_up.panel import list_url
from recommendations.follow_up.refresh import refresh_all
from recommendations.forms_follow_up import NOW
from recommendations.models import FollowUpAction, FollowUpDigest

logger = logging.getLogger(__name__)
SUBJECT_TEMPLATE = "recommendations/follow_up/email/digest_subject.txt"
BODY_TEMPLATE = "recommendations/follow_up/email/digest_body.txt"


class DigestsNotSent(Exception):
    """Some digests could not be sent (their rows were rolled back: the next run retries)."""

    def __init__(self, sent: int, failed: int):
        super().__init__(f"{failed} follow-up digest(s) not sent, {sent} sent.")
        self.sent, self.failed = sent, failed


def follow_up_link() -> str:
    """The absolute address of the follow-up list showing what the e-mail counts (overdue
    and due): a job has no request to build it from."""
    return settings.SITE_URL.rstrip("/") + list_url(state=NOW)


def language_of(user) -> str:
    """The language of a user's e-mails: the site's (the user model stores none)."""
    return settings.LANGUAGE_CODE


def recipients(today: date):
    """Active users with an e-mail address, responsible for an action due or overdue on
    `today`, without a digest for that day yet: one query, in a stable order."""
    due = selectors.due_or_overdue(
        FollowUpAction.objects.filter(selectors.responsible_for(OuterRef("pk"))), today)
    sent = FollowUpDigest.objects.filter(user=OuterRef("pk"), sent_on=today)
    return (get_user_model().objects.filter(is_active=True).exclude(email="")
            .filter(Exists(due)).exclude(Exists(sent)).order_by("pk"))


def counts_for(user, today: date) -> dict[str, int]:
    """The user's overdue and due actions (the states of the follow-up list)."""
    mine = selectors.due_or_overdue(selectors.actions_of(user), today)
    return {"overdue": selectors.in_state(mine, selectors.OVERDUE, today).count(),
            "due": selectors.in_state(mine, selectors.DUE, today).count()}


def send_digests(today: date) -> int:
    """Send the day's digests; returns how many were sent. Tries every recipient, then
    raises DigestsNotSent if any failed (those are retried by the next run)."""
    link = follow_up_link()
    sent = failed = 0
    for user in recipients(today).iterator():
        if not selectors.can_see_follow_up(user):
            continue
        try:
            sent += send_digest(user, today, link)
        except Exception:  # noqa: BLE001 (one address failing must not stop the others)
            failed += 1
            logger.exception("The follow-up digest of user %s could not be sent.", user.pk)
    if failed:
        raise DigestsNotSent(sent, failed)
    return sent


def send_digest(user, today: date, link: str) -> bool:
    """Send one user's digest for `today` unless already sent; True if sent now."""
    counts = counts_for(user, today)
    total = counts["overdue"] + counts["due"]
    if not total:
        return False
    with transaction.atomic():
        _row, created = FollowUpDigest.objects.get_or_create(
            user=user, sent_on=today, defaults={"actions": total})
        if not created:
            return False  # sent by an earlier delivery of the task
        digest_message(user, counts, link).send()  # an error rolls the row back
    return True


def digest_message(user, counts: dict[str, int], link: str) -> EmailMessage:
    language = language_of(user)
    context = {"overdue": counts["overdue"], "due": counts["due"],
               "total": counts["overdue"] + counts["due"], "link": link}
    with translation.override(language):
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        body = render_to_string(BODY_TEMPLATE, context)
    return EmailMessage(subject, body, None, [user.email],
                        headers={"Content-Language": language})


def run_daily(today: date, *, email: bool = True) -> dict[str, int]:
    """The daily job: refresh every patient's actions, then send the digests. Returns counts
    only (patients refreshed, actions created/updated/removed/replaced, digests sent and
    failed). Safe to run twice on the same day."""
    counts = asdict(refresh_all(today))
    counts["digests"] = counts["digests_failed"] = 0
    if email:
        try:
            counts["digests"] = send_digests(today)
        except DigestsNotSent as error:
            counts["digests"], counts["digests_failed"] = error.sent, error.failed
    return counts
