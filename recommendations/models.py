"""Meetings of the bone-metastasis panel (RCP). Cases, agenda and proposals come with them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Meeting(models.Model):
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT,
        related_name="chaired_meetings", null=True, blank=True,
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    expected_specialties = models.JSONField(
        _("specialties expected"), default=list, blank=True,
        help_text=_("Codes of the specialties the meeting's quorum needs."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["date", "start_time", "place"],
                                    name="meeting_unique_slot"),
        ]

    def __str__(self) -> str:
        return f"RCP {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:meeting_list") + f"#meeting-{self.pk}"
