"""Filters of list pages, read from the query string, and the patient list's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.models.patient import PrimarySite
from patients.selectors import open_case_condition
from patients.templatetags.list_tools import Sorting


class ListFilterForm(forms.Form):
    """A list's filters, bound to request.GET. A value the form refuses is left out and named
    in `ignored`, and the others still apply: no link, old or mistyped, breaks the page."""

    def applied(self) -> dict:
        """The filters to apply: every field whose value the form accepted."""
        self.is_valid()
        return dict(self.cleaned_data)

    def ignored(self) -> list[str]:
        """The labels of the fields whose value was refused, to tell the user."""
        self.is_valid()
        return [str(self.fields[name].label) for name in self.errors if name in self.fields]

    def is_filtering(self) -> bool:
        return any(self.applied().values())


class PatientFilterForm(ListFilterForm):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Part of a name, the beginning of an IPP, or a birth date (2024-01-31 or "
                    "31/01/2024)."))
    primary_site = forms.ChoiceField(
        label=_("Primary cancer"), required=False,
        choices=[("", _("Any primary cancer")), *PrimarySite.choices])
    mine = forms.BooleanField(label=_("Only the patients I refer"), required=False)
    open_case = forms.BooleanField(label=_("With an open case"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if open_case_condition() is None:  # no app holding cases is installed
            del self.fields["open_case"]


PATIENT_SORTING = Sorting(
    "name",
    name=(_("Name"), ("family_name", "given_name", "birth_date", "pk")),
    birth_date=(_("Birth date"), ("birth_date", "family_name", "pk")),
    ipp=(_("IPP"), ("ipp",)),
    updated=(_("Last update"), ("updated_at", "pk")),
)
