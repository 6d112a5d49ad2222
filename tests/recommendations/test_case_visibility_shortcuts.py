"""The shortcuts the meeting and case pages take (recommendations.permissions): a user who may
read every patient sees every case without a query, others through the same rule as before;
a case's prefetched co-owners answer "is this an owner?" without a query; the quorum comes
from the attendance list the page has read."""

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Q

from patients.models import Patient
from recommendations.meetings import attendances, meeting_quorum
from recommendations.models import Attendance, Case
from recommendations.permissions import (
    can_view_case,
    can_withdraw_case,
    case_for_reading,
    only_visible,
    visible_among,
    visible_cases,
)
from tests.factories import MeetingFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def new_case(referrer, **fields) -> Case:
    patient = PatientFactory(referring_clinician=referrer)
    return Case.objects.create(patient=patient, referring_clinician=referrer,
                               question="Radiotherapy or fixation?", **fields)


def rule_as_written(user) -> set[int]:
    """The rule of `can_view_case` spelled out in one query, as it read before the shortcut:
    the user's own and co-owned cases, plus, with view_case, those of readable patients."""
    if not user.is_authenticated:
        return set()
    mine = Q(referring_clinician=user) | Q(co_owners=user)
    readable = (Patient.objects.all() if user.has_perm("patients.view_patient")
                else Patient.objects.none())
    rule = mine | Q(patient__in=readable) if user.has_perm("recommendations.view_case") else mine
    return set(Case.objects.filter(rule).values_list("pk", flat=True))


def with_permissions(username: str, *codenames: str):
    user = UserFactory(username=username)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


@pytest.fixture
def users(role_users, clinician):
    co_owner = UserFactory(username="dr-co-owner-no-role")
    return {**role_users, "co_owner_without_role": co_owner, "no_role": UserFactory(),
            "cases_without_patients": with_permissions("cases-only", "view_case"),
            "patients_without_cases": with_permissions("patients-only", "view_patient")}


@pytest.fixture
def cases(users, clinician):
    other = UserFactory(username="dr-other", roles=["clinician"])
    shared = new_case(other)
    shared.co_owners.add(users["co_owner_without_role"])
    return [new_case(clinician), new_case(other), shared]


@pytest.mark.parametrize("who", ["clinician", "coordinator", "panel_member", "admin",
                                 "co_owner_without_role", "no_role", "cases_without_patients",
                                 "patients_without_cases"])
def test_each_user_sees_the_cases_the_rule_gives(users, cases, who):
    user = users[who]
    expected = rule_as_written(user)
    assert set(visible_cases(user).values_list("pk", flat=True)) == expected
    assert visible_among(user, Case.objects.all()) == expected
    assert set(only_visible(user, Case.objects.all()).values_list("pk", flat=True)) == expected
    assert {case.pk for case in cases if can_view_case(user, case)} == expected


def test_a_user_who_reads_every_patient_is_answered_without_a_query(
        coordinator, cases, django_assert_num_queries):
    coordinator.has_perm("recommendations.view_case")  # the permission cache, filled once
    loaded = list(Case.objects.all())
    with django_assert_num_queries(0):
        assert visible_among(coordinator, loaded) == {case.pk for case in loaded}
        waiting = Case.objects.filter(status="submitted")
        assert only_visible(coordinator, waiting) is waiting


def test_prefetched_co_owners_answer_without_a_query(clinician, django_assert_num_queries):
    colleague = UserFactory(username="dr-colleague", roles=["clinician"])
    stranger = UserFactory(username="dr-stranger", roles=["clinician"])
    case = new_case(UserFactory(username="dr-referrer", roles=["clinician"]))
    case.co_owners.add(colleague)
    colleague.has_perm("recommendations.view_case")
    stranger.has_perm("recommendations.view_case")
    read = case_for_reading(colleague, case.pk, prefetch=("co_owners",))
    with django_assert_num_queries(0):
        assert can_withdraw_case(colleague, read)
        assert not can_withdraw_case(stranger, read)
        assert [user.pk for user in read.co_owners.all()] == [colleague.pk]


def test_a_co_owner_removed_after_the_prefetch_is_asked_again(clinician):
    colleague = UserFactory(username="dr-colleague", roles=["clinician"])
    case = new_case(UserFactory(username="dr-referrer", roles=["clinician"]))
    case.co_owners.add(colleague)
    read = case_for_reading(colleague, case.pk, prefetch=("co_owners",))
    read.co_owners.remove(colleague)  # clears the prefetched list
    assert not can_withdraw_case(colleague, read)


def test_the_quorum_counts_only_those_present(panel_member):
    meeting = MeetingFactory()
    Attendance.objects.create(meeting=meeting, user=panel_member, specialty="radiotherapy")
    absent = UserFactory(username="absent", roles=["panel_member"])
    Attendance.objects.create(meeting=meeting, user=absent, specialty="oncology",
                              present=False)
    status = meeting_quorum(meeting, list(attendances(meeting)))
    assert status.physicians == 1
