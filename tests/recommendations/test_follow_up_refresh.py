"""A signed proposal and the patient's records become follow-up rows
(recommendations.follow_up.inputs and .refresh): what the proposal decided is read from its
stored engine results, the rows follow the records, and people's decisions are never undone."""

import datetime as dt

import pytest
from django.utils import translation

from patients.models import DentalAssessment
from recommendations.follow_up import actions as follow_up
from recommendations.follow_up.inputs import engine_proposal
from recommendations.follow_up.refresh import refresh_all, refresh_patient
from recommendations.models import FollowUpAction, FollowUpStatus, ProposalStatus, Urgency
from recommendations.workflow import TransitionRefused, events_of
from tests.factories import (
    AntiresorptiveTreatmentFactory,
    LesionFactory,
    LocalTreatmentFactory,
    UserFactory,
    drug,
)
from tests.recommendations.follow_up_helpers import (
    EITHER_AGENT,
    ZOL_ONLY,
    case_for,
    days_ago,
    signed,
)

pytestmark = pytest.mark.django_db
S = FollowUpStatus


def kinds(patient_id, status=S.OPEN) -> list[str]:
    return sorted(FollowUpAction.objects.filter(patient_id=patient_id, status=status)
                  .values_list("kind", flat=True))


def row(patient_id, kind) -> FollowUpAction:
    return FollowUpAction.objects.get(patient_id=patient_id, kind=kind, status=S.OPEN)


def lesion_result(lesion_id, **decisions) -> dict:
    result = {"lesion_id": str(lesion_id), "radiotherapy": {"indications": []}}
    for procedure, decision in decisions.items():
        if procedure == "radiotherapy":
            result["radiotherapy"] = {"indications": ["pain"] if decision else []}
        else:
            result[procedure] = {"decision": decision}
    return {"result": {"antiresorptive": {"should_start": False}, "lesions": [result]}}


class TestWhatTheProposalDecided:
    def engine(self, proposal):
        patient = proposal.case.patient
        return engine_proposal(proposal, patient)

    def test_the_only_agent_allowed_is_named(self):
        proposal = signed(case_for(), ZOL_ONLY)
        assert [t.kind for t in self.engine(proposal).treatments] == ["zoledronic_acid"]

    def test_two_agents_allowed_leave_the_choice_to_the_prescriber(self):
        proposal = signed(case_for(), EITHER_AGENT)
        assert [t.kind for t in self.engine(proposal).treatments] == ["antiresorptive"]

    @pytest.mark.parametrize("should_start", [False, None])
    def test_no_anti_resorptive_unless_the_plan_says_to_start(self, should_start):
        result = {"result": {"antiresorptive": {"should_start": should_start,
                                                "agents": ZOL_ONLY["result"]["antiresorptive"]
                                                ["agents"]}}}
        assert self.engine(signed(case_for(), result)).treatments == ()

    def test_a_vitamin_d_loading(self):
        result = {"result": {"vitamin_d": {"loading": {"doses": 4}}}}
        assert [t.kind for t in self.engine(signed(case_for(), result)).treatments] == [
            "vitamin_d_loading"]

    def test_indicated_local_treatments_with_the_date_recorded_since_the_signature(self):
        case = case_for()
        lesion = LesionFactory(patient=case.patient)
        proposal = signed(case, lesion_result(lesion.pk, cementoplasty="indicated",
                                              thermal_ablation="contraindicated",
                                              radiotherapy=True), on=days_ago(20))
        LocalTreatmentFactory(patient=case.patient, lesion=lesion, kind="cementoplasty",
                              start_date=days_ago(30), end_date=None, total_dose_gy=None,
                              fractions=None)  # before the signature: not this proposal's
        LocalTreatmentFactory(patient=case.patient, lesion=lesion, kind="cementoplasty",
                              start_date=days_ago(10), end_date=None, total_dose_gy=None,
                              fractions=None)
        treatments = {t.kind: t for t in self.engine(proposal).treatments}
        assert set(treatments) == {"cementoplasty", "radiotherapy"}
        assert treatments["cementoplasty"].planned_on == days_ago(10)
        assert treatments["cementoplasty"].lesion_id == str(lesion.pk)
        assert treatments["radiotherapy"].planned_on is None

    def test_a_departure_keeps_only_what_the_records_show(self):
        case = case_for()
        lesion = LesionFactory(patient=case.patient)
        result = lesion_result(lesion.pk, cementoplasty="indicated")
        result["result"]["antiresorptive"] = ZOL_ONLY["result"]["antiresorptive"]
        proposal = signed(case, result, on=days_ago(5), off_referential=True)
        assert self.engine(proposal).treatments == ()
        LocalTreatmentFactory(patient=case.patient, lesion=lesion, kind="thermal_ablation",
                              start_date=days_ago(2), end_date=None, total_dose_gy=None,
                              fractions=None)
        assert [(t.kind, t.planned_on) for t in self.engine(proposal).treatments] == [
            ("thermal_ablation", days_ago(2))]

    def test_an_urgent_case_is_an_emergency(self):
        assert self.engine(signed(case_for(urgency=Urgency.URGENT))).emergency is True
        assert self.engine(signed(case_for())).emergency is False


class TestRefresh:
    def test_a_signed_proposal_to_start_zoledronic_acid_gives_its_checks(self):
        proposal = signed(case_for())
        refresh_patient(proposal.case.patient_id, dt.date.today())
        patient_id = proposal.case.patient_id
        assert kinds(patient_id) == ["antiresorptive_reassessment", "calcium_check",
                                     "dental_check", "vitamin_d_maintenance",
                                     "vitamin_d_recheck"]
        dental = row(patient_id, "dental_check")
        assert dental.due_date == proposal.validated_at.date()  # none on record: before starting
        assert dental.reasons[0]["source"]
        assert row(patient_id, "antiresorptive_reassessment").missing[0]["name"] == (
            "antiresorptive_proposed_start")
        assert row(patient_id, "vitamin_d_recheck").due_date is None  # no 25-OH value

    def test_it_is_safe_to_run_twice(self):
        proposal = signed(case_for())
        refresh_patient(proposal.case.patient_id, dt.date.today())
        before = list(FollowUpAction.objects.values_list("pk", "due_date", "status"))
        counts = refresh_patient(proposal.case.patient_id, dt.date.today())
        assert (counts.created, counts.updated, counts.removed) == (0, 0, 0)
        assert list(FollowUpAction.objects.values_list("pk", "due_date", "status")) == before

    def test_a_new_record_moves_an_open_action(self):
        proposal = signed(case_for(), on=days_ago(40))
        patient = proposal.case.patient
        refresh_patient(patient.pk, dt.date.today())
        first = row(patient.pk, "dental_check")
        DentalAssessment.objects.create(patient=patient, assessed_on=days_ago(3), result="fit")
        refresh_patient(patient.pk, dt.date.today())
        moved = row(patient.pk, "dental_check")
        assert moved.pk != first.pk and moved.due_date > dt.date.today()
        assert not FollowUpAction.objects.filter(pk=first.pk).exists()
        assert first.history.filter(history_type="-").exists()  # its deletion is on record

    def test_a_later_proposal_replaces_the_open_actions_of_the_earlier_one(self):
        case = case_for()
        first = signed(case, on=days_ago(60))
        refresh_patient(case.patient_id, dt.date.today())
        first.status = ProposalStatus.SUPERSEDED
        first.save(update_fields=["status"])
        second = signed(case, EITHER_AGENT, version=2)
        refresh_patient(case.patient_id, dt.date.today())
        assert set(FollowUpAction.objects.filter(proposal=first).values_list(
            "status", flat=True)) == {S.REPLACED}
        assert FollowUpAction.objects.filter(proposal=second, status=S.OPEN).count() == 5
        replaced = FollowUpAction.objects.filter(proposal=first).first()
        assert [e.transition for e in events_of(replaced)] == ["replace"]

    def test_without_any_valid_proposal_the_open_actions_are_replaced(self):
        proposal = signed(case_for())
        refresh_patient(proposal.case.patient_id, dt.date.today())
        proposal.status = ProposalStatus.SUPERSEDED
        proposal.save(update_fields=["status"])
        refresh_patient(proposal.case.patient_id, dt.date.today())
        assert kinds(proposal.case.patient_id) == []

    def test_refresh_all_covers_every_patient_with_a_signed_proposal(self):
        proposals = [signed(case_for()) for _ in range(3)]
        counts = refresh_all(dt.date.today())
        assert counts.patients == 3
        for proposal in proposals:
            assert len(kinds(proposal.case.patient_id)) == 5

    def test_one_patient_failing_does_not_stop_the_others(self, monkeypatch, caplog):
        from recommendations.follow_up import refresh as refresh_module
        broken, fine = signed(case_for()), signed(case_for())
        real = refresh_module.engine_proposal

        def engine_proposal(proposal, patient):
            if proposal.pk == broken.pk:
                raise ValueError("corrupt engine result")
            return real(proposal, patient)

        monkeypatch.setattr(refresh_module, "engine_proposal", engine_proposal)
        counts = refresh_all(dt.date.today())
        assert (counts.patients, counts.failed) == (2, 1)
        assert len(kinds(fine.case.patient_id)) == 5
        assert kinds(broken.case.patient_id) == []
        assert f"patient {broken.case.patient_id}" in caplog.text

    def test_an_ongoing_denosumab_gives_its_next_injection(self):
        case = case_for()
        AntiresorptiveTreatmentFactory(patient=case.patient, drug=drug("denosumab"),
                                       start_date=days_ago(200))
        signed(case, {"result": {}})
        refresh_patient(case.patient_id, dt.date.today())
        injection = row(case.patient_id, "denosumab_injection")
        assert injection.due_date is None  # no injection recorded: reported missing
        assert injection.missing[0]["name"] == "denosumab_last_injection"


class TestPeopleDecide:
    def setup_method(self):
        self.user = None

    def started(self, on=None):
        proposal = signed(case_for(), on=on or days_ago(30))
        refresh_patient(proposal.case.patient_id, dt.date.today())
        return proposal, UserFactory(roles=["clinician"])

    def test_a_recurring_check_done_brings_the_next_one(self):
        proposal, user = self.started()
        patient_id = proposal.case.patient_id
        follow_up.mark_done(row(patient_id, "dental_check"), user, days_ago(2))
        done = FollowUpAction.objects.get(patient_id=patient_id, kind="dental_check",
                                          status=S.DONE)
        assert done.done_on == days_ago(2)
        following = row(patient_id, "dental_check")
        assert following.due_date > dt.date.today()
        assert [(e.transition, e.by) for e in events_of(done)] == [("done", user)]

    def test_a_one_off_action_done_stays_done(self):
        proposal, user = self.started()
        patient_id = proposal.case.patient_id
        follow_up.mark_done(row(patient_id, "vitamin_d_maintenance"), user, days_ago(1))
        refresh_patient(patient_id, dt.date.today())
        assert "vitamin_d_maintenance" not in kinds(patient_id)

    def test_not_applicable_holds_for_the_kind_whatever_its_dates(self):
        proposal, user = self.started()
        patient = proposal.case.patient
        follow_up.mark_not_applicable(row(patient.pk, "dental_check"), user,
                                      "Edentulous patient")
        DentalAssessment.objects.create(patient=patient, assessed_on=days_ago(3), result="fit")
        refresh_patient(patient.pk, dt.date.today())
        assert "dental_check" not in kinds(patient.pk)
        kept = FollowUpAction.objects.get(patient=patient, kind="dental_check")
        assert (kept.status, kept.not_applicable_reason) == (S.NOT_APPLICABLE,
                                                             "Edentulous patient")

    def test_reopening_removes_the_occurrence_the_done_had_dated(self):
        proposal, user = self.started()
        patient_id = proposal.case.patient_id
        action = row(patient_id, "dental_check")
        follow_up.mark_done(action, user, days_ago(2))
        follow_up.reopen(action, user)
        assert list(FollowUpAction.objects.filter(patient_id=patient_id, kind="dental_check")
                    .values_list("pk", "status")) == [(action.pk, S.OPEN)]
        assert [e.transition for e in events_of(action)] == ["done", "reopen"]

    @pytest.mark.parametrize(("offset", "message"), [(-1, "future"), (31, "before")])
    def test_a_done_date_in_the_future_or_before_the_signature_is_refused(self, offset,
                                                                          message):
        proposal, user = self.started(on=days_ago(30))
        action = row(proposal.case.patient_id, "dental_check")
        with pytest.raises(TransitionRefused, match=message):
            follow_up.mark_done(action, user, days_ago(offset))
        action.refresh_from_db()
        assert action.status == S.OPEN and events_of(action).count() == 0

    def test_acting_twice_is_refused_clearly(self):
        proposal, user = self.started()
        action = row(proposal.case.patient_id, "calcium_check")
        follow_up.mark_done(action, user, days_ago(1))
        with pytest.raises(TransitionRefused):
            follow_up.mark_not_applicable(action, user, "Changed my mind")
        with pytest.raises(TransitionRefused):
            follow_up.mark_done(action, user, days_ago(1))

    @pytest.mark.parametrize("reason", ["", "   ", "\x00"])
    def test_not_applicable_needs_a_reason(self, reason):
        proposal, user = self.started()
        action = row(proposal.case.patient_id, "calcium_check")
        with pytest.raises(TransitionRefused):
            follow_up.mark_not_applicable(action, user, reason)


class TestSubjectLabels:
    def test_a_lesion_by_its_site_and_a_drug_by_its_name_in_two_queries(
            self, django_assert_max_num_queries):
        from recommendations.follow_up.selectors import with_subject_labels
        case = case_for()
        lesion = LesionFactory(patient=case.patient, site="l3", side="")
        proposal = signed(case)
        common = {"proposal": proposal, "patient": case.patient, "label_fr": "x",
                  "label_en": "x"}
        rows = [FollowUpAction.objects.create(kind="reevaluation_after_radiotherapy",
                                              subject=str(lesion.pk), **common),
                FollowUpAction.objects.create(kind="reevaluation_after_cementoplasty",
                                              subject="999999", **common),
                FollowUpAction.objects.create(kind="radiotherapy_washout_stop",
                                              subject="gemcitabine", **common),
                FollowUpAction.objects.create(kind="dental_check", subject="", **common)]
        with django_assert_max_num_queries(2), translation.override("en"):
            labelled = with_subject_labels(rows)
        assert [a.subject_label for a in labelled] == [
            str(lesion), "deleted lesion", drug("gemcitabine").name, ""]
