"""The panel's edit of a draft proposal, and the reason of a new version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from patients.concurrency import LockVersionFormMixin
from recommendations.models import Proposal


class ProposalForm(LockVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["systemic", "local", "preparation", "follow_up", "off_referential",
                  "off_referential_reason"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in
                   ("systemic", "local", "preparation", "follow_up")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("off_referential") and not (cleaned.get("off_referential_reason")
                                                   or "").strip():
            self.add_error("off_referential_reason",
                           _("Say why the panel departs from the referential."))
        return cleaned


class NewVersionForm(forms.Form):
    reason = forms.CharField(label=_("Why the proposal changes"), widget=forms.Textarea(
        attrs={"rows": 3}), max_length=2000)
