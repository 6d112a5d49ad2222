"""The forms of the referential views that make a new draft: clone and import."""

from pathlib import PurePath

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.engine.referential import ReferentialError
from scoring.referential_files import from_csv, from_json

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class CloneForm(forms.Form):
    version = forms.CharField(label=_("New version"), max_length=40, help_text=_(
        "A short identifier, unique, recorded with every evaluation (e.g. 2027.1)."))
    edition = forms.CharField(label=_("Edition"), max_length=300, required=False,
                              help_text=_("Leave empty to keep the edition of the original."))


class ImportForm(forms.Form):
    """A JSON or CSV file, read in `clean_file`: once valid, `cleaned_data["document"]` holds
    the referential it describes."""

    file = forms.FileField(label=_("File"), widget=forms.FileInput(
        attrs={"accept": ".json,.csv,application/json,text/csv"}), help_text=_(
        "A referential exported as JSON (.json) or CSV (.csv), at most 5 MB."))
    version = forms.CharField(label=_("Version"), max_length=40, required=False, help_text=_(
        "Leave empty to keep the file's version; give one when that version already "
        "exists here."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        suffix = PurePath(upload.name or "").suffix.lower()
        is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip().startswith("{"))
        try:
            self.cleaned_data["document"] = from_json(text) if is_json else from_csv(text)
        except ReferentialError as error:
            raise forms.ValidationError(
                _("The file cannot be read: %(error)s"), params={"error": error}) from error
        return upload
