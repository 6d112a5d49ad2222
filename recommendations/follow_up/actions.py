"""What people do with a follow-up action: mark it done (with the date), not applicable (with
the reason), or reopen it. Each is a workflow transition (`recommendations.workflow`): refused
with a clear message when the action is not in a state that allows it, recorded with who and
when. The patient's actions are then refreshed, so the next occurrence of a recurring action
(dental check, calcium check, denosumab injection) appears at once, dated from this one."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.follow_up.inputs import signed_on
from recommendations.follow_up.refresh import refresh_patient
from recommendations.models import FollowUpAction, FollowUpStatus
from recommendations.workflow import Transition, TransitionRefused, perform

S = FollowUpStatus
DONE = Transition("done", (S.OPEN,), S.DONE, gettext_lazy("mark the action done"))
NOT_APPLICABLE = Transition("not_applicable", (S.OPEN,), S.NOT_APPLICABLE,
                            gettext_lazy("mark the action not applicable"))
REOPEN = Transition("reopen", (S.DONE, S.NOT_APPLICABLE), S.OPEN,
                    gettext_lazy("reopen the action"))


def check_done_date(action: FollowUpAction, done_on: date) -> None:
    """The date an action was done: not in the future, not before the proposal asked for it."""
    if done_on > timezone.localdate():
        raise TransitionRefused(_("This date is in the future."))
    signed = signed_on(action.proposal)
    if done_on < signed:
        raise TransitionRefused(
            _("The action cannot be done before the proposal was signed (%(date)s).")
            % {"date": signed.isoformat()})


def mark_done(action: FollowUpAction, user, done_on: date) -> FollowUpAction:
    check_done_date(action, done_on)
    perform(action, DONE, user, note=done_on.isoformat(), changes={"done_on": done_on})
    refresh_patient(action.patient_id, timezone.localdate())
    return action


def mark_not_applicable(action: FollowUpAction, user, reason: str) -> FollowUpAction:
    reason = reason.replace("\x00", "").strip()
    if not reason:
        raise TransitionRefused(_("Say why the action does not apply."))
    perform(action, NOT_APPLICABLE, user, note=reason,
            changes={"not_applicable_reason": reason})
    refresh_patient(action.patient_id, timezone.localdate())
    return action


def reopen(action: FollowUpAction, user) -> FollowUpAction:
    """Undo a mistaken "done" or "not applicable": the action is to do again. A later
    occurrence the "done" had dated is removed by the refresh if nobody acted on it."""
    perform(action, REOPEN, user, changes={"done_on": None, "not_applicable_reason": ""})
    refresh_patient(action.patient_id, timezone.localdate())
    return action
