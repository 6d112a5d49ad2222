"""What happens to a case, one function per act: submit, schedule, unschedule, discuss,
postpone, mark signed, send, withdraw. Each checks who may do it and what the case needs,
then moves the case through `recommendations.workflow.perform` (recorded, under a lock).
"""

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.models import Case, CaseStatus, Meeting, Urgency
from recommendations.workflow import Transition, TransitionRefused, perform

S = CaseStatus
SUBMIT = Transition("submit", (S.DRAFT,), S.SUBMITTED, gettext_lazy("submit the case"))
SCHEDULE = Transition("schedule", (S.SUBMITTED,), S.SCHEDULED,
                      gettext_lazy("put the case on an agenda"))
UNSCHEDULE = Transition("unschedule", (S.SCHEDULED,), S.SUBMITTED,
                        gettext_lazy("take the case off the agenda"))
DISCUSS = Transition("discuss", (S.SCHEDULED,), S.DISCUSSED, gettext_lazy("discuss the case"))
POSTPONE = Transition("postpone", (S.DISCUSSED,), S.SUBMITTED,
                      gettext_lazy("put the case back for the next meeting"))
SIGN = Transition("sign", (S.DISCUSSED,), S.SIGNED, gettext_lazy("sign the proposal"))
SEND = Transition("send", (S.SIGNED,), S.SENT, gettext_lazy("send the proposal"))
WITHDRAW = Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.SCHEDULED), S.WITHDRAWN,
                      gettext_lazy("withdraw the case"))


def _move(case: Case, transition: Transition, user, *, changes: dict | None = None, **options):
    """`perform`, also moving the case's lock_version: an edit form opened before the move
    is then stale, and its save refused (patients/concurrency.py)."""
    changes = {**(changes or {}), "lock_version": F("lock_version") + 1}
    return perform(case, transition, user, changes=changes, **options)


def submit_case(case: Case, user, *, compression: bool = False):
    """The case goes to the coordinators. A detected spinal cord compression (the engine's
    emergency, passed by the caller) makes it urgent."""
    def check(locked: Case) -> None:
        problems = []
        if not locked.question.strip():
            problems.append(_("the question to the panel is empty"))
        if not locked.patient_informed:
            problems.append(_("the patient must have been informed and not have objected"))
        if problems:
            raise TransitionRefused(_("Cannot submit the case: %(problems)s.")
                                    % {"problems": "; ".join(problems)})

    changes = {"urgency": Urgency.URGENT} if compression else {}
    note = _("Spinal cord compression: urgent.") if compression else ""
    return _move(case, SUBMIT, user, check=check, changes=changes, note=note)


def schedule_case(case: Case, meeting: Meeting, user, *, now=None):
    """On the meeting's agenda, last. Past the registration deadline only an urgent case
    goes on (a cord compression must not wait for the next meeting)."""
    now = now or timezone.now()

    def check(locked: Case) -> None:
        if meeting.date < timezone.localdate(now):
            raise TransitionRefused(_("Cannot schedule on a meeting that is over."))
        if now > meeting.registration_deadline and locked.urgency != Urgency.URGENT:
            raise TransitionRefused(_("The registration deadline of this meeting has passed; "
                                      "only an urgent case can still be added."))

    last = meeting.cases.aggregate(last=Max("agenda_position"))["last"] or 0
    return _move(case, SCHEDULE, user, check=check,
                   changes={"meeting": meeting, "agenda_position": last + 1})


def unschedule_case(case: Case, user, *, note: str = ""):
    return _move(case, UNSCHEDULE, user, note=note,
                   changes={"meeting": None, "agenda_position": None})


def discuss_case(case: Case, user):
    return _move(case, DISCUSS, user)


def postpone_case(case: Case, user, *, missing: list[str]):
    """No quorum: back to the coordinators for the next meeting, the missing specialties
    named in the record."""
    note = _("No quorum; missing: %(missing)s.") % {"missing": ", ".join(missing)}
    return _move(case, POSTPONE, user, note=note,
                   changes={"meeting": None, "agenda_position": None})


def mark_case_signed(case: Case, user):
    return _move(case, SIGN, user)


def send_case(case: Case, user):
    return _move(case, SEND, user)


def withdraw_case(case: Case, user, *, reason: str):
    if not reason.strip():
        raise TransitionRefused(_("Say why the case is withdrawn."))
    return _move(case, WITHDRAW, user, note=reason,
                   changes={"meeting": None, "agenda_position": None})


def reorder_agenda(meeting: Meeting, case_ids: list[int]) -> None:
    """The coordinator's order: every scheduled case of the meeting, each once."""
    scheduled = set(meeting.cases.filter(status=CaseStatus.SCHEDULED)
                    .values_list("pk", flat=True))
    if set(case_ids) != scheduled or len(case_ids) != len(scheduled):
        raise TransitionRefused(_("The new order must list every case of the agenda once."))
    for position, pk in enumerate(case_ids, start=1):
        Case.objects.filter(pk=pk).update(agenda_position=position)
