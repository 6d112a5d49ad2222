"""The form of one injection of an anti-resorptive treatment (given as `treatment=`).

The model states when an injection may be given (within the treatment, not ahead); the form
adds the one-a-day rule, which the model's constraint checks only once the treatment is set.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patients.forms.records import date_input
from patients.models import AntiresorptiveInjection, AntiresorptiveTreatment


class AntiresorptiveInjectionForm(forms.ModelForm):
    class Meta:
        model = AntiresorptiveInjection
        fields = ["given_on", "dose_mg", "note"]
        widgets = {"given_on": date_input()}

    def __init__(self, *args, treatment: AntiresorptiveTreatment, **kwargs):
        super().__init__(*args, **kwargs)
        self.treatment = treatment
        self.instance.treatment = treatment
        if not self.instance.pk:
            self.fields["given_on"].initial = timezone.localdate

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        others = self.treatment.injections.exclude(pk=self.instance.pk)
        if others.filter(given_on=given_on).exists():
            raise forms.ValidationError(
                _("An injection of this treatment is already recorded on this date."),
                code="duplicate")
        return given_on
