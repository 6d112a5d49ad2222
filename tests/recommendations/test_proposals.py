"""Proposals: drafted from the engine under the active referential, edited, signed to the
meeting's quorum, frozen, versioned."""

from decimal import Decimal

import pytest

from recommendations.models import (
    CaseStatus,
    FrozenProposalError,
    ProposalStatus,
)
from recommendations.proposals import (
    close_without_quorum,
    discuss_and_draft,
    new_version,
    sign_proposal,
    update_proposal,
)
from recommendations.quorum import quorum_status
from recommendations.workflow import TransitionRefused, events_of
from scoring.models import Referential, ReferentialStatus, ZolDoseBand
from scoring.referential_actions import activate_referential, clone_referential
from scoring.referentials import current_referential, referential_by_version
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clinician, coordinator):
    return scheduled_case(clinician, coordinator)


@pytest.fixture
def proposal(case, panel_member):
    return discuss_and_draft(case, panel_member)


def texts(proposal) -> str:
    return "\n".join(s["text_en"] for s in proposal.statements)


class TestDrafting:
    def test_it_is_drafted_from_the_engine_under_the_active_referential(self, proposal, case):
        case.refresh_from_db()
        assert case.status == CaseStatus.DISCUSSED
        active = Referential.objects.get(status=ReferentialStatus.ACTIVE)
        assert proposal.referential == active
        assert proposal.engine_result["referential"]["version"] == active.version
        # Mirels 12 at the trochanter: prophylactic surgery; clearance 86: 4.0 mg
        assert "Mirels 12" in texts(proposal)
        assert "surgical opinion recommended" in texts(proposal)
        assert "Lésion Fémur" in proposal.local

    def test_agents_are_named_as_the_drug_vocabulary_names_them(self, case, panel_member):
        from tests.factories import drug
        case.patient.life_expectancy = "gt12m"  # the anti-resorptive is indicated
        case.patient.save()
        proposal = discuss_and_draft(case, panel_member)
        agents = [s["text_en"] for s in proposal.statements
                  if s["section"] == "systemic" and "(IV)" in s["text_en"]]
        assert agents and agents[0].startswith(drug("zoledronic_acid").name)

    def test_each_automatic_statement_keeps_its_source(self, proposal):
        cited = [s for s in proposal.statements if s["rule_id"]]
        assert cited and all(s["source"] for s in cited)
        sections = {s["section"] for s in proposal.statements}
        assert {"systemic", "local", "follow_up"} <= sections

    def test_departing_from_the_referential_needs_its_reason(self, proposal, panel_member):
        with pytest.raises(TransitionRefused, match="departs"):
            update_proposal(proposal, panel_member, off_referential=True)
        update_proposal(proposal, panel_member, off_referential=True,
                        off_referential_reason="Patient refuses surgery.",
                        local="- Radiotherapy 8 Gy")
        proposal.refresh_from_db()
        assert proposal.off_referential and proposal.local == "- Radiotherapy 8 Gy"


class TestQuorum:
    @pytest.mark.parametrize(("specialties", "met", "missing"), [
        (QUORUM, True, ()),
        (("oncology", "radiotherapy", "orthopaedic_surgery"), True, ()),
        (("oncology", "radiotherapy"), False,  # two physicians, no radiologist nor surgeon
         (("interventional_radiology", "orthopaedic_surgery", "neurosurgery"),)),
        (("oncology", "oncology", "radiotherapy", "rheumatology"), False,
         (("interventional_radiology", "orthopaedic_surgery", "neurosurgery"),)),
        (("oncology", "radiotherapy", "interventional_radiology", "other"), True, ()),
        (("rheumatology", "radiotherapy", "pain_medicine"), False,
         (("oncology",), ("interventional_radiology", "orthopaedic_surgery", "neurosurgery"))),
    ])
    def test_it_needs_distinct_physicians_and_the_required_specialties(self, specialties,
                                                                        met, missing):
        status = quorum_status("bone_metastasis", list(specialties))
        assert (status.met, status.missing) == (met, missing)


class TestSignOff:
    def test_it_becomes_valid_once_the_signers_make_the_quorum(self, proposal, case):
        signers = members(case.meeting, *QUORUM)
        assert not sign_proposal(proposal, signers[0]).met
        assert not sign_proposal(proposal, signers[1]).met
        assert sign_proposal(proposal, signers[2]).met
        proposal.refresh_from_db()
        case.refresh_from_db()
        assert proposal.status == ProposalStatus.VALID and proposal.validated_at
        assert case.status == CaseStatus.SIGNED
        assert [e.transition for e in events_of(proposal)] == ["validate"]

    def test_only_members_present_sign_and_only_once(self, proposal, case, panel_member):
        with pytest.raises(TransitionRefused, match="present"):
            sign_proposal(proposal, panel_member)
        (member,) = members(case.meeting, "oncology")
        sign_proposal(proposal, member)
        with pytest.raises(TransitionRefused, match="already signed"):
            sign_proposal(proposal, member)

    def test_a_clinician_cannot_sign(self, proposal, clinician):
        with pytest.raises(TransitionRefused, match="panel members"):
            sign_proposal(proposal, clinician)

    def test_without_quorum_the_case_goes_back_naming_what_is_missing(self, proposal, case,
                                                                      coordinator):
        for member in members(case.meeting, "oncology", "radiotherapy", "rheumatology"):
            sign_proposal(proposal, member)
        close_without_quorum(proposal, coordinator)
        case.refresh_from_db()
        assert case.status == CaseStatus.SUBMITTED and case.meeting is None
        assert "Interventional radiology" in events_of(case).last().note

    def test_a_valid_proposal_is_frozen_and_changes_by_new_version(self, proposal, case,
                                                                   panel_member):
        signers = members(case.meeting, *QUORUM)
        for member in signers:
            sign_proposal(proposal, member)
        proposal.refresh_from_db()
        proposal.local = "changed"
        with pytest.raises(FrozenProposalError):
            proposal.save()
        with pytest.raises(TransitionRefused, match="why"):
            new_version(proposal, panel_member, reason="")
        second = new_version(proposal, panel_member, reason="Surgery declined")
        assert (second.version, second.previous, second.status) == (
            2, proposal, ProposalStatus.DRAFT)
        update_proposal(second, panel_member, local="- Radiotherapy 8 Gy in 1 fraction")
        for signer in signers:  # a later version: signed with the members' own specialty
            sign_proposal(second, signer)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SUPERSEDED
        assert proposal.local != second.local  # the earlier version stays readable


def test_a_signed_proposal_keeps_the_rules_of_its_own_edition(proposal, case):
    """Referentials issue: a new edition changes new evaluations, never a signed proposal."""
    for member in members(case.meeting, *QUORUM):
        sign_proposal(proposal, member)
    old = proposal.referential
    draft = clone_referential(old, version="2027.1")
    ZolDoseBand.objects.filter(referential=draft, code="gt60").update(dose_mg=Decimal("3.9"))
    activate_referential(draft)
    proposal.refresh_from_db()
    assert proposal.referential == old and current_referential().version == "2027.1"
    assert "zoledronic acid 4.0 mg" in texts(proposal)
    rules = referential_by_version(proposal.referential.version)
    assert rules["zoledronic_acid_dose"] != current_referential()["zoledronic_acid_dose"]


def test_no_statement_is_drafted_twice(case, panel_member):
    """A drug's window reason is also the planning's: it is stated once."""
    import datetime as dt

    from patients.models import SystemicTreatment
    from tests.factories import drug
    SystemicTreatment.objects.create(patient=case.patient, drug=drug("capecitabine"),
                                     start_date=dt.date(2026, 9, 1))
    proposal = discuss_and_draft(case, panel_member)
    keys = [(s["section"], s["lesion_id"], s["text_fr"]) for s in proposal.statements]
    assert any("capecitabine" in text for _section, _lesion, text in keys)
    assert len(keys) == len(set(keys))


def test_an_emergency_treated_before_the_meeting_is_recorded_in_the_proposal(
        clinician, coordinator, panel_member):
    case = scheduled_case(clinician, coordinator,
                          emergency_treatment="Radiothérapie 8 Gy le 20/11, corticoïdes.")
    proposal = discuss_and_draft(case, panel_member)
    assert proposal.local.startswith("- Traité en urgence avant la RCP : Radiothérapie 8 Gy")


def test_a_case_discussed_again_after_no_quorum_gets_a_fresh_draft(proposal, case,
                                                                   coordinator, panel_member):
    from recommendations.case_workflow import schedule_case
    from tests.factories import MeetingFactory

    close_without_quorum(proposal, coordinator)
    case.refresh_from_db()
    schedule_case(case, MeetingFactory(place="Salle 2"), coordinator)
    second = discuss_and_draft(case, panel_member)
    proposal.refresh_from_db()
    assert (proposal.status, second.version, second.status) == (
        ProposalStatus.SUPERSEDED, 2, ProposalStatus.DRAFT)
    assert [e.transition for e in events_of(proposal)] == ["redraft"]
