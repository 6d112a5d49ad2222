"""A recorded access never changes and is never deleted: not through the model, not through
a queryset, not in the database (a trigger), and the admin offers neither."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from audit.models import AccessEvent, AccessEventError

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(clinician):
    return AccessEvent.objects.create(user=clinician, action="view", kind="patient",
                                      subject_id=1, patient_id=1, patient_ref="IPP1",
                                      path="/patients/1/")


def test_it_refuses_to_save_a_recorded_event_again(event):
    event.action = "download"
    with pytest.raises(AccessEventError):
        event.save()
    assert AccessEvent.objects.get().action == "view"


def test_it_refuses_to_delete_an_event(event):
    with pytest.raises(AccessEventError):
        event.delete()
    assert AccessEvent.objects.exists()


def test_it_refuses_bulk_changes_and_deletions(event):
    with pytest.raises(AccessEventError):
        AccessEvent.objects.filter(pk=event.pk).update(action="download")
    with pytest.raises(AccessEventError):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get().action == "view"


def test_the_database_refuses_an_update_that_bypasses_django(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accessevent SET action = 'download'")
    assert AccessEvent.objects.get().action == "view"


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite keeps DELETE for Django's test flush; PostgreSQL's uses "
                           "TRUNCATE, so only there is the row-delete trigger installed")
def test_the_database_refuses_a_delete_that_bypasses_django(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accessevent")
    assert AccessEvent.objects.exists()


def test_it_gives_no_one_a_right_to_add_change_or_delete(event, admin_user):
    assert admin_user.is_superuser
    request = RequestFactory().get("/admin/audit/accessevent/")
    request.user = admin_user
    model_admin = site._registry[AccessEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.has_view_permission(request, event)


def test_no_permission_but_reading_exists_to_grant():
    codenames = Permission.objects.filter(content_type__app_label="audit")
    assert set(codenames.values_list("codename", flat=True)) == {"view_accessevent"}
