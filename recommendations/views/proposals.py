"""Proposal pages. Each view authorises through proposal_permissions, calls one act of
recommendations.proposals, and shows a refused act as a message without losing anything."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Specialty
from audit.access import SubjectKind, record_access, refusals_recorded
from patients.concurrency import EditConflict
from recommendations import proposal_permissions as perms
from recommendations.case_workflow import send_case
from recommendations.documents.actions import (
    DocumentRefused,
    latest_document,
    request_document,
)
from recommendations.notifications import notify_proposal_sent
from recommendations.proposal_forms import NewVersionForm, ProposalForm
from recommendations.proposals import (
    close_without_quorum,
    discuss_and_draft,
    new_version,
    sign_proposal,
    signers_quorum,
    update_proposal,
)
from recommendations.workflow import TransitionRefused, events_of

SPECIALTIES = dict(Specialty.choices)


@require_POST
def discuss(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = perms.case_for_discussion(request.user, case_pk)
    try:
        proposal = discuss_and_draft(case, request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect(case)
    messages.success(request, _("The proposal was drafted from the referential."))
    return redirect("recommendations:proposal_detail", proposal.pk)


@require_GET
@refusals_recorded(SubjectKind.PROPOSAL, model="recommendations.Proposal",
                   to_patient="case__patient")
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = perms.proposal_for_reading(request.user, pk)
    record_access(request, patient=proposal.case.patient, kind=SubjectKind.PROPOSAL,
                  subject_id=proposal.pk)
    user = request.user
    return render(request, "recommendations/proposals/detail.html", {
        "proposal": proposal,
        "case": proposal.case,
        "versions": proposal.case.proposals.order_by("-version"),
        "signatures": [{"user": s.user, "specialty": SPECIALTIES.get(s.specialty, s.specialty),
                        "signed_at": s.signed_at}
                       for s in proposal.signatures.select_related("user")],
        "quorum": signers_quorum(proposal),
        "events": events_of(proposal),
        "can_edit": perms.can_edit_proposal(user) and proposal.status == "draft",
        "can_sign": proposal.status == "draft" and perms.can_sign(user, proposal)
        and not proposal.signatures.filter(user=user).exists(),
        "can_close": perms.can_close_without_quorum(user) and proposal.status == "draft"
        and proposal.case.status == "discussed",
        "can_version": perms.can_edit_proposal(user) and proposal.status == "valid",
        "can_send": perms.can_close_without_quorum(user) and proposal.status == "valid"
        and proposal.case.status == "signed",
        "version_form": NewVersionForm(),
        "document": latest_document("proposal", proposal),
    })


@require_http_methods(["GET", "POST"])
@refusals_recorded(SubjectKind.PROPOSAL, model="recommendations.Proposal",
                   to_patient="case__patient")
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = perms.proposal_for(request.user, pk, perms.can_edit_proposal)
    if request.method == "GET":  # the form shows the stored proposal
        record_access(request, patient=proposal.case.patient, kind=SubjectKind.PROPOSAL,
                      subject_id=proposal.pk)
    form = ProposalForm(request.POST or None, instance=proposal)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            update_proposal(proposal, request.user, lock_version=form.loaded_version,
                            **form.typed_values())
        except TransitionRefused as refused:
            form.add_error(None, str(refused))
        except EditConflict as stale:  # someone saved first: show both, lose nothing
            conflict = stale
            form.accept_stored_version(conflict)
        else:
            messages.success(request, _("Proposal saved."))
            return redirect("recommendations:proposal_detail", proposal.pk)
    return render(request, "recommendations/proposals/edit.html",
                  {"proposal": proposal, "case": proposal.case, "form": form,
                   "conflict": conflict}, status=409 if conflict else 200)


@require_POST
def proposal_sign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = perms.proposal_for(request.user, pk, perms.can_sign)
    try:
        status = sign_proposal(proposal, request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        if status.met:  # the signed PDF starts at once (a Celery task)
            proposal.refresh_from_db()
            try:
                request_document("proposal", proposal, request.user)
            except DocumentRefused as refused:
                messages.warning(request, str(refused))
        messages.success(request, _("Signed. The proposal is valid.") if status.met else
                         _("Signed. The quorum is not met yet."))
    return redirect("recommendations:proposal_detail", proposal.pk)


@require_POST
def proposal_close(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = perms.proposal_for(request.user, pk, perms.can_close_without_quorum)
    try:
        status = close_without_quorum(proposal, request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.warning(request, _("No quorum: the case goes back for the next meeting "
                                    "(missing: %(missing)s).")
                         % {"missing": ", ".join(status.missing_labels()) or "-"})
    return redirect("recommendations:proposal_detail", proposal.pk)


@require_POST
def proposal_send(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator sends the signed proposal: the case is sent, the referring clinician
    notified by e-mail (a link only)."""
    proposal = perms.proposal_for(request.user, pk, perms.can_close_without_quorum)
    if proposal.status != "valid":
        messages.error(request, _("Only a signed proposal is sent."))
        return redirect("recommendations:proposal_detail", proposal.pk)
    try:
        send_case(proposal.case, request.user)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        if notify_proposal_sent(proposal, request):
            messages.success(request, _("Sent; the referring clinician was notified."))
        else:
            messages.warning(request, _("Sent; the referring clinician has no e-mail address "
                                        "to notify."))
    return redirect("recommendations:proposal_detail", proposal.pk)


@require_POST
def proposal_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = perms.proposal_for(request.user, pk, perms.can_edit_proposal)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proposal changes."))
        return redirect("recommendations:proposal_detail", proposal.pk)
    try:
        second = new_version(proposal, request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect("recommendations:proposal_detail", proposal.pk)
    messages.success(request, _("Version %(version)s drafted: edit it, then sign it.")
                     % {"version": second.version})
    return redirect("recommendations:proposal_edit", second.pk)
