"""E-mails of the workflow. They carry a link and nothing else: no name, no diagnosis, no
proposal text (an e-mail leaves the hospital's systems; the page behind the link asks for a
login)."""

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def notify_proposal_sent(proposal, request) -> bool:
    """Tell the referring clinician a signed proposal is ready; False without an address."""
    clinician = proposal.case.referring_clinician
    if not clinician.email:
        return False
    link = request.build_absolute_uri(reverse("recommendations:proposal_detail",
                                              args=[proposal.pk]))
    with translation.override("fr"):
        subject = _("RCP-OOS: a proposal is available (case %(id)s)") % {"id": proposal.case_id}
        body = _("The bone-metastasis panel has signed its proposal for case %(id)s.\n"
                 "Read it after logging in: %(link)s\n") % {"id": proposal.case_id, "link": link}
    send_mail(subject, body, None, [clinician.email])
    return True
