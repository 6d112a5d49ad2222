"""How the pages show follow-up actions: which a list holds and in what order, each row's
state and whether the user may act on it, and the patient page's panel (registered in
settings.PATIENT_PAGE_PANELS). The home page's card (recommendations.dashboards) uses the
same order and rows.

Order of what is to do: overdue first, then due (today, or a "not before" date reached),
then not dated yet (an input is missing: someone must look), then upcoming; by date within
each. Closed actions: the most recently changed first.

Acting on an action (done, not applicable, reopen) is for whoever may see its case and edit
the patient's record: the action changes what the patient's follow-up shows.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Case as Cases
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from patients.models import Patient
from patients.panels import Panel
from patients.permissions import can_edit_patient
from recommendations.follow_up.selectors import (
    CLOSED_STATES,
    DUE,
    OVERDUE,
    UNDATED,
    UPCOMING,
    actions_of,
    can_see_follow_up,
    due_or_overdue,
    in_state,
    with_subject_labels,
)
from recommendations.forms_follow_up import ALL, CLOSED, EVERYONE, NOW, OPEN
from recommendations.models import FollowUpAction, FollowUpStatus
from recommendations.models.follow_up import Timing
from recommendations.permissions import (
    can_view_case,
    sees_every_case,
    visible_among,
    visible_cases,
)

S = FollowUpStatus
RANKS = {OVERDUE: 0, DUE: 1, UNDATED: 2, UPCOMING: 3}
CLOSED_RANK = len(RANKS)


def by_urgency(actions: QuerySet[FollowUpAction], today: date) -> QuerySet[FollowUpAction]:
    """Overdue, due, not dated, upcoming, then closed; by date within each (see the module).
    The ranks follow FollowUpAction.due_status (tests check they agree)."""
    rank = Cases(
        When(~Q(status=S.OPEN), then=Value(CLOSED_RANK)),
        When(due_date__isnull=True, then=Value(RANKS[UNDATED])),
        When(due_date__gt=today, then=Value(RANKS[UPCOMING])),
        When(due_date__lt=today, timing=Timing.DUE_BY, then=Value(RANKS[OVERDUE])),
        default=Value(RANKS[DUE]), output_field=IntegerField())
    return actions.annotate(urgency_rank=rank).order_by("urgency_rank", "due_date", "pk")


def listed(user, *, state: str, everyone: bool = False, patient_id: int | None = None,
           today: date) -> QuerySet[FollowUpAction]:
    """The list page's actions: the user's (or everyone's they may see), in `state` (a
    choice of forms_follow_up.STATE_CHOICES), with what each row shows read in the query."""
    actions = actions_of(user, everyone=everyone)
    if patient_id is not None:
        actions = actions.filter(patient_id=patient_id)
    if state == OPEN:
        actions = actions.filter(status=S.OPEN)
    elif state == NOW:
        actions = due_or_overdue(actions, today)
    elif state == CLOSED:
        actions = actions.filter(status__in=CLOSED_STATES)
    elif state != ALL:
        actions = in_state(actions, state, today)
    actions = actions.select_related("patient", "proposal__case")
    if state == CLOSED or state in CLOSED_STATES:
        return actions.order_by("-updated_at", "-pk")
    return by_urgency(actions, today)


def can_act_on(user, action: FollowUpAction) -> bool:
    """Mark done, not applicable, or reopen (when the action's state allows it)."""
    return (can_see_follow_up(user) and can_edit_patient(user, action.patient)
            and can_view_case(user, action.proposal.case))


def action_for_acting(user, pk: int) -> FollowUpAction:
    """404 for an unknown action, 403 when the user may not act on it."""
    action = get_object_or_404(
        FollowUpAction.objects.select_related("patient", "proposal__case"), pk=pk)
    if not can_act_on(user, action):
        raise PermissionDenied
    return action


@dataclass(frozen=True)
class ShownAction:
    """One row of a list: the action, its state today, whether the user may act on it."""

    action: FollowUpAction
    state: str  # overdue / due / undated / upcoming, or the closed status
    may_act: bool

    @property
    def is_open(self) -> bool:
        return self.action.status == S.OPEN


def shown(user, actions, today: date) -> list[ShownAction]:
    """The rows of `actions` (read with their patient and proposal's case), each with its
    subject's label: at most three queries (the lesions and drugs named, the cases the
    user may see), whatever the number of rows."""
    actions = with_subject_labels(actions)
    visible = visible_among(user, [action.proposal.case for action in actions])
    return [ShownAction(action, action.due_status(today),
                        action.proposal.case_id in visible
                        and can_edit_patient(user, action.patient))
            for action in actions]


def list_url(**filters) -> str:
    url = reverse("recommendations:follow_up_list")
    return f"{url}?{urlencode(filters)}" if filters else url


def to_do_now(user, today: date) -> QuerySet[FollowUpAction]:
    """The user's actions overdue or due, overdue first: the home page's card."""
    return by_urgency(due_or_overdue(actions_of(user), today).select_related(
        "patient", "proposal__case"), today)


def patient_follow_up_panel(patient: Patient, request: HttpRequest) -> Panel | None:
    """The patient's open follow-up actions on the cases the user may see, and a link to the
    closed ones; nothing when the patient has none (one query)."""
    user = request.user
    if not can_see_follow_up(user):
        return None
    actions = FollowUpAction.objects.filter(patient=patient)
    if not sees_every_case(user):
        actions = actions.filter(proposal__case__in=visible_cases(user))
    today = timezone.localdate()
    rows = list(by_urgency(actions.select_related("patient", "proposal__case"), today))
    if not rows:
        return None
    open_rows = [row for row in rows if row.status == S.OPEN]
    scope = {"whose": EVERYONE} if sees_every_case(user) else {}
    return Panel("recommendations/follow_up/_patient_panel.html", {
        "patient": patient,
        "rows": shown(user, open_rows, today),
        "closed_count": len(rows) - len(open_rows),
        "closed_url": list_url(patient=patient.pk, state=CLOSED, **scope),
        "all_url": list_url(patient=patient.pk, state=ALL, **scope),
    })
