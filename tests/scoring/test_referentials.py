"""Versioned referentials: the first edition loaded by migration, drafts, activation, files.

The engine must answer from the active edition, change its answer when an admin activates a
new one (no code change), and keep the rules of an older edition available by version."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from scoring.case_json import read_case
from scoring.engine.evaluate import evaluate_case
from scoring.engine.referential import build_referential
from scoring.models import (
    FrozenReferentialError,
    Referential,
    ReferentialStatus,
    ZolDoseBand,
)
from scoring.referential_actions import (
    ReferentialActionError,
    activate_referential,
    clone_referential,
    import_referential,
    referential_errors,
)
from scoring.referential_data import read_document, seed_referential
from scoring.referential_files import from_csv, from_json, to_csv, to_json
from scoring.referential_store import document_of
from scoring.referentials import current_referential, referential_by_version
from tests.scoring.cases import TODAY, load

pytestmark = pytest.mark.django_db


def active() -> Referential:
    return Referential.objects.get(status=ReferentialStatus.ACTIVE)


def zol_dose(referential_result) -> Decimal:
    return referential_result.zoledronic_acid_dose.value.dose_mg


def evaluate(referential):
    return evaluate_case(read_case(load("spinal_case"), TODAY), referential)


def band(referential, code) -> ZolDoseBand:
    return ZolDoseBand.objects.get(referential=referential, code=code)


class TestFirstEdition:
    def test_a_fresh_database_has_the_seed_edition_active(self):
        assert Referential.objects.count() == 1
        assert active().version == read_document()["version"]

    def test_the_stored_edition_gives_the_engine_the_seed_tables(self):
        assert build_referential(document_of(active())) == seed_referential()

    def test_the_engine_reads_the_active_edition(self):
        assert current_referential().version == active().version


class TestDrafts:
    def test_a_clone_is_a_draft_with_the_same_tables(self):
        draft = clone_referential(active(), version="2027.1")
        assert draft.status == ReferentialStatus.DRAFT
        assert draft.based_on == active()
        original, copy = document_of(active()), document_of(draft)
        assert copy.pop("version") == "2027.1"
        original.pop("version")
        assert copy == original

    def test_a_version_is_unique(self):
        with pytest.raises(ReferentialActionError, match="already exists"):
            clone_referential(active(), version=active().version)

    def test_an_active_edition_cannot_change(self):
        row = band(active(), "gt60")
        row.dose_mg = Decimal("3.9")
        with pytest.raises(FrozenReferentialError):
            row.save()
        with pytest.raises(FrozenReferentialError):
            row.delete()


class TestActivation:
    def test_a_new_dose_changes_the_engine_answer_without_code(self):
        before = zol_dose(evaluate(current_referential()))  # clearance 70.1: > 60 band
        draft = clone_referential(active(), version="2027.1")
        row = band(draft, "gt60")
        row.dose_mg = Decimal("3.9")
        row.save()
        activate_referential(draft)
        assert (before, zol_dose(evaluate(current_referential()))) == (
            Decimal("4.0"), Decimal("3.9"))

    def test_the_old_edition_keeps_its_rules_by_version(self):
        """What a proposal signed under 2026.1 shows after 2027.1 is active."""
        old_version = active().version
        draft = clone_referential(active(), version="2027.1")
        ZolDoseBand.objects.filter(referential=draft, code="gt60").update(dose_mg=Decimal("3.9"))
        activate_referential(draft)
        assert Referential.objects.get(version=old_version).status == ReferentialStatus.RETIRED
        assert zol_dose(evaluate(referential_by_version(old_version))) == Decimal("4.0")
        assert evaluate(referential_by_version(old_version)).referential_version == old_version

    def test_only_a_draft_can_be_activated(self):
        with pytest.raises(ReferentialActionError, match="Only a draft"):
            activate_referential(active())

    @pytest.mark.parametrize(("change", "message"), [
        ({"code": "40to49", "lower": Decimal("41")}, "zoledronic_acid_dose"),  # a gap at 40-41
        ({"code": "30to39", "dose_mg": Decimal("-1")}, "dose"),
        ({"code": "50to60", "source": ""}, "source"),
    ])
    def test_an_invalid_table_is_refused_with_its_reason(self, change, message):
        draft = clone_referential(active(), version="bad")
        code = change.pop("code")
        ZolDoseBand.objects.filter(referential=draft, code=code).update(**change)
        errors = referential_errors(draft)
        assert any(message in error for error in errors), errors
        with pytest.raises(ReferentialActionError) as refused:
            activate_referential(draft)
        assert refused.value.errors == errors
        assert active().version == read_document()["version"]  # nothing changed

    def test_activation_records_who_and_when(self, admin_user):
        draft = clone_referential(active(), version="2027.1", user=admin_user)
        activate_referential(draft, user=admin_user)
        draft.refresh_from_db()
        assert draft.activated_by == admin_user and draft.activated_at is not None
        assert draft.history.first().history_user == admin_user


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer, so there is no race to test; "
                           "CI runs this on PostgreSQL")
def test_concurrent_activations_leave_exactly_one_active():
    from scoring.referential_store import ensure_first_referential

    ensure_first_referential()  # transactional tests may start from emptied tables
    drafts = [clone_referential(active(), version=f"race-{i}") for i in range(4)]
    barrier = threading.Barrier(len(drafts))
    outcomes = []

    def activate(draft):
        barrier.wait()
        try:
            activate_referential(draft)
            outcomes.append("ok")
        except ReferentialActionError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=activate, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Referential.objects.filter(status=ReferentialStatus.ACTIVE).count() == 1
    assert outcomes.count("ok") >= 1


class TestFiles:
    @pytest.mark.parametrize(("write", "read"), [(to_json, from_json), (to_csv, from_csv)])
    def test_export_then_import_gives_an_identical_referential(self, write, read):
        original = document_of(active())
        document = read(write(original))
        document["version"] = "imported"
        imported = import_referential(document)
        again = document_of(imported)
        assert again.pop("version") == "imported"
        original.pop("version")
        assert again == original

    @pytest.mark.parametrize(("text", "read", "message"), [
        ("{not json", from_json, "Not valid JSON"),
        ("topic,path\n", from_csv, "must start with the columns"),
        ("topic,path,type,value\nmirels,bands[0].upper,int,eight\n", from_csv,
         "not a valid 'int' value"),
    ])
    def test_a_broken_file_is_refused_with_its_line(self, text, read, message):
        from scoring.engine.referential import ReferentialError
        with pytest.raises(ReferentialError, match=message):
            read(text)

    def test_an_invalid_import_stores_nothing(self):
        document = document_of(active())
        document["version"] = "broken"
        document["tables"]["zoledronic_acid_dose"]["bands"][1]["lower"] = "31"  # a gap
        count = Referential.objects.count()
        with pytest.raises(ReferentialActionError) as refused:
            import_referential(document)
        assert any("zoledronic_acid_dose" in error for error in refused.value.errors)
        assert Referential.objects.count() == count


def test_an_emptied_database_gets_the_first_edition_back():
    Referential.objects.all().delete()
    from scoring.referential_store import ensure_first_referential

    restored = ensure_first_referential()
    assert restored.status == ReferentialStatus.ACTIVE
    assert restored.version == read_document()["version"]
    assert ensure_first_referential() == restored  # once only
