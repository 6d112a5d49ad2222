"""Meetings of the bone-metastasis panel (RCP): the calendar, its type (which sets the quorum)
and who attended."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeetingType(models.TextChoices):
    BONE_METASTASIS = "bone_metastasis", _("Bone metastases (RCP OOS)")


class Meeting(models.Model):
    meeting_type = models.CharField(_("meeting type"), max_length=40,
                                    choices=MeetingType.choices,
                                    default=MeetingType.BONE_METASTASIS,
                                    help_text=_("Sets the quorum (settings.RCP_QUORUMS)."))
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
        permissions = [("view_statistics", _("Can view the activity statistics"))]
        constraints = [
            models.UniqueConstraint(fields=["date", "start_time", "place"],
                                    name="meeting_unique_slot"),
        ]

    def __str__(self) -> str:
        return f"RCP {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:meeting_detail", args=[self.pk])


class Attendance(models.Model):
    """Who was at a meeting, with the specialty they held that day (counted for the quorum)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("participant"),
                             on_delete=models.PROTECT, related_name="attendances")
    specialty = models.CharField(_("specialty"), max_length=32, blank=True)
    present = models.BooleanField(_("present"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "user__last_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"],
                                               name="one_attendance_per_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.specialty or '-'})"
