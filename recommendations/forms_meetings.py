"""Forms of the meeting pages: the meeting itself (calendar) and a participant's attendance."""

import datetime as dt
from urllib.parse import urlsplit

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Specialty
from recommendations.meetings import (
    default_expected_specialties,
    possible_chairs,
    possible_participants,
)
from recommendations.models import Attendance, Meeting


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        specialty = user.get_specialty_display()
        return f"{user} ({specialty})" if specialty else str(user)


class MeetingForm(forms.ModelForm):
    # Typed without a scheme, a link is read as https; an http:// link is refused in clean.
    video_link = forms.URLField(label=_label(Meeting, "video_link"), required=False,
                                assume_scheme="https", max_length=200)
    expected_specialties = forms.MultipleChoiceField(
        label=_label(Meeting, "expected_specialties"), choices=Specialty.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ("date", "start_time", "registration_deadline", "place", "video_link",
                  "chair", "expected_specialties")
        field_classes = {"chair": ParticipantChoiceField}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "registration_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                         format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "place": gettext_lazy("A room, or leave empty for a meeting by video only."),
            "chair": gettext_lazy("A panel member or a physician."),
        }
        error_messages = {
            NON_FIELD_ERRORS: {"unique_together": gettext_lazy(
                "Another meeting is already planned at this place, date and time.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = possible_chairs(keep=self.instance.chair_id)
        if self.instance.pk is None:
            self.initial.setdefault("expected_specialties",
                                    default_expected_specialties(self.instance.meeting_type))
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Fieldset(_("When"), "date", "start_time", "registration_deadline"),
            Fieldset(_("Where"), "place", "video_link"),
            Fieldset(_("Panel"), "chair", "expected_specialties"),
            Submit("save", _("Save")),
        )

    def clean_video_link(self) -> str:
        link = self.cleaned_data["video_link"]
        if link and urlsplit(link).scheme != "https":
            raise forms.ValidationError(_("The video link must be secure (https://)."),
                                        code="video_link_https")
        return link

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("place", "").strip() and not data.get("video_link") \
                and "video_link" not in self.errors:
            raise forms.ValidationError(_("Give a place, a video link, or both."),
                                        code="no_place")
        day, start, deadline = (data.get("date"), data.get("start_time"),
                                data.get("registration_deadline"))
        if day and start and deadline:
            starts_at = timezone.make_aware(dt.datetime.combine(day, start))
            if deadline >= starts_at:
                self.add_error("registration_deadline", forms.ValidationError(
                    _("The registration deadline must come before the meeting starts."),
                    code="deadline_after_start"))
        return data


class AttendanceForm(forms.Form):
    user = ParticipantChoiceField(label=_label(Attendance, "user"), queryset=None)
    specialty = forms.ChoiceField(
        label=_label(Attendance, "specialty"), required=False,
        choices=[("", gettext_lazy("Their own specialty"))] + Specialty.choices,
        help_text=gettext_lazy("The specialty they hold at this meeting, counted for the "
                               "quorum."),
    )
    present = forms.BooleanField(label=_label(Attendance, "present"), required=False,
                                 initial=True)

    def __init__(self, *args, meeting: Meeting, action: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = possible_participants(meeting)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.add_input(Submit("add", _("Add the participant")))
