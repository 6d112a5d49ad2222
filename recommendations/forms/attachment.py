"""The form that joins a document to a case."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.attachments import MAX_ATTACHMENT_BYTES, Inspection, inspect_upload
from recommendations.models import AttachmentKind


class AttachmentForm(forms.Form):
    """A PDF, PNG or JPEG report; what the bytes are is checked, not the name."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    inspection: Inspection | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A PDF, PNG or JPEG file of at most %(size)s."
        ) % {"size": filesizeformat(MAX_ATTACHMENT_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.") % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_ATTACHMENT_BYTES)},
                code="too_large")
        self.inspection = inspect_upload(upload)
        if self.inspection is None:
            raise forms.ValidationError(
                _("Only PDF, PNG or JPEG files are accepted, and this file's content is none "
                  "of them (whatever its name says)."),
                code="unsupported_type")
        return upload

