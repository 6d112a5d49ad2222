"""Proposal pages: the panel opens the discussion, edits, signs to the quorum; refusals are
messages, never errors; each role sees only what it may do."""

import pytest
from django.urls import reverse

from recommendations.models import CaseStatus, Proposal, ProposalStatus
from recommendations.proposals import discuss_and_draft
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clinician, coordinator):
    return scheduled_case(clinician, coordinator)


@pytest.fixture
def proposal(case, coordinator):
    return discuss_and_draft(case, coordinator)


def url(name, *args):
    return reverse(f"recommendations:{name}", args=args)


def test_the_coordinator_opens_the_discussion(client, coordinator, case):
    client.force_login(coordinator)
    response = client.post(url("case_discuss", case.pk))
    proposal = Proposal.objects.get(case=case)
    assert response.url == url("proposal_detail", proposal.pk)
    case.refresh_from_db()
    assert case.status == CaseStatus.DISCUSSED


def test_a_clinician_cannot_open_the_discussion(client, clinician, case):
    client.force_login(clinician)
    assert client.post(url("case_discuss", case.pk)).status_code == 403
    assert not Proposal.objects.exists()


def test_opening_twice_is_refused_with_a_message(client, coordinator, proposal, case):
    client.force_login(coordinator)
    response = client.post(url("case_discuss", case.pk), follow=True)
    assert "Cannot discuss the case: the case is discussed." in response.content.decode()


def test_the_referring_clinician_reads_it_with_its_sources(client, clinician, proposal):
    client.force_login(clinician)
    content = client.get(url("proposal_detail", proposal.pk)).content.decode()
    assert "Mirels 12" in content
    assert "000_22e11bcb602ff4a2.txt" in content  # a statement's source
    assert "Quorum not met" in content
    assert 'action="' + url("proposal_sign", proposal.pk) not in content


def test_a_panel_member_edits_and_an_off_referential_decision_needs_a_reason(
        client, panel_member, proposal):
    client.force_login(panel_member)
    data = {"systemic": "ZOL", "local": "8 Gy", "preparation": "", "follow_up": "",
            "off_referential": "on", "off_referential_reason": ""}
    response = client.post(url("proposal_edit", proposal.pk), data)
    assert response.status_code == 200
    assert "Say why the panel departs from the referential." in response.content.decode()
    data["off_referential_reason"] = "Patient declines surgery."
    assert client.post(url("proposal_edit", proposal.pk), data).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.local, proposal.off_referential) == ("8 Gy", True)


def test_members_sign_until_the_quorum_makes_it_valid(client, proposal, case):
    for member in members(case.meeting, *QUORUM):
        client.force_login(member)
        client.post(url("proposal_sign", proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VALID
    content = client.get(url("proposal_detail", proposal.pk)).content.decode()
    assert "Quorum met" in content and "Interventional radiology" in content


def test_a_member_absent_from_the_meeting_may_not_sign(client, panel_member, proposal):
    client.force_login(panel_member)
    assert client.post(url("proposal_sign", proposal.pk)).status_code == 403
    assert not proposal.signatures.exists()
    assert not client.get(url("proposal_detail", proposal.pk)).context["can_sign"]


def test_a_valid_proposal_cannot_be_edited_and_gets_new_versions(client, proposal, case):
    signers = members(case.meeting, *QUORUM)
    for member in signers:
        client.force_login(member)
        client.post(url("proposal_sign", proposal.pk))
    client.force_login(signers[0])
    assert client.post(url("proposal_edit", proposal.pk),
                       {"systemic": "x"}).status_code == 200  # refused on the form
    proposal.refresh_from_db()
    assert proposal.systemic != "x"
    response = client.post(url("proposal_new_version", proposal.pk),
                           {"reason": "Surgery declined"})
    second = Proposal.objects.get(case=case, version=2)
    assert response.url == url("proposal_edit", second.pk)


def test_closing_without_quorum_sends_the_case_back(client, coordinator, proposal, case):
    client.force_login(coordinator)
    response = client.post(url("proposal_close", proposal.pk), follow=True)
    assert "No quorum" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_the_coordinator_sends_it_and_the_email_holds_only_a_link(client, coordinator,
                                                                   clinician, proposal, case,
                                                                   mailoutbox):
    clinician.email = "dr@hopital.example"
    clinician.save()
    for member in members(case.meeting, *QUORUM):
        client.force_login(member)
        client.post(url("proposal_sign", proposal.pk))
    client.force_login(coordinator)
    client.post(url("proposal_send", proposal.pk))
    case.refresh_from_db()
    assert case.status == CaseStatus.SENT
    (mail,) = mailoutbox
    assert mail.to == ["dr@hopital.example"]
    assert url("proposal_detail", proposal.pk) in mail.body
    for private in (case.patient.family_name, case.patient.ipp, case.question, "Mirels"):
        assert private not in mail.body and private not in mail.subject


def test_a_draft_is_not_sent(client, coordinator, proposal, mailoutbox):
    client.force_login(coordinator)
    response = client.post(url("proposal_send", proposal.pk), follow=True)
    assert "Only a signed proposal is sent." in response.content.decode()
    assert not mailoutbox
