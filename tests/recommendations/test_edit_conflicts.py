"""Two people edit the same case or proposal: the second save is refused (409) with who saved
and what differs, nothing typed is lost, and saving again after review goes through. The
workflow's moves make an open edit form stale too."""

import pytest
from django.urls import reverse

from patients.concurrency import EditConflict, claim_version
from recommendations.case_workflow import schedule_case, submit_case
from recommendations.forms.case import CaseForm
from recommendations.models import Case, Proposal
from recommendations.proposal_forms import ProposalForm
from recommendations.proposals import discuss_and_draft, sign_proposal, update_proposal
from recommendations.workflow import TransitionRefused
from tests.factories import LesionFactory, MeetingFactory, PatientFactory, UserFactory
from tests.patients.concurrency_helpers import (
    browser_of,
    differences_shown,
    form_post,
    loaded_version,
    saved_at,
)
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(clinician) -> Case:
    patient = PatientFactory(referring_clinician=clinician)
    case = Case.objects.create(patient=patient, referring_clinician=clinician,
                               question="Fixation or radiotherapy?", patient_informed=True)
    case.lesions.add(LesionFactory(patient=patient))
    return case


@pytest.fixture
def proposal(clinician, coordinator) -> Proposal:
    return discuss_and_draft(scheduled_case(clinician, coordinator), coordinator)


class TestCaseEdit:
    def test_the_second_save_is_refused_then_goes_through_after_review(self, clinician,
                                                                      draft):
        url = reverse("recommendations:case_edit", args=[draft.pk])
        fields = CaseForm.Meta.fields
        first_tab, second_tab = browser_of(clinician), browser_of(clinician)
        version_a = loaded_version(first_tab.get(url))
        version_b = loaded_version(second_tab.get(url))

        assert first_tab.post(url, form_post(draft, fields, version_a,
                                             question="Cementoplasty?")).status_code == 302
        typed = form_post(draft, fields, version_b, clinical_summary="Pain since May.")
        refused = second_tab.post(url, typed)

        html = refused.content.decode()
        assert refused.status_code == 409
        draft.refresh_from_db()
        assert (draft.question, draft.clinical_summary) == ("Cementoplasty?", "")
        assert f"saved this record at {saved_at(draft)} while you were editing" in html
        table = differences_shown(refused)
        assert "Cementoplasty?" in table and "Fixation or radiotherapy?" in table
        assert "Pain since May.</textarea>" in html

        again = second_tab.post(url, {**typed, "lock_version": loaded_version(refused)})
        assert again.status_code == 302
        draft.refresh_from_db()
        assert draft.clinical_summary == "Pain since May."


class TestProposalEdit:
    def test_the_second_save_is_refused_then_goes_through_after_review(self, panel_member,
                                                                      proposal):
        colleague = UserFactory(username="dr-colleague", first_name="Inès", last_name="Roy",
                                roles=["panel_member"])
        url = reverse("recommendations:proposal_edit", args=[proposal.pk])
        first, second = browser_of(colleague), browser_of(panel_member)
        version_a, version_b = loaded_version(first.get(url)), loaded_version(second.get(url))

        assert first.post(url, form_post(proposal, ProposalForm.Meta.fields, version_a,
                                         local="Radiotherapy 8 Gy.")).status_code == 302
        typed = form_post(proposal, ProposalForm.Meta.fields, version_b,
                          follow_up="Review in 3 months.")
        refused = second.post(url, typed)

        html = refused.content.decode()
        assert refused.status_code == 409
        proposal.refresh_from_db()
        assert proposal.local == "Radiotherapy 8 Gy."
        assert (f"Someone else (Inès Roy) saved this record at {saved_at(proposal)}"
                in html)
        table = differences_shown(refused)
        assert "Radiotherapy 8 Gy." in table and "Review in 3 months." in table
        assert "Review in 3 months.</textarea>" in html

        again = second.post(url, {**typed, "lock_version": loaded_version(refused)})
        assert again.status_code == 302
        proposal.refresh_from_db()
        assert proposal.follow_up == "Review in 3 months."


class TestUpdateProposal:
    def test_it_refuses_an_edit_from_a_version_saved_over(self, panel_member, proposal):
        update_proposal(proposal, panel_member, lock_version=1, local="First.")
        with pytest.raises(EditConflict) as conflict:
            update_proposal(proposal, panel_member, lock_version=1, local="Second.")
        proposal.refresh_from_db()
        assert proposal.local == "First."
        assert [(d.stored, d.typed) for d in conflict.value.differences] == [
            ("First.", "Second.")]

    def test_without_a_version_it_edits_the_stored_one(self, panel_member, proposal):
        update_proposal(proposal, panel_member, local="First.")
        update_proposal(proposal, panel_member, local="Second.")
        proposal.refresh_from_db()
        assert (proposal.local, proposal.lock_version) == ("Second.", 3)

    def test_a_signed_proposal_is_still_refused_as_frozen(self, proposal):
        for member in members(proposal.case.meeting, *QUORUM):
            sign_proposal(proposal, member)
        with pytest.raises(TransitionRefused, match="signed proposal cannot change"):
            update_proposal(proposal, UserFactory(), lock_version=proposal.lock_version,
                            local="Too late.")


class TestWorkflowMovesTheCaseVersion:
    def test_each_move_of_the_case_moves_its_version(self, clinician, coordinator, draft):
        submit_case(draft, clinician)
        assert draft.lock_version == 2
        schedule_case(draft, MeetingFactory(), coordinator)
        assert draft.lock_version == 3

    def test_a_form_opened_before_a_submission_is_stale(self, clinician, draft):
        opened = Case.objects.get(pk=draft.pk)
        submit_case(draft, clinician)
        with pytest.raises(EditConflict) as conflict:
            claim_version(opened, loaded_version=opened.lock_version, typed={})
        assert conflict.value.changed_by == clinician
