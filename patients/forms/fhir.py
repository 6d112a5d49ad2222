"""The FHIR import form: a Patient resource pasted as JSON or sent as a file, one of the two."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.fhir_import import MAX_IMPORT_BYTES


class FhirPatientImportForm(forms.Form):
    resource = forms.CharField(
        label=gettext_lazy("FHIR Patient resource (JSON)"), required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false",
                                     "aria-describedby": "id_resource-help",
                                     "class": "form-control font-monospace"}),
        help_text=gettext_lazy("Paste the JSON of a FHIR R4 Patient resource, or choose a file."))
    file = forms.FileField(
        label=gettext_lazy("or a JSON file"), required=False,
        widget=forms.ClearableFileInput(attrs={
            "accept": ".json,application/json,application/fhir+json", "class": "form-control"}))

    def clean_file(self) -> str:
        upload = self.files.get("file") if self.files else None
        if not upload:
            return ""
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d bytes.")
                                        % {"size": MAX_IMPORT_BYTES}, code="too_large")
        try:
            return upload.read(MAX_IMPORT_BYTES + 1).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text."),
                                        code="encoding") from None

    def clean(self) -> dict:
        cleaned = super().clean()
        pasted, sent = cleaned.get("resource", "").strip(), cleaned.get("file", "")
        if "file" in self.errors:
            return cleaned
        if pasted and sent:
            raise forms.ValidationError(_("Paste the resource or choose a file, not both."),
                                        code="both")
        if not (pasted or sent):
            raise forms.ValidationError(_("Paste a FHIR Patient resource or choose a file."),
                                        code="empty")
        cleaned["text"] = pasted or sent
        return cleaned

    def show_text(self, text: str) -> None:
        """Put the submitted text (typed or read from the file) back in the text area."""
        self.data = self.data.copy()
        self.data["resource"] = text
