"""The follow-up pages (recommendations.views.follow_up): the list of a user's actions, its
filters and permissions, and marking an action done, not applicable, or reopening it."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import AccessEvent, Action, SubjectKind
from recommendations.follow_up.panel import by_urgency
from recommendations.follow_up.refresh import refresh_patient
from recommendations.models import FollowUpAction, FollowUpStatus
from recommendations.views import follow_up as views
from recommendations.workflow import events_of
from tests.factories import FollowUpActionFactory, UserFactory
from tests.recommendations.follow_up_helpers import case_for, days_ago, signed

pytestmark = pytest.mark.django_db
S = FollowUpStatus
LIST = reverse("recommendations:follow_up_list")
NOTHING = {"result": {}}  # a signed proposal the engine draws no action from


def today() -> dt.date:
    return timezone.localdate()


def in_days(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def bare_proposal(clinician, **kwargs):
    """A signed proposal without actions of its own: the tests add the rows they need."""
    return signed(case_for(clinician=clinician), NOTHING, **kwargs)


def action(proposal, kind="dental_check", **fields) -> FollowUpAction:
    return FollowUpActionFactory(proposal=proposal, kind=kind, **fields)


def open_action(clinician, *, on: dt.date | None = None, kind="dental_check"):
    """An open action the refresh wrote from a proposal to start zoledronic acid signed `on`
    (the dental check is due on the signature's day)."""
    proposal = signed(case_for(clinician=clinician), on=on)
    refresh_patient(proposal.case.patient_id, today())
    return FollowUpAction.objects.get(proposal=proposal, kind=kind, status=S.OPEN)


def listed(response) -> list[int]:
    return [row.action.pk for row in response.context["rows"]]


def url(name: str, action: FollowUpAction) -> str:
    return reverse(f"recommendations:follow_up_{name}", args=[action.pk])


@pytest.fixture
def one_of_each(clinician):
    """One action in each state, of the clinician's patient."""
    proposal = bare_proposal(clinician, on=days_ago(30))
    return {
        "upcoming": action(proposal, "calcium_check", due_date=in_days(10)),
        "undated": action(proposal, "vitamin_d_recheck", due_date=None),
        "due": action(proposal, "antiresorptive_reassessment", due_date=today()),
        "due_not_before": action(proposal, "zol_after_denosumab", due_date=days_ago(3),
                                 timing="not_before"),
        "overdue": action(proposal, "dental_check", due_date=days_ago(5)),
        "done": action(proposal, "vitamin_d_maintenance", status=S.DONE,
                       done_on=days_ago(1)),
        "not_applicable": action(proposal, "washout", status=S.NOT_APPLICABLE,
                                 not_applicable_reason="Already done elsewhere"),
        "replaced": action(proposal, "radiotherapy_reevaluation", status=S.REPLACED),
    }


class TestTheList:
    def test_it_shows_what_is_to_do_overdue_first_then_due_undated_upcoming(
            self, client, clinician, one_of_each):
        client.force_login(clinician)
        response = client.get(LIST)
        assert response.status_code == 200
        rows = response.context["rows"]
        assert [row.state for row in rows] == ["overdue", "due", "due", "undated", "upcoming"]
        assert [row.action for row in rows] == [
            one_of_each[name] for name in ("overdue", "due_not_before", "due", "undated",
                                           "upcoming")]

    def test_its_order_agrees_with_each_actions_own_status(self, one_of_each):
        ordered = by_urgency(FollowUpAction.objects.all(), today())
        ranks = {"overdue": 0, "due": 1, "undated": 2, "upcoming": 3}
        for row in ordered:
            assert row.urgency_rank == ranks.get(row.due_status(today()), 4), row.kind

    @pytest.mark.parametrize(("state", "expected"), [
        ("overdue", {"overdue"}),
        ("due", {"due", "due_not_before"}),
        ("undated", {"undated"}),
        ("upcoming", {"upcoming"}),
        ("now", {"overdue", "due", "due_not_before"}),
        ("done", {"done"}),
        ("not_applicable", {"not_applicable"}),
        ("replaced", {"replaced"}),
        ("closed", {"done", "not_applicable", "replaced"}),
        ("all", {"upcoming", "undated", "due", "due_not_before", "overdue", "done",
                 "not_applicable", "replaced"}),
    ])
    def test_it_filters_by_state(self, client, clinician, one_of_each, state, expected):
        client.force_login(clinician)
        response = client.get(LIST, {"state": state})
        assert set(listed(response)) == {one_of_each[name].pk for name in expected}

    @pytest.mark.parametrize("query", [{"state": "bogus"}, {"state": ["due", "x" * 500]},
                                       {"patient": "abc"}, {"patient": "-3"},
                                       {"patient": str(10**30)}, {"whose": "all of them"},
                                       {"page": "nine"}])
    def test_a_value_it_does_not_understand_is_named_and_the_rest_applies(
            self, client, clinician, one_of_each, query):
        client.force_login(clinician)
        response = client.get(LIST, query)
        assert response.status_code == 200
        if "page" not in query:
            assert 'data-testid="ignored-filters"' in response.content.decode()
        assert one_of_each["overdue"].pk in listed(response)  # the default still applies

    def test_it_narrows_to_one_patient(self, client, clinician, one_of_each):
        other = action(bare_proposal(clinician))
        client.force_login(clinician)
        response = client.get(LIST, {"patient": other.patient_id})
        assert listed(response) == [other.pk]
        assert 'data-testid="follow-up-patient-filter"' in response.content.decode()

    def test_another_clinicians_actions_are_not_mine(self, client, clinician, one_of_each):
        theirs = action(bare_proposal(UserFactory(roles=["clinician"])))
        client.force_login(clinician)
        assert theirs.pk not in listed(client.get(LIST))
        assert theirs.pk in listed(client.get(LIST, {"whose": "everyone"}))

    def test_a_case_i_co_own_brings_its_actions(self, client, clinician):
        proposal = bare_proposal(UserFactory(roles=["clinician"]))
        proposal.case.co_owners.add(clinician)
        shared = action(proposal)
        client.force_login(clinician)
        assert listed(client.get(LIST)) == [shared.pk]

    def test_only_those_who_see_every_case_may_ask_for_everyones(self, client, clinician):
        reader = UserFactory(username="reader")
        reader.user_permissions.add(Permission.objects.get(codename="view_patient"))
        theirs = action(bare_proposal(clinician))
        client.force_login(reader)
        response = client.get(LIST, {"whose": "everyone"})
        assert response.status_code == 200
        assert "whose" not in response.context["form"].fields
        assert theirs.pk not in listed(response)

    def test_it_shows_the_date_the_state_in_words_the_flag_the_reasons_and_what_is_missing(
            self, client, clinician):
        proposal = bare_proposal(clinician, on=days_ago(30))
        action(proposal, "zol_after_denosumab", due_date=days_ago(2), timing="not_before",
               flagged=True)
        action(proposal, "dental_check", due_date=days_ago(5))
        action(proposal, "vitamin_d_recheck", due_date=None, missing=[
            {"name": "vitamin_d", "label_fr": "25-OH vitamine D", "label_en": "25-OH vitamin D"}])
        client.force_login(clinician)
        html = client.get(LIST).content.decode()
        assert f"not before {date_format(days_ago(2), 'SHORT_DATE_FORMAT')}" in html
        assert f"by {date_format(days_ago(5), 'SHORT_DATE_FORMAT')}" in html
        assert 'data-state="overdue">Overdue</span>' in html
        assert 'data-testid="follow-up-flagged">Needs a decision' in html
        assert "Before starting." in html and "source: Référentiel, suivi" in html
        assert "<details" in html and "25-OH vitamin D" in html

    def test_those_who_write_the_records_get_the_buttons(self, client, clinician, coordinator,
                                                         one_of_each):
        client.force_login(clinician)
        html = client.get(LIST, {"state": "all"}).content.decode()
        assert url("done", one_of_each["overdue"]) in html
        assert url("not_applicable", one_of_each["undated"]) in html
        assert url("reopen", one_of_each["done"]) in html
        assert url("reopen", one_of_each["replaced"]) not in html
        client.force_login(coordinator)
        html = client.get(LIST, {"state": "all", "whose": "everyone"}).content.decode()
        assert str(one_of_each["overdue"].patient) in html
        assert url("done", one_of_each["overdue"]) not in html
        assert url("reopen", one_of_each["done"]) not in html

    def test_it_pages_the_actions(self, client, clinician, monkeypatch):
        monkeypatch.setattr(views, "PAGE_SIZE", 2)
        proposal = bare_proposal(clinician)
        rows = [action(proposal, due_date=days_ago(days)) for days in range(5)]
        client.force_login(clinician)
        first = client.get(LIST)
        assert listed(first) == [rows[4].pk, rows[3].pk]
        assert 'data-testid="pagination"' in first.content.decode()
        assert listed(client.get(LIST, {"page": 3})) == [rows[0].pk]

    def test_it_records_an_access_to_each_patient_shown(self, client, clinician):
        shown = [action(bare_proposal(clinician)) for _ in range(3)]
        client.force_login(clinician)
        client.get(LIST)
        events = AccessEvent.objects.filter(kind=SubjectKind.FOLLOW_UP)
        assert sorted(events.values_list("patient_id", flat=True)) == sorted(
            row.patient_id for row in shown)
        assert {(e.user, e.action, e.subject_id) for e in events} == {
            (clinician, Action.VIEW, None)}

    def test_its_queries_do_not_grow_with_the_actions(self, client, clinician):
        action(bare_proposal(clinician))
        client.force_login(clinician)
        client.get(LIST)  # warms what is read once per process
        with CaptureQueriesContext(connection) as one:
            assert len(listed(client.get(LIST))) == 1
        for _ in range(9):
            action(bare_proposal(clinician), flagged=True)
        with CaptureQueriesContext(connection) as ten:
            assert len(listed(client.get(LIST, {"whose": "everyone"}))) == 10
        assert len(ten) == len(one)

    def test_it_is_for_those_who_read_patients(self, client):
        assert client.get(LIST).status_code == 302  # to the login page
        client.force_login(UserFactory(username="nobody"))
        assert client.get(LIST).status_code == 403


class TestMarkingDone:
    def test_the_form_shows_the_action_and_today_and_records_the_access(self, client,
                                                                        clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.get(url("done", pending))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="follow-up-summary"' in html and pending.label in html
        assert f'value="{today().isoformat()}"' in html
        assert AccessEvent.objects.filter(kind=SubjectKind.FOLLOW_UP, subject_id=pending.pk,
                                          action=Action.VIEW).exists()

    def test_it_marks_the_action_done_and_goes_back(self, client, clinician):
        pending = open_action(clinician, on=days_ago(3))
        client.force_login(clinician)
        back = f"/patients/{pending.patient_id}/"
        response = client.post(url("done", pending), {"done_on": days_ago(1).isoformat(),
                                                      "next": back}, follow=True)
        assert response.redirect_chain[0] == (back, 302)
        pending.refresh_from_db()
        assert (pending.status, pending.done_on) == (S.DONE, days_ago(1))
        assert [event.by for event in events_of(pending)] == [clinician]
        assert "Marked done" in response.content.decode()

    @pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x",
                                          "home", ""])
    def test_a_next_off_the_site_leads_to_the_list(self, client, clinician, next_url):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.post(url("done", pending), {"done_on": today().isoformat(),
                                                      "next": next_url})
        assert response.status_code == 302 and response["Location"] == LIST

    @pytest.mark.parametrize(("done_on", "message"), [
        (lambda: in_days(1), "This date is in the future."),
        (lambda: days_ago(4), "The action cannot be done before the proposal was signed"),
    ])
    def test_a_refused_date_comes_back_on_the_form(self, client, clinician, done_on,
                                                   message):
        pending = open_action(clinician, on=days_ago(3))
        client.force_login(clinician)
        response = client.post(url("done", pending), {"done_on": done_on().isoformat()})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response.context["form"]["done_on"].value() == done_on().isoformat()
        pending.refresh_from_db()
        assert pending.status == S.OPEN and not events_of(pending).exists()

    def test_an_invalid_date_is_a_field_error(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.post(url("done", pending), {"done_on": "31/02/2026x"})
        assert response.status_code == 200 and response.context["form"].errors["done_on"]

    def test_acting_twice_is_a_conflict_said_in_words(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        data = {"done_on": today().isoformat()}
        assert client.post(url("done", pending), data).status_code == 302
        again = client.post(url("done", pending), data)
        assert again.status_code == 409
        assert "Cannot mark the action done: the follow-up action is done." in (
            again.content.decode())
        assert events_of(pending).count() == 1

    def test_it_answers_404_for_an_unknown_action(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("recommendations:follow_up_done", args=[999999])
                          ).status_code == 404

    def test_those_who_do_not_write_the_records_are_refused(self, client, clinician,
                                                            coordinator):
        pending = open_action(clinician)
        client.force_login(coordinator)
        assert client.get(url("done", pending)).status_code == 403
        assert client.post(url("done", pending),
                           {"done_on": today().isoformat()}).status_code == 403
        pending.refresh_from_db()
        assert pending.status == S.OPEN
        assert AccessEvent.objects.filter(kind=SubjectKind.FOLLOW_UP, action=Action.REFUSED,
                                          patient_id=pending.patient_id).count() == 2

    def test_those_who_may_not_see_the_case_are_refused(self, client, clinician):
        pending = open_action(clinician)
        writer = UserFactory(username="writer-only")
        writer.user_permissions.add(*Permission.objects.filter(
            codename__in=["view_patient", "change_patient"]))
        client.force_login(writer)
        assert client.get(url("done", pending)).status_code == 403

    def test_another_clinician_who_sees_the_case_may_act(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(UserFactory(roles=["clinician"]))
        assert client.post(url("done", pending),
                           {"done_on": today().isoformat()}).status_code == 302


class TestMarkingNotApplicable:
    @pytest.mark.parametrize("reason", ["", "   "])
    def test_the_reason_is_required(self, client, clinician, reason):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.post(url("not_applicable", pending), {"reason": reason})
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
        pending.refresh_from_db()
        assert pending.status == S.OPEN

    def test_it_keeps_the_reason(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.post(url("not_applicable", pending),
                               {"reason": "Dental check done in town last week"})
        assert response.status_code == 302 and response["Location"] == LIST
        pending.refresh_from_db()
        assert (pending.status, pending.not_applicable_reason) == (
            S.NOT_APPLICABLE, "Dental check done in town last week")

    def test_a_reason_too_long_is_refused(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.post(url("not_applicable", pending), {"reason": "x" * 5000})
        assert response.status_code == 200 and response.context["form"].errors["reason"]

    def test_acting_twice_is_a_conflict(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        client.post(url("not_applicable", pending), {"reason": "Not for this patient"})
        again = client.post(url("not_applicable", pending), {"reason": "Still not"})
        assert again.status_code == 409
        assert "Cannot mark the action not applicable" in again.content.decode()
        pending.refresh_from_db()
        assert pending.not_applicable_reason == "Not for this patient"


class TestReopening:
    def test_a_done_action_is_to_do_again(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        client.post(url("done", pending), {"done_on": today().isoformat()})
        response = client.post(url("reopen", pending), {"next": LIST + "?state=all"},
                               follow=True)
        assert response.redirect_chain == [(LIST + "?state=all", 302)]
        pending.refresh_from_db()
        assert (pending.status, pending.done_on) == (S.OPEN, None)
        assert "Reopened" in response.content.decode()

    def test_an_open_action_cannot_be_reopened(self, client, clinician):
        pending = open_action(clinician)
        client.force_login(clinician)
        response = client.post(url("reopen", pending), follow=True)
        assert "Cannot reopen the action: the follow-up action is to do." in (
            response.content.decode())
        pending.refresh_from_db()
        assert pending.status == S.OPEN

    def test_it_takes_a_post_only_and_the_right_to_write(self, client, clinician,
                                                         coordinator):
        pending = open_action(clinician)
        client.force_login(clinician)
        assert client.get(url("reopen", pending)).status_code == 405
        client.force_login(coordinator)
        assert client.post(url("reopen", pending)).status_code == 403
