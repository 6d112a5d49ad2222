"""The patient form: identity, oncology and risk factors, with the checks a clinician needs
to see next to the field they typed."""

import re
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.concurrency import LockVersionFormMixin
from patients.forms.validators import not_in_future, require_order
from patients.models import Patient
from patients.models.patient import PrimarySite

# Plausibility bound for a birth date, not a clinical threshold: older is a typing error.
MAX_AGE_YEARS = 120

_IPP_PATTERN = re.compile(r"^[A-Z0-9-]+$")
_WHITESPACE = re.compile(r"\s+")

# ECOG and Karnofsky describe the same thing on two scales. The usual correspondence
# (Oken MM et al., Toxicity and response criteria of the Eastern Cooperative Oncology Group,
# Am J Clin Oncol 1982;5:649-55; ECOG-ACRIN "ECOG performance status scale") pairs
# ECOG 0 with Karnofsky 90-100 and ECOG 4 with Karnofsky 10-20. A one-band tolerance is
# accepted; beyond it the pair is refused as a likely typing error:
# ECOG 0 requires Karnofsky >= 80, ECOG 4 requires Karnofsky <= 40.
ECOG_0_MIN_KARNOFSKY = 80
ECOG_4_MAX_KARNOFSKY = 40

IDENTITY_FIELDS = ("ipp", "family_name", "given_name", "birth_date", "sex")
ONCOLOGY_FIELDS = (
    "primary_site", "primary_site_detail", "histology", "diagnosis_date", "disease_status",
    "visceral_metastases", "bone_metastasis_count", "vertebral_metastasis_count", "ecog",
    "karnofsky", "life_expectancy",
)
RISK_FACTOR_FIELDS = (
    "implanted_electronic_device", "cement_allergy", "active_infection", "coagulation_disorder",
)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class PatientForm(LockVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Patient
        fields = IDENTITY_FIELDS + ONCOLOGY_FIELDS + RISK_FACTOR_FIELDS
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "diagnosis_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "karnofsky": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 10}),
        }
        error_messages = {
            "ipp": {"unique": gettext_lazy("Another patient already has this IPP.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Fieldset(_("Identity"), *IDENTITY_FIELDS),
            Fieldset(_("Oncology"), *ONCOLOGY_FIELDS),
            Fieldset(_("Risk factors"), *RISK_FACTOR_FIELDS),
            Submit("save", _("Save")),
        )
        self.helper.render_hidden_fields = True  # the version the form was loaded with

    def clean_ipp(self) -> str:
        ipp = self.cleaned_data["ipp"].strip().upper()
        if not _IPP_PATTERN.match(ipp):
            raise forms.ValidationError(
                _("The IPP may contain only letters, digits and hyphens."), code="ipp_format"
            )
        # The database check is exact; an identifier typed in another case is the same one.
        others = Patient.objects.filter(ipp__iexact=ipp).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(self._meta.error_messages["ipp"]["unique"],
                                        code="unique")
        return ipp

    def clean_family_name(self) -> str:
        return self._clean_name("family_name")

    def clean_given_name(self) -> str:
        return self._clean_name("given_name")

    def _clean_name(self, field: str) -> str:
        name = _WHITESPACE.sub(" ", self.cleaned_data[field]).strip()
        if not name:
            raise forms.ValidationError(_("Enter a name."), code="required")
        return name

    def clean_birth_date(self) -> date:
        birth_date = self.cleaned_data["birth_date"]
        not_in_future(birth_date)
        if birth_date < years_before(timezone.localdate(), MAX_AGE_YEARS):
            raise forms.ValidationError(
                _("This birth date is more than %(years)d years ago.") % {"years": MAX_AGE_YEARS},
                code="too_old",
            )
        return birth_date

    def clean_diagnosis_date(self) -> date | None:
        diagnosis_date = self.cleaned_data["diagnosis_date"]
        not_in_future(diagnosis_date)
        return diagnosis_date

    def clean_karnofsky(self) -> int | None:
        karnofsky = self.cleaned_data["karnofsky"]
        if karnofsky is not None and (not 0 <= karnofsky <= 100 or karnofsky % 10):
            raise forms.ValidationError(
                _("The Karnofsky index is a multiple of 10 between 0 and 100."),
                code="karnofsky_step",
            )
        return karnofsky

    def clean(self) -> dict:
        cleaned_data = super().clean()
        require_order(cleaned_data, "birth_date", "diagnosis_date", self,
                      _("The diagnosis cannot precede the birth date."))
        self._check_performance_scales(cleaned_data)
        bone, vertebral = (cleaned_data.get("bone_metastasis_count"),
                           cleaned_data.get("vertebral_metastasis_count"))
        if bone is not None and vertebral is not None and vertebral > bone:
            self.add_error("vertebral_metastasis_count",
                           _("Vertebral metastases are bone metastases: there cannot be more "
                             "than the %(bone)s bone metastases recorded.") % {"bone": bone})
        if (cleaned_data.get("primary_site") == PrimarySite.OTHER
                and not cleaned_data.get("primary_site_detail", "").strip()):
            self.add_error("primary_site_detail",
                           _("Describe the primary cancer when it is “Other”."))
        return cleaned_data

    def _check_performance_scales(self, cleaned_data: dict) -> None:
        ecog, karnofsky = cleaned_data.get("ecog"), cleaned_data.get("karnofsky")
        if ecog is None or karnofsky is None:
            return
        if ecog == 0 and karnofsky < ECOG_0_MIN_KARNOFSKY:
            self.add_error("karnofsky", _(
                "ECOG 0 (fully active) matches a Karnofsky index of at least %(min)d; "
                "check both values."
            ) % {"min": ECOG_0_MIN_KARNOFSKY})
        elif ecog == 4 and karnofsky > ECOG_4_MAX_KARNOFSKY:
            self.add_error("karnofsky", _(
                "ECOG 4 (completely disabled) matches a Karnofsky index of at most %(max)d; "
                "check both values."
            ) % {"max": ECOG_4_MAX_KARNOFSKY})
