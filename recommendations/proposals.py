"""What the panel does with a proposal, one function per act: draft it from the engine when
the case is discussed, edit it, sign it (valid once the signers make the quorum), close a
discussion without quorum, and make a new version of a valid proposal.
"""

from django.db import transaction
from django.db.models import Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.concurrency import claim_version
from patients.models import Drug
from recommendations import case_workflow
from recommendations.models import (
    Attendance,
    Case,
    CaseStatus,
    Proposal,
    ProposalStatus,
    Signature,
)
from recommendations.proposal_drafting import Statement, draft_statements, section_texts
from recommendations.quorum import QuorumStatus, quorum_status
from recommendations.workflow import Transition, TransitionRefused, perform
from scoring.adapters import PATIENT_FACT_RELATIONS, case_facts
from scoring.engine.evaluate import evaluate_case
from scoring.models import Referential, ReferentialStatus
from scoring.referential_store import snapshot
from scoring.serialize import case_document

P = ProposalStatus
VALIDATE = Transition("validate", (P.DRAFT,), P.VALID, gettext_lazy("validate the proposal"))
SUPERSEDE = Transition("supersede", (P.VALID,), P.SUPERSEDED,
                       gettext_lazy("replace the proposal by a new version"))
REDRAFT = Transition("redraft", (P.DRAFT,), P.SUPERSEDED,
                     gettext_lazy("replace the draft by the next discussion's"))
EDITABLE = ("systemic", "local", "preparation", "follow_up", "off_referential",
            "off_referential_reason")


def discuss_and_draft(case: Case, user) -> Proposal:
    """The case is under discussion: a first proposal drafted from the engine, under the
    active referential (recorded with it)."""
    referential = Referential.objects.filter(status=ReferentialStatus.ACTIVE).first()
    if referential is None:
        raise TransitionRefused(_("No referential is active: an admin must activate one."))
    with transaction.atomic():
        case_workflow.discuss_case(case, user)
        for earlier in case.proposals.filter(status=P.DRAFT):  # a discussion without quorum
            perform(earlier, REDRAFT, user, note=_("Discussed again at another meeting."))
        return _draft(case, referential, user)


def _draft(case: Case, referential: Referential, user) -> Proposal:
    prefetch_related_objects([case.patient], *PATIENT_FACT_RELATIONS)
    facts = case_facts(case.patient, timezone.localdate())
    result = evaluate_case(facts, snapshot(referential))
    names = dict(Drug.objects.values_list("code", "name"))
    statements = draft_statements(result, names)
    if case.emergency_treatment.strip():  # recorded afterwards, as the rules ask
        statements.insert(0, Statement(
            "local", f"Traité en urgence avant la RCP : {case.emergency_treatment.strip()}",
            f"Treated in emergency before the meeting: {case.emergency_treatment.strip()}"))
    version = (case.proposals.aggregate(last=Max("version"))["last"] or 0) + 1
    return Proposal.objects.create(
        case=case, version=version, referential=referential,
        engine_result=case_document(result),
        statements=[s.as_dict() for s in statements], created_by=user,
        **section_texts(statements))


def update_proposal(proposal: Proposal, user, *, lock_version: int | None = None,
                    **fields) -> Proposal:
    """The panel's edits of a draft; departing from the referential needs its reason.

    `lock_version` is the version the editor loaded: when someone saved since, the edit is
    refused with an EditConflict (patients/concurrency.py). Without it (a script) the edit
    applies to the stored version."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TransitionRefused(_("These fields cannot be edited: %(fields)s.")
                                % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        # Checked on the locked row: a signature may have frozen it since the form opened.
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != P.DRAFT:
            raise TransitionRefused(_("A signed proposal cannot change: make a new version."))
        claim_version(locked, typed=fields, loaded_version=(
            locked.lock_version if lock_version is None else lock_version))
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.off_referential and not locked.off_referential_reason.strip():
            raise TransitionRefused(_("Say why the panel departs from the referential."))
        locked._history_user = user
        locked.save()
    proposal.refresh_from_db()
    return proposal


def sign_proposal(proposal: Proposal, user) -> QuorumStatus:
    """The member signs; when the signers make the quorum the proposal becomes valid (frozen)
    and the case signed."""
    if not user.has_perm("recommendations.sign_proposal"):
        raise TransitionRefused(_("Only panel members sign proposals."))
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != P.DRAFT:
            raise TransitionRefused(_("This proposal is no longer open to signatures."))
        specialty = _signing_specialty(proposal, user)
        if proposal.signatures.filter(user=user).exists():
            raise TransitionRefused(_("You have already signed this proposal."))
        Signature.objects.create(proposal=proposal, user=user, specialty=specialty)
        status = signers_quorum(proposal)
        if status.met:
            perform(proposal, VALIDATE, user, changes={"validated_at": timezone.now()})
            _supersede_previous(proposal, user)
            if proposal.case.status == CaseStatus.DISCUSSED:
                case_workflow.mark_case_signed(proposal.case, user)
    return status


def _signing_specialty(proposal: Proposal, user) -> str:
    """A first version is signed by members present at its meeting, with the specialty
    recorded there; a later version by panel members with their own specialty."""
    meeting = proposal.case.meeting
    if proposal.previous_id is None:
        attendance = Attendance.objects.filter(meeting=meeting, user=user, present=True).first()
        if meeting is None or attendance is None:
            raise TransitionRefused(_("Only the members present at the meeting sign."))
        return attendance.specialty or user.specialty
    if not user.specialty:
        raise TransitionRefused(_("Your account has no specialty: ask an admin."))
    return user.specialty


def signers_quorum(proposal: Proposal) -> QuorumStatus:
    meeting_type = proposal.case.meeting.meeting_type if proposal.case.meeting else (
        "bone_metastasis")
    return quorum_status(meeting_type, list(proposal.signatures.values_list("specialty",
                                                                             flat=True)))


def close_without_quorum(proposal: Proposal, user) -> QuorumStatus:
    """The meeting ends and the signers do not make the quorum: the case goes back for the
    next meeting, the missing specialties named."""
    status = signers_quorum(proposal)
    if status.met:
        raise TransitionRefused(_("The quorum is met: the proposal is valid."))
    missing = status.missing_labels() or [
        _("%(count)s physicians of distinct specialties") % {"count": status.min_physicians}]
    case_workflow.postpone_case(proposal.case, user, missing=missing)
    return status


def new_version(proposal: Proposal, user, *, reason: str) -> Proposal:
    """A change after signature: a new draft version, with its reason; the signed one stays
    valid (and readable) until the new one is signed."""
    if proposal.status != P.VALID:
        raise TransitionRefused(_("Only a valid proposal gets a new version."))
    if not reason.strip():
        raise TransitionRefused(_("Say why the proposal changes."))
    if Proposal.objects.filter(previous=proposal).exists():
        raise TransitionRefused(_("A new version of this proposal already exists."))
    return Proposal.objects.create(
        case=proposal.case, version=proposal.version + 1, previous=proposal,
        referential=proposal.referential, engine_result=proposal.engine_result,
        statements=proposal.statements, change_reason=reason, created_by=user,
        **{name: getattr(proposal, name) for name in EDITABLE})


def _supersede_previous(proposal: Proposal, user) -> None:
    if proposal.previous_id and proposal.previous.status == P.VALID:
        perform(proposal.previous, SUPERSEDE, user,
                note=_("Replaced by version %(version)s.") % {"version": proposal.version})
