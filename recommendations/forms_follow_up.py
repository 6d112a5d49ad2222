"""The follow-up pages' forms: the list's filters (read from the query string), and what
marking an action done or not applicable asks. What the workflow refuses (a future date, a
date before the signature, a state that does not allow the move) is
recommendations.follow_up.actions' to say; the views show it on these forms."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.forms.filters import ListFilterForm
from recommendations.follow_up.selectors import DUE, OVERDUE, UNDATED, UPCOMING
from recommendations.models import FollowUpStatus

S = FollowUpStatus
OPEN, NOW, CLOSED, ALL = "open", "now", "closed", "all"
MINE, EVERYONE = "mine", "everyone"
STATE_CHOICES = [
    (OPEN, _("To do (overdue, due, not dated, upcoming)")),
    (NOW, _("To do now (overdue or due)")),
    (OVERDUE, _("Overdue")),
    (DUE, _("Due")),
    (UNDATED, _("Not dated yet")),
    (UPCOMING, _("Upcoming")),
    (CLOSED, _("Closed (done, not applicable, replaced)")),
    (S.DONE.value, S.DONE.label),
    (S.NOT_APPLICABLE.value, S.NOT_APPLICABLE.label),
    (S.REPLACED.value, S.REPLACED.label),
    (ALL, _("All")),
]
MAX_PK = 2**63 - 1  # beyond a database integer: refused by the form, not by the database
REASON_MAX_LENGTH = 2000


class FollowUpFilterForm(ListFilterForm):
    """`state` defaults to everything still to do (OPEN); `whose` is offered only to those who
    may see every case; `patient` narrows to one patient (the patient page links here)."""

    state = forms.ChoiceField(label=_("Show"), required=False, choices=STATE_CHOICES)
    whose = forms.ChoiceField(label=_("Whose actions"), required=False,
                              choices=[(MINE, _("My patients and cases")),
                                       (EVERYONE, _("Everyone's"))])
    patient = forms.IntegerField(label=_("Patient"), required=False, min_value=1,
                                 max_value=MAX_PK, widget=forms.HiddenInput)

    def __init__(self, data=None, *, may_see_everyone: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        if not may_see_everyone:
            del self.fields["whose"]

    def clean_state(self) -> str:
        return self.cleaned_data["state"] or OPEN

    def clean_whose(self) -> str:
        return self.cleaned_data["whose"] or MINE

    def is_filtering(self) -> bool:
        """Everything to do, of one's own patients, is the list's default, not a filter."""
        applied = self.applied()
        return (applied.get("state") not in (None, OPEN)
                or applied.get("whose") not in (None, MINE)
                or applied.get("patient") is not None)


class DoneForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Not in the future, nor before the proposal was signed."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class NotApplicableForm(forms.Form):
    reason = forms.CharField(label=_("Why it does not apply"), max_length=REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept with the action and shown to the other "
                                         "clinicians."))
