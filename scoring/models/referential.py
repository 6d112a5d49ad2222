"""Versioned referentials: the clinical rule tables the engine reads, managed by admins.

A referential is an edition (name, edition, version, effective date, source documents) in one
of three states: a **draft** is edited; exactly one **active** edition is read by every new
evaluation; a **retired** edition stays, frozen, for the proposals signed under it. Only a
draft may change (`FrozenReferentialError` otherwise), so a signed proposal always finds the
rules it was decided on.

Its content is split between typed tables (`scoring.models.tables*`, one model per kind of
row, declared in `scoring.referential_tables`) and, for each topic, the settings that are not
rows (`TopicSettings`). Together they rebuild the topic documents the engine parses
(`scoring.referential_store.document_of`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FrozenReferentialError(Exception):
    """Only a draft referential may change."""


class ReferentialStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Referential(models.Model):
    name = models.CharField(_("name"), max_length=200)
    edition = models.CharField(_("edition"), max_length=300)
    version = models.CharField(
        _("version"), max_length=40, unique=True,
        help_text=_("A short identifier, unique, recorded with every evaluation (e.g. 2027.1)."))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReferentialStatus.choices,
                              default=ReferentialStatus.DRAFT, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    based_on = models.ForeignKey("self", verbose_name=_("cloned from"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="clones",
                                 editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True, editable=False)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("activated by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referential")
        verbose_name_plural = _("referentials")
        constraints = [
            models.UniqueConstraint(fields=["status"], condition=models.Q(status="active"),
                                    name="one_active_referential"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == ReferentialStatus.DRAFT

    @property
    def label(self) -> str:
        """As the engine's Referential names itself, so pages and documents agree."""
        return f"{self.name} — {self.edition} (v{self.version})"


class FrozenUnlessDraft(models.Model):
    """Rows of a referential: changed or deleted only while their referential is a draft."""

    referential = models.ForeignKey(Referential, verbose_name=_("referential"),
                                    on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_draft()
        return super().delete(*args, **kwargs)

    def _check_draft(self) -> None:
        status = (Referential.objects.filter(pk=self.referential_id)
                  .values_list("status", flat=True).first())
        if status is not None and status != ReferentialStatus.DRAFT:
            raise FrozenReferentialError(
                f"The referential is {status}: only a draft can change.")


class SourceDocument(FrozenUnlessDraft):
    """A text the referential's rows cite (the seed files, an ESMO guideline, a paper)."""

    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=40)
    file = models.CharField(_("file"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [models.UniqueConstraint(fields=["referential", "code"],
                                               name="unique_source_code_per_referential")]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class TopicSettings(FrozenUnlessDraft):
    """What a topic holds besides its typed tables: thresholds, delays, labels, and the whole
    of the topics without typed tables (the published prognostic scores). Validated by the
    engine's own parser when the referential is validated."""

    topic = models.CharField(_("topic"), max_length=40)
    data = models.JSONField(_("settings"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic"]
        verbose_name = _("topic settings")
        verbose_name_plural = _("topic settings")
        constraints = [models.UniqueConstraint(fields=["referential", "topic"],
                                               name="unique_topic_per_referential")]

    def __str__(self) -> str:
        return self.topic


class TableRow(FrozenUnlessDraft):
    """Base of the typed tables: each row has its place in the table and cites its source."""

    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.TextField(_("source"), help_text=_(
        "Seed file and table or section, or the published paper."))

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def clean(self):
        super().clean()
        if not (self.source or "").strip():
            from django.core.exceptions import ValidationError
            raise ValidationError({"source": _("Every row must cite its source.")})
