"""The case form: the question to the panel and what the panel needs to answer it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.models import User
from patients.concurrency import LockVersionFormMixin
from patients.models import Patient
from recommendations.models import Case

PATIENT_INFORMED_HELP = gettext_lazy(
    "Required before the case can be submitted. The rules of French multidisciplinary "
    "meetings (RCP) require that the patient be told their file will be discussed by the "
    "panel, and that they did not object. A draft can be saved without it."
)


CO_OWNERS_HELP = gettext_lazy(
    "Each clinician ticked here may read, edit, submit and withdraw the case and add its "
    "documents, as the referring clinician does. Untick to take those rights back."
)


def co_owner_choices(referrer_pk: int | None):
    """Active clinicians other than the referring clinician, by name."""
    return (User.objects.filter(is_active=True, groups__name=roles.CLINICIAN.code)
            .exclude(pk=referrer_pk).distinct().order_by("last_name", "first_name", "pk"))


class RecordChoicesField(forms.ModelMultipleChoiceField):
    """Refuses an id beyond the database's 64-bit integers before querying: SQLite raises
    OverflowError on it (a server error) where PostgreSQL finds no row."""

    def _check_values(self, value):
        for pk in value:
            digits = str(pk).strip().lstrip("+-")
            if digits.isdecimal() and (len(digits) > 19 or int(digits) >= 2**63):
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


class CaseForm(LockVersionFormMixin, forms.ModelForm):
    """Lesions are offered, and accepted, only among the case's patient's own."""

    class Meta:
        model = Case
        fields = ("question", "clinical_summary", "lesions", "urgency", "emergency_treatment",
                  "patient_informed", "co_owners")
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "clinical_summary": forms.Textarea(attrs={"rows": 8}),
            "emergency_treatment": forms.Textarea(attrs={"rows": 2}),
            "lesions": forms.CheckboxSelectMultiple,
            "urgency": forms.RadioSelect,
            "co_owners": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "question": gettext_lazy("What you ask the panel to decide, in one or two "
                                     "sentences."),
            "clinical_summary": gettext_lazy("History, current treatment and what changed "
                                             "since the last meeting."),
            "lesions": gettext_lazy("The lesions the question is about; add a missing one "
                                    "from the patient's page first."),
            "urgency": gettext_lazy("A spinal cord compression found in the patient's "
                                    "lesions makes the case urgent at submission."),
            "patient_informed": PATIENT_INFORMED_HELP,
            "co_owners": CO_OWNERS_HELP,
        }
        labels = {"co_owners": gettext_lazy("Clinicians who share this case with you")}
        field_classes = {"lesions": RecordChoicesField, "co_owners": RecordChoicesField}

    def __init__(self, *args, patient: Patient, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        lesions = self.fields["lesions"]
        lesions.queryset = patient.lesions.order_by("pk")
        if not lesions.queryset.exists():
            lesions.help_text = _("This patient has no lesion recorded yet: add the lesions "
                                  "on the patient's page to name them here.")
        self.fields["co_owners"].queryset = co_owner_choices(self.instance.referring_clinician_id)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Fieldset(_("Question"), "question", "clinical_summary"),
            Fieldset(_("Lesions concerned"), "lesions"),
            Fieldset(_("Urgency and consent"), "urgency", "patient_informed"),
            Fieldset(_("Co-owners"), "co_owners"),
            Submit("save", _("Save draft")),
        )
        self.helper.render_hidden_fields = True  # the version the form was loaded with
