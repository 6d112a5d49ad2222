"""Which follow-up actions a user sees, and how they are grouped on the pages.

A clinician's actions are those of the patients they refer and of the cases they refer or
co-own. Someone who may see every case (coordinator, administrator) may also ask for all
actions. Statuses other than "open" come from the row; "overdue", "due", "upcoming" and
"undated" from the date and today, so the lists are right even before the daily job ran.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from patients.models import Drug, Lesion, Patient
from patients.permissions import can_list_patients
from recommendations.models import Case, FollowUpAction, FollowUpStatus, Proposal
from recommendations.permissions import sees_every_case, visible_cases
from scoring.engine.follow_up import DUE, DUE_BY, NOT_BEFORE, OVERDUE, UNDATED, UPCOMING
from scoring.engine.follow_up_table import REEVALUATION

S = FollowUpStatus
OPEN_STATES = (OVERDUE, DUE, UNDATED, UPCOMING)
CLOSED_STATES = (S.DONE, S.NOT_APPLICABLE, S.REPLACED)


def can_see_follow_up(user) -> bool:
    return can_list_patients(user)


def responsible_for(user) -> Q:
    """Whose actions these are; `user` may be an OuterRef (the digest's recipients)."""
    return (Q(patient__referring_clinician=user) | Q(proposal__case__referring_clinician=user)
            | Q(proposal__case__co_owners=user))


def actions_of(user, *, everyone: bool = False) -> QuerySet[FollowUpAction]:
    """The user's actions (or every action they may see, with `everyone`)."""
    if not can_see_follow_up(user):
        return FollowUpAction.objects.none()
    actions = FollowUpAction.objects.all()
    if everyone:
        return actions if sees_every_case(user) else actions.filter(
            proposal__case__in=visible_cases(user))
    return actions.filter(_mine(user))


def _mine(user) -> Q:
    """`responsible_for` for one user, as two indexed lookups (the patients they refer, the
    proposals of the cases they refer or co-own) rather than a join of every action to its
    case and co-owners: 20 ms instead of 70 on the scale data."""
    cases = Case.objects.filter(Q(referring_clinician=user)
                                | Q(pk__in=user.co_owned_cases.values("pk")))
    return (Q(patient__in=Patient.objects.filter(referring_clinician=user).values("pk"))
            | Q(proposal__in=Proposal.objects.filter(case__in=cases.values("pk"))
                .values("pk")))


def in_state(actions: QuerySet[FollowUpAction], state: str, today: date) -> QuerySet:
    """Narrow to one state: one of OPEN_STATES (from the date) or a closed status."""
    open_ = actions.filter(status=S.OPEN)
    if state == OVERDUE:
        return open_.filter(due_date__lt=today, timing=DUE_BY)
    if state == DUE:
        return open_.filter(Q(due_date=today) | Q(due_date__lt=today, timing=NOT_BEFORE))
    if state == UPCOMING:
        return open_.filter(due_date__gt=today)
    if state == UNDATED:
        return open_.filter(due_date__isnull=True)
    return actions.filter(status=state)


def due_or_overdue(actions: QuerySet[FollowUpAction], today: date) -> QuerySet:
    """What needs doing now: overdue, due today, or a "not before" date reached."""
    return actions.filter(status=S.OPEN, due_date__lte=today)


def with_subject_labels(actions) -> list[FollowUpAction]:
    """The actions as a list, each with `subject_label`: the lesion a re-evaluation follows
    (its site, the rows keep its id) or the drug a wash-out concerns (its name, the rows keep
    its code). Two queries at most, whatever the number of rows."""
    actions = list(actions)
    lesion_ids = {int(a.subject) for a in actions
                  if a.kind.startswith(REEVALUATION) and a.subject.isdigit()}
    drug_codes = {a.subject for a in actions
                  if a.subject and not a.kind.startswith(REEVALUATION)}
    lesions = Lesion.objects.in_bulk(lesion_ids) if lesion_ids else {}
    drugs = dict(Drug.objects.filter(code__in=drug_codes).values_list("code", "name")) \
        if drug_codes else {}
    for action in actions:
        if action.kind.startswith(REEVALUATION) and action.subject.isdigit():
            lesion = lesions.get(int(action.subject))
            action.subject_label = str(lesion) if lesion else _("deleted lesion")
        else:
            action.subject_label = drugs.get(action.subject, action.subject)
    return actions
