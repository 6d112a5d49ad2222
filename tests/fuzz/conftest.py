"""The fuzz tests' objects: the authorisation matrix's world (tests/security/world.py: one
user per role, a patient, cases in each state, a meeting, a proposal, a document, an
attachment) plus the demo patients, which hold a record of every kind. Built once per test
module inside a transaction rolled back at its end; every Hypothesis example then runs in a
savepoint of its own (`rolled_back`), so no example sees what another one saved."""

import traceback
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.second_factor import give_known_device, is_required
from patients.records import RECORD_KINDS
from recommendations.demo import demo_patients
from tests.factories import UserFactory
from tests.security.world import World, build_world

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
KNOWN_SECRET = "JBSWY3DPEHPK3PXP"  # a device for the code step; its codes are never typed


@dataclass
class FuzzWorld:
    base: World
    records: dict  # record kind slug -> one record of that kind
    user_with_device: object  # has a second factor, not yet verified in its session

    def user(self, role: str):
        if role == "with_device":
            return self.user_with_device
        return self.base.users[role]

    def __getattr__(self, name: str):
        return getattr(self.base, name)


def one_record_of_each_kind(clinician) -> dict:
    demo_patients(referring_clinician=clinician, today=timezone.localdate())
    records = {}
    for slug, kind in RECORD_KINDS.items():
        record = kind.model.objects.filter(patient__referring_clinician=clinician).first()
        assert record is not None, f"the demo patients have no {slug} record"
        records[slug] = record
    return records


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> FuzzWorld:
    media = tmp_path_factory.mktemp("fuzz-media")
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=str(media), PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        base = build_world()
        with_device = UserFactory(username="fuzz-with-device", roles=["clinician"])
        give_known_device(with_device, secret_base32=KNOWN_SECRET)
        yield FuzzWorld(base, one_record_of_each_kind(base.users["clinician"]), with_device)
        transaction.set_rollback(True)


@contextmanager
def rolled_back():
    """One example's changes, undone when it ends (a savepoint in the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def logged_in(user) -> Client:
    """A client that reports a failing view as a 500 answer instead of raising, logged in as
    `user` (with the second factor verified for those who must have one)."""
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    if user is None:
        return client
    client.force_login(user)
    if is_required(user):
        device, _created = give_known_device(user, secret_base32=KNOWN_SECRET)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def describe_failure(response) -> str:
    """The traceback of the exception behind a 500, for the assertion message."""
    info = getattr(response, "exc_info", None)
    return "".join(traceback.format_exception(*info)) if info else ""
