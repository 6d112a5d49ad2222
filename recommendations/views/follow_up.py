"""Follow-up pages: the list of a user's follow-up actions, and marking one done (with the
date), not applicable (with the reason), or reopening it.

The moves are recommendations.follow_up.actions'; a refusal (a future date, a date before
the signature, an empty reason, an action someone already moved) comes back on the form,
with what was typed, and the action is left as it was. Which actions a list holds and who
may act on one: recommendations.follow_up.panel.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import SubjectKind, record_access, record_accesses, refusals_recorded
from patients.models import Patient
from recommendations.follow_up import actions as follow_up
from recommendations.follow_up.panel import action_for_acting, listed, shown
from recommendations.follow_up.selectors import can_see_follow_up, with_subject_labels
from recommendations.forms_follow_up import (
    EVERYONE,
    OPEN,
    DoneForm,
    FollowUpFilterForm,
    NotApplicableForm,
)
from recommendations.models import FollowUpAction
from recommendations.permissions import sees_every_case
from recommendations.workflow import Transition, TransitionRefused

PAGE_SIZE = 25
CONFLICT = 409  # the action was moved meanwhile (by someone else, or in another tab)
ACTION = {"model": "recommendations.FollowUpAction"}


@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_see_follow_up(user):
        raise PermissionDenied
    form = FollowUpFilterForm(request.GET, may_see_everyone=sees_every_case(user))
    applied = form.applied()
    today = timezone.localdate()
    patient_id = applied.get("patient")
    actions = listed(user, state=applied.get("state") or OPEN,
                     everyone=applied.get("whose") == EVERYONE, patient_id=patient_id,
                     today=today)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = shown(user, page.object_list, today)
    record_accesses(request, patients=[row.action.patient for row in rows],
                    kind=SubjectKind.FOLLOW_UP, subject_id=None)
    return render(request, "recommendations/follow_up/list.html", {
        "form": form, "page": page, "rows": rows, "today": today,
        "patient": Patient.objects.filter(pk=patient_id).first() if patient_id else None,
        "back": request.get_full_path(),
    })


def _next_url(request: HttpRequest) -> str | None:
    """The page to go back to (`next`, posted or in the query), when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: a bare "0" or "home" is not a page.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def _back(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next_url(request)
                                or reverse("recommendations:follow_up_list"))


def _refused_status(action: FollowUpAction, transition: Transition) -> int:
    """409 when the action's state no longer allows the move; 200 for a refused value."""
    action.refresh_from_db(fields=["status"])
    return 200 if action.status in transition.sources else CONFLICT


def _form_page(request: HttpRequest, action: FollowUpAction, form, transition: Transition,
               move, success: str) -> HttpResponse:
    """GET: the form; POST: `move(cleaned_data)`, then back to `next` or the list with the
    `success` message (formatted with the action's label and patient)."""
    status = 200
    if form.is_bound and form.is_valid():
        try:
            move(form.cleaned_data)
        except TransitionRefused as refusal:
            form.add_error(None, str(refusal))
            status = _refused_status(action, transition)
        else:
            messages.success(request, success % {"label": action.label,
                                                 "patient": action.patient})
            return _back(request)
    if request.method == "GET":
        record_access(request, patient=action.patient, kind=SubjectKind.FOLLOW_UP,
                      subject_id=action.pk)
    with_subject_labels([action])
    return render(request, "recommendations/follow_up/act.html", {
        "action": action, "patient": action.patient, "form": form,
        "state": action.due_status(timezone.localdate()),
        "transition": transition.name, "next": _next_url(request),
    }, status=status)


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.FOLLOW_UP, **ACTION)
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_acting(request.user, pk)
    form = DoneForm(request.POST if request.method == "POST" else None)
    return _form_page(request, action, form, follow_up.DONE,
                      lambda data: follow_up.mark_done(action, request.user, data["done_on"]),
                      _("Marked done: %(label)s, %(patient)s."))


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.FOLLOW_UP, **ACTION)
def follow_up_not_applicable(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_acting(request.user, pk)
    form = NotApplicableForm(request.POST if request.method == "POST" else None)
    return _form_page(request, action, form, follow_up.NOT_APPLICABLE,
                      lambda data: follow_up.mark_not_applicable(action, request.user,
                                                                 data["reason"]),
                      _("Marked not applicable: %(label)s, %(patient)s."))


@require_POST
@refusals_recorded(SubjectKind.FOLLOW_UP, **ACTION)
def follow_up_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_acting(request.user, pk)
    try:
        follow_up.reopen(action, request.user)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Reopened: %(label)s, %(patient)s.") % {
            "label": action.label, "patient": action.patient})
    return _back(request)
