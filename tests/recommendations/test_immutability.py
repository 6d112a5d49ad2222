# ruff: noqa: F811 (the pytest fixtures imported from documents_helpers)
"""Signed records are immutable in the database itself (migration 0006's triggers): a
queryset update or raw SQL that goes around the models' save() is refused too, while the
workflow (signing to the quorum, a new version superseding the valid one) still works. The
same tests run on SQLite (locally) and PostgreSQL (.ci/run)."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from recommendations.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    Proposal,
    ProposalStatus,
    Signature,
)
from recommendations.proposals import new_version, sign_proposal, update_proposal
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    case,
    draft_proposal,
    signers,
    valid_proposal,
)

pytestmark = pytest.mark.django_db


def refused(sql_or_call, *params) -> bool:
    """Whether the database refuses the write (inside a savepoint, so the test goes on)."""
    try:
        with transaction.atomic():
            if callable(sql_or_call):
                sql_or_call()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(sql_or_call, params)
    except (IntegrityError, DatabaseError):
        return True
    return False


def ready_document(proposal) -> Document:
    return Document.objects.create(
        kind=DocumentKind.PROPOSAL, proposal=proposal, revision="r" * 64,
        status=DocumentStatus.READY, file="documents/proposal/1-rrrr.pdf", sha256="a" * 64,
        signed=True, rendered_at=timezone.now())


class TestValidProposal:
    def test_it_refuses_a_queryset_update_of_its_text(self, valid_proposal):
        assert refused(lambda: Proposal.objects.filter(pk=valid_proposal.pk)
                       .update(systemic="Changed behind the panel's back"))
        valid_proposal.refresh_from_db()
        assert valid_proposal.systemic != "Changed behind the panel's back"

    def test_it_refuses_raw_sql_changing_its_reason(self, valid_proposal):
        assert refused("UPDATE recommendations_proposal SET off_referential_reason = %s "
                       "WHERE id = %s", "other", valid_proposal.pk)

    def test_it_refuses_going_back_to_draft(self, valid_proposal):
        assert refused(lambda: Proposal.objects.filter(pk=valid_proposal.pk)
                       .update(status=ProposalStatus.DRAFT))

    def test_it_refuses_a_new_validation_date(self, valid_proposal):
        assert refused(lambda: Proposal.objects.filter(pk=valid_proposal.pk)
                       .update(validated_at=timezone.now()))

    def test_it_refuses_its_deletion(self, valid_proposal):
        assert refused("DELETE FROM recommendations_signature WHERE proposal_id = %s",
                       valid_proposal.pk)
        assert refused("DELETE FROM recommendations_proposal WHERE id = %s", valid_proposal.pk)
        assert Proposal.objects.filter(pk=valid_proposal.pk).exists()


class TestWorkflowStillWorks:
    def test_it_lets_a_draft_change(self, draft_proposal):
        assert not refused(lambda: Proposal.objects.filter(pk=draft_proposal.pk)
                           .update(systemic="Zoledronic acid discussed"))

    def test_it_lets_signers_make_the_quorum(self, valid_proposal, signers):
        assert valid_proposal.status == ProposalStatus.VALID
        assert valid_proposal.validated_at is not None
        assert valid_proposal.signatures.count() == len(signers)

    def test_it_lets_a_new_signed_version_supersede_the_valid_one(self, valid_proposal,
                                                                  panel_member, signers):
        second = new_version(valid_proposal, panel_member, reason="New imaging.")
        update_proposal(second, panel_member, local="Radiotherapy 8 Gy, one fraction.")
        for member in signers:
            sign_proposal(second, member)
        valid_proposal.refresh_from_db()
        second.refresh_from_db()
        assert (valid_proposal.status, second.status) == (ProposalStatus.SUPERSEDED,
                                                          ProposalStatus.VALID)

    def test_it_refuses_bringing_a_superseded_one_back(self, valid_proposal, panel_member,
                                                       signers):
        second = new_version(valid_proposal, panel_member, reason="New imaging.")
        for member in signers:
            sign_proposal(second, member)
        assert refused(lambda: Proposal.objects.filter(pk=valid_proposal.pk)
                       .update(status=ProposalStatus.VALID))


class TestSignature:
    def test_it_refuses_changing_a_signature(self, valid_proposal):
        signature = valid_proposal.signatures.first()
        assert refused(lambda: Signature.objects.filter(pk=signature.pk)
                       .update(specialty="surgery"))

    def test_it_refuses_deleting_a_signature_even_of_a_draft(self, draft_proposal, signers):
        sign_proposal(draft_proposal, signers[0])
        assert refused(lambda: Signature.objects.filter(proposal=draft_proposal).delete())
        assert draft_proposal.signatures.count() == 1

    def test_it_refuses_a_second_signature_by_the_same_member(self, draft_proposal, signers):
        signature = Signature.objects.create(proposal=draft_proposal, user=signers[0],
                                             specialty="oncology")
        assert refused(lambda: Signature.objects.create(
            proposal=draft_proposal, user=signature.user, specialty="oncology"))


class TestReadyDocument:
    def test_it_refuses_a_new_hash(self, valid_proposal):
        document = ready_document(valid_proposal)
        assert refused(lambda: Document.objects.filter(pk=document.pk).update(sha256="b" * 64))

    def test_it_refuses_a_new_file_or_signature_flag(self, valid_proposal):
        document = ready_document(valid_proposal)
        assert refused("UPDATE recommendations_document SET file = %s WHERE id = %s",
                       "elsewhere.pdf", document.pk)
        assert refused("UPDATE recommendations_document SET signed = %s WHERE id = %s",
                       False, document.pk)

    def test_it_refuses_going_back_to_pending(self, valid_proposal):
        document = ready_document(valid_proposal)
        assert refused(lambda: Document.objects.filter(pk=document.pk)
                       .update(status=DocumentStatus.PENDING))

    def test_it_refuses_its_deletion(self, valid_proposal):
        document = ready_document(valid_proposal)
        assert refused(lambda: Document.objects.filter(pk=document.pk).delete())

    def test_it_lets_the_rendering_bookkeeping_change(self, valid_proposal):
        document = ready_document(valid_proposal)
        assert not refused(lambda: Document.objects.filter(pk=document.pk)
                           .update(error="", attempts=2, requested_by=None))

    def test_it_lets_a_pending_document_become_ready(self, valid_proposal):
        document = Document.objects.create(kind=DocumentKind.PROPOSAL,
                                           proposal=valid_proposal, revision="p" * 64)
        assert not refused(lambda: Document.objects.filter(pk=document.pk).update(
            status=DocumentStatus.READY, sha256="c" * 64, file="documents/x.pdf"))


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_and_keeps_the_guards(valid_proposal):
    call_command("flush", interactive=False, verbosity=0)
    assert not Proposal.objects.exists() and not Signature.objects.exists()
    if connection.vendor == "sqlite":
        from recommendations.immutable_records import SQLITE_TRIGGERS, installed_sqlite_triggers

        assert installed_sqlite_triggers(connection) == {name for name, _t in SQLITE_TRIGGERS}
