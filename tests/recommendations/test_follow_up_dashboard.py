"""Follow-up actions outside their list: the referring clinician's home page card (what is
overdue or due) and the patient page's panel (the patient's open actions)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recommendations import dashboards
from recommendations.models import FollowUpStatus
from tests.factories import FollowUpActionFactory, UserFactory
from tests.recommendations.follow_up_helpers import case_for, days_ago, signed

pytestmark = pytest.mark.django_db
S = FollowUpStatus
NOTHING = {"result": {}}  # a signed proposal the engine draws no action from


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def proposal_of(clinician, patient=None):
    return signed(case_for(patient=patient, clinician=clinician), NOTHING, on=days_ago(60))


def action(proposal, kind, **fields):
    return FollowUpActionFactory(proposal=proposal, kind=kind, **fields)


@pytest.fixture
def mine(clinician):
    """The clinician's patient's actions, one in each state."""
    proposal = proposal_of(clinician)
    return {
        "due": action(proposal, "calcium_check", due_date=timezone.localdate()),
        "overdue": action(proposal, "dental_check", due_date=days_ago(4)),
        "undated": action(proposal, "vitamin_d_recheck", due_date=None),
        "upcoming": action(proposal, "antiresorptive_reassessment", due_date=in_days(30)),
        "done": action(proposal, "vitamin_d_maintenance", due_date=days_ago(9),
                       status=S.DONE, done_on=days_ago(8)),
    }


class TestTheHomePageCard:
    def test_it_gives_the_overdue_then_due_actions_of_my_patients(self, clinician, mine):
        action(proposal_of(UserFactory(roles=["clinician"])), "dental_check",
               due_date=days_ago(1))  # another clinician's
        rows = dashboards.follow_up_to_do(clinician)
        assert [(row.action, row.state) for row in rows.items] == [
            (mine["overdue"], "overdue"), (mine["due"], "due")]
        assert rows.total == 2
        assert rows.see_all_url == reverse("recommendations:follow_up_list") + "?state=now"

    def test_it_shows_a_few_and_counts_them_all(self, clinician):
        proposal = proposal_of(clinician)
        for days in range(dashboards.ROWS + 2):
            action(proposal, "dental_check", due_date=days_ago(days))
        rows = dashboards.follow_up_to_do(clinician)
        assert (len(rows.items), rows.total, rows.more) == (
            dashboards.ROWS, dashboards.ROWS + 2, True)

    def test_the_home_page_shows_the_card_with_its_link(self, client, clinician, mine):
        client.force_login(clinician)
        html = client.get(reverse("home")).content.decode()
        assert 'data-testid="dashboard-follow-up"' in html
        assert html.count('data-testid="dashboard-follow-up-row"') == 2
        assert 'data-testid="dashboard-follow-up-total">2<' in html
        assert 'data-state="overdue">Overdue</span>' in html
        assert 'href="/follow-up/?state=now"' in html

    def test_its_link_lists_what_it_counts(self, client, clinician, mine):
        client.force_login(clinician)
        response = client.get(dashboards.follow_up_to_do(clinician).see_all_url)
        assert [row.action for row in response.context["rows"]] == [mine["overdue"],
                                                                    mine["due"]]

    def test_it_is_the_clinicians_card(self, client, coordinator, mine):
        client.force_login(coordinator)
        assert 'data-testid="dashboard-follow-up"' not in client.get(
            reverse("home")).content.decode()

    def test_the_navigation_links_to_the_list(self, client, coordinator):
        client.force_login(coordinator)
        assert 'data-testid="follow-up-link"' in client.get(reverse("home")).content.decode()


class TestThePatientPagePanel:
    def page(self, client, patient, **query) -> str:
        response = client.get(patient.get_absolute_url(), query)
        assert response.status_code == 200
        return response.content.decode()

    def test_it_lists_the_open_actions_overdue_first_and_links_to_the_closed_ones(
            self, client, clinician, mine):
        client.force_login(clinician)
        html = self.page(client, mine["due"].patient)
        assert 'data-testid="patient-follow-up"' in html
        panel = html[html.index('data-testid="patient-follow-up"'):]
        states = [part.split('"', 1)[0]
                  for part in panel.split('data-testid="patient-follow-up-row" data-state="')[1:]]
        assert states == ["overdue", "due", "undated", "upcoming"]
        closed = (reverse("recommendations:follow_up_list")
                  + f"?patient={mine['due'].patient_id}&amp;state=closed&amp;whose=everyone")
        assert closed in panel and "See 1 closed action" in panel
        assert reverse("recommendations:follow_up_done", args=[mine["due"].pk]) in panel

    def test_its_closed_link_lists_the_patients_closed_actions(self, client, clinician, mine):
        other_patient = action(proposal_of(clinician), "dental_check", status=S.DONE)
        client.force_login(clinician)
        response = client.get(reverse("recommendations:follow_up_list"), {
            "patient": mine["done"].patient_id, "state": "closed", "whose": "everyone"})
        assert [row.action for row in response.context["rows"]] == [mine["done"]]
        assert other_patient.pk not in [row.action.pk for row in response.context["rows"]]

    def test_readers_see_the_actions_without_the_buttons(self, client, coordinator, mine):
        client.force_login(coordinator)
        html = self.page(client, mine["due"].patient)
        assert 'data-testid="patient-follow-up-row"' in html
        assert reverse("recommendations:follow_up_done", args=[mine["due"].pk]) not in html

    def test_a_patient_without_actions_has_no_panel(self, client, clinician):
        patient = case_for(clinician=clinician).patient
        client.force_login(clinician)
        assert 'data-testid="patient-follow-up"' not in self.page(client, patient)

    def test_a_patient_whose_actions_are_all_closed_gets_the_link_only(self, client,
                                                                       clinician):
        done = action(proposal_of(clinician), "dental_check", status=S.DONE)
        client.force_login(clinician)
        html = self.page(client, done.patient)
        assert "No follow-up action to do." in html and "See 1 closed action" in html

    def test_its_queries_do_not_grow_with_the_actions(self, client, clinician):
        proposal = proposal_of(clinician)
        action(proposal, "dental_check", due_date=days_ago(1))
        client.force_login(clinician)
        self.page(client, proposal.case.patient)  # warms what is read once per process
        with CaptureQueriesContext(connection) as one:
            self.page(client, proposal.case.patient)
        for days in range(2, 7):
            action(proposal, "dental_check", due_date=days_ago(days), flagged=True)
            action(proposal, "calcium_check", due_date=days_ago(days), status=S.DONE)
        with CaptureQueriesContext(connection) as many:
            html = self.page(client, proposal.case.patient)
        assert html.count('data-testid="patient-follow-up-row"') == 6
        assert len(many) == len(one)
