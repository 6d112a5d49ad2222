"""Filters and orderings of the case and meeting lists, read from the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.forms.filters import ListFilterForm
from patients.templatetags.list_tools import Sorting
from recommendations.models import CaseStatus, Meeting, MeetingType, Urgency


class CaseFilterForm(ListFilterForm):
    # The states by their stored values, so other pages link to ?state=submitted.
    state = forms.MultipleChoiceField(label=_("State"), required=False,
                                      choices=CaseStatus.choices,
                                      widget=forms.CheckboxSelectMultiple(
                                          attrs={"class": "form-check-input"}))
    urgency = forms.ChoiceField(label=_("Urgency"), required=False,
                                choices=[("", _("Any urgency")), *Urgency.choices])
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), required=False, empty_label=_("Any meeting"),
        queryset=Meeting.objects.order_by("-date", "-start_time"))
    patient = forms.CharField(
        label=_("Patient"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Part of a name, the beginning of an IPP, or a birth date."))
    mine = forms.BooleanField(label=_("Only the cases I referred"), required=False)

    def __init__(self, data=None, **kwargs):
        # Earlier links said ?status=...: read them as ?state=...
        if data is not None and "status" in data and "state" not in data:
            data = data.copy()
            data.setlist("state", data.getlist("status"))
        super().__init__(data, **kwargs)


CASE_SORTING = Sorting(
    "-submitted",
    submitted=(_("Submitted"), ("submitted_at", "created_at", "pk")),
    urgency=(_("Urgency"), ("urgency_rank", "submitted_at", "pk")),
    state=(_("State"), ("state_rank", "submitted_at", "pk")),
    patient=(_("Patient"), ("patient__family_name", "patient__given_name", "pk")),
)


class MeetingFilterForm(ListFilterForm):
    when = forms.ChoiceField(label=_("Period"), required=False, choices=[
        ("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))])
    meeting_type = forms.ChoiceField(label=_("Meeting type"), required=False,
                                     choices=[("", _("Any type")), *MeetingType.choices])

    def clean_when(self) -> str:
        return self.cleaned_data["when"] or "upcoming"

    def is_filtering(self) -> bool:
        """Upcoming meetings are the list's default, not a filter the user set."""
        applied = self.applied()
        return applied.get("when") not in (None, "upcoming") or bool(applied.get("meeting_type"))


MEETING_SORTING = Sorting("date", date=(_("Date"), ("date", "start_time", "pk")))
# Past meetings read from the most recent back, as does the whole calendar.
MEETING_DEFAULT_SORTS = {"upcoming": "date", "past": "-date", "all": "-date"}
