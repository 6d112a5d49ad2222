"""The bone-lesion form: where the lesion is and its findings, checked against the patient.

The site decides which findings apply (`Lesion.APPLICABLE_FIELDS`): the site-specific
fieldsets carry `data-applies-to` so static/js/lesion_form.js shows only those that apply,
and the form blanks the others on the instance so no hidden finding is saved.
"""

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients import skeleton, skeleton_map
from patients.concurrency import LockVersionFormMixin
from patients.forms.validators import not_in_future
from patients.models import Lesion, Patient
from patients.models.choices import YesNoUnknown
from patients.models.lesion import APPLICABLE_FIELDS, BilskyGrade, BiopsyStatus, Pain

# A data-entry plausibility bound, not a clinical rule: the largest single fractions given to
# bone (stereotactic radiotherapy) stay at or under about 24 Gy, so more is almost surely a
# typo in the dose or in the number of fractions.
MAX_DOSE_PER_FRACTION_GY = Decimal(25)

DATE_FIELDS = ("prior_radiotherapy_date", "surgery_date", "imaging_date", "biopsy_date")
BIOPSY_DONE = (BiopsyStatus.CONFIRMED, BiopsyStatus.NON_CONTRIBUTIVE)


@dataclass(frozen=True)
class Section:
    """A group of fields, shown as a fieldset in the form and a list on the detail page."""

    label: Promise
    fields: tuple[str, ...]
    applies_to: str = ""  # a skeleton region when the section only applies there


SECTIONS: tuple[Section, ...] = (
    Section(gettext_lazy("Site"), ("site", "side")),
    Section(gettext_lazy("Findings"), (
        "lesion_type", "size_mm", "pain", "pain_mechanical", "pain_controlled_by_analgesics",
        "soft_tissue_extension",
    )),
    Section(gettext_lazy("Spine"), APPLICABLE_FIELDS[skeleton.SPINE],
            applies_to=skeleton.SPINE),
    Section(gettext_lazy("Long bone"), APPLICABLE_FIELDS[skeleton.LONG_BONE],
            applies_to=skeleton.LONG_BONE),
    Section(gettext_lazy("Neurology and fracture"),
            ("neurological_deficit", "fracture_status")),
    Section(gettext_lazy("Prior radiotherapy"), (
        "prior_radiotherapy_date", "prior_radiotherapy_dose_gy", "prior_radiotherapy_fractions",
    )),
    Section(gettext_lazy("Prior surgery"), ("surgery_date",)),
    Section(gettext_lazy("Imaging and biopsy"),
            ("imaging_modality", "imaging_date", "biopsy", "biopsy_date")),
    Section(gettext_lazy("Notes"), ("notes",)),
)

APPLIES_TO_HINTS = {
    skeleton.SPINE: gettext_lazy("Applies to vertebrae only (spine, sacrum and coccyx)."),
    skeleton.LONG_BONE: gettext_lazy("Applies to long bones only."),
}


def _fieldset(section: Section) -> Fieldset:
    if not section.applies_to:
        return Fieldset(section.label, *section.fields)
    hint_id = f"applies-to-{section.applies_to}"
    hint = format_html('<p class="form-text mt-0" id="{}">{}</p>', hint_id,
                       APPLIES_TO_HINTS[section.applies_to])
    return Fieldset(section.label, HTML(hint), *section.fields,
                    data_applies_to=section.applies_to, aria_describedby=hint_id)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template writes the <form>, its token and its buttons
    helper.layout = Layout(*(_fieldset(section) for section in SECTIONS))
    return helper


class LesionForm(LockVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Lesion
        fields = [name for section in SECTIONS for name in section.fields]
        widgets = {
            **{name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
               for name in DATE_FIELDS},
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, patient: Patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.instance.patient = patient
        self.cleared_fields: list[str] = []
        for name in DATE_FIELDS:
            self.fields[name].validators.append(not_in_future)
        self._name_blank_choices()
        self.helper = _helper()
        self.helper.render_hidden_fields = True  # the version the form was loaded with
        # Read by lesion_form.js (rendered with json_script: data, not a script).
        self.site_regions = {site.code: site.region for site in skeleton.SITES}
        # The clickable skeleton beside the site select (static/js/skeleton_map.js).
        self.skeleton_map = skeleton_map.picker_map()

    def _name_blank_choices(self) -> None:
        """Say "Unknown" rather than dashes: a blank finding is unknown, never 'no'."""
        for name, field in self.fields.items():
            choices = list(getattr(field, "choices", []))
            if choices and choices[0] == ("", "---------"):
                blank = _("Choose a site") if name == "site" else _("Unknown")
                field.choices = [("", blank), *choices[1:]]

    def clean(self) -> dict:
        cleaned = super().clean()
        self._check_side(cleaned)
        self._check_pain(cleaned)
        self._check_radiotherapy(cleaned)
        self._check_dates_after_birth(cleaned)
        self._check_biopsy(cleaned)
        self._check_epidural(cleaned)
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        # Only now does the instance hold the chosen site: findings of another region (SINS
        # items left from a vertebra after the site became a femur) are blanked here, and
        # listed so the view can tell the user what was dropped.
        self.cleared_fields = self.instance.clear_inapplicable_findings()

    @property
    def cleared_labels(self) -> list[str]:
        return [str(Lesion._meta.get_field(name).verbose_name) for name in self.cleared_fields]

    def _check_side(self, cleaned: dict) -> None:
        site = skeleton.get_site(cleaned.get("site") or "")
        if site is None:
            return
        side = cleaned.get("side")
        if site.lateral and not side:
            self.add_error("side", forms.ValidationError(
                _("Give the side: %(site)s is a paired bone."),
                code="side_required", params={"site": site.label},
            ))
        elif not site.lateral and side:
            self.add_error("side", forms.ValidationError(
                _("%(site)s is a midline site: leave the side blank."),
                code="side_refused", params={"site": site.label},
            ))

    def _check_pain(self, cleaned: dict) -> None:
        if cleaned.get("pain") == Pain.NONE and cleaned.get("pain_mechanical") == YesNoUnknown.YES:
            self.add_error("pain_mechanical", forms.ValidationError(
                _("Pain is recorded as none, so it cannot be mechanical: change the pain or "
                  "answer no or unknown."),
                code="mechanical_without_pain",
            ))

    def _check_radiotherapy(self, cleaned: dict) -> None:
        given_on = cleaned.get("prior_radiotherapy_date")
        dose = cleaned.get("prior_radiotherapy_dose_gy")
        fractions = cleaned.get("prior_radiotherapy_fractions")
        # A field that failed its own validation is absent here: don't pile a second error on.
        if dose is not None and not given_on and not self.has_error("prior_radiotherapy_date"):
            self.add_error("prior_radiotherapy_dose_gy", forms.ValidationError(
                _("Give the date of the radiotherapy as well as its dose."),
                code="dose_without_date",
            ))
        if (fractions is not None and dose is None
                and not self.has_error("prior_radiotherapy_dose_gy")):
            self.add_error("prior_radiotherapy_fractions", forms.ValidationError(
                _("Give the total dose as well as the number of fractions."),
                code="fractions_without_dose",
            ))
        if dose is not None and fractions and dose / fractions > MAX_DOSE_PER_FRACTION_GY:
            self.add_error("prior_radiotherapy_fractions", forms.ValidationError(
                _("That is %(per_fraction)s Gy per fraction, more than %(limit)s Gy: check the "
                  "total dose and the number of fractions."),
                code="implausible_dose_per_fraction",
                params={"per_fraction": formats.localize(round(dose / fractions, 1)),
                        "limit": formats.localize(MAX_DOSE_PER_FRACTION_GY)},
            ))

    def _check_dates_after_birth(self, cleaned: dict) -> None:
        birth = self.patient.birth_date
        for name in DATE_FIELDS:
            value = cleaned.get(name)
            if value and value < birth:
                self.add_error(name, forms.ValidationError(
                    _("This date is before the patient's birth (%(birth)s)."),
                    code="before_birth", params={"birth": formats.date_format(birth)},
                ))

    def _check_biopsy(self, cleaned: dict) -> None:
        if cleaned.get("biopsy_date") and cleaned.get("biopsy") not in BIOPSY_DONE:
            self.add_error("biopsy_date", forms.ValidationError(
                _("A biopsy date is recorded only for a biopsy that was done: give its "
                  "result above or leave the date blank."),
                code="biopsy_date_without_biopsy",
            ))

    def _check_epidural(self, cleaned: dict) -> None:
        """Bilsky 0 is bone-only disease; every other grade is an epidural extension."""
        grade, epidural = cleaned.get("bilsky_grade"), cleaned.get("epidural_extension")
        if not grade or not epidural:
            return
        if (grade == BilskyGrade.G0) != (epidural == YesNoUnknown.NO):
            self.add_error("bilsky_grade", forms.ValidationError(
                _("Bilsky grade 0 means no epidural extension, and grades 1a to 3 mean one: "
                  "make the grade and the epidural extension agree."),
                code="bilsky_epidural_mismatch",
            ))
