"""API tokens: how a program (not a person at a browser) calls the scoring API.

Only a SHA-256 hash of each token is stored: a copy of the database cannot be replayed
against the API. The plaintext exists once, when `create_api_token` prints it.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8
# "Last used" is written at most this often: not a database write on every API call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. the calling program."))
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH,
                              help_text=_("The token's first characters, to recognise it."))
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True,
                                editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`: the saved record and the plaintext, to show once."""
        plaintext = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=plaintext[:PREFIX_LENGTH],
                                   key_hash=hash_token(plaintext))
        return token, plaintext

    @classmethod
    def authenticate(cls, plaintext: str):
        """The active user a valid token belongs to, else None.

        The lookup is by hash, so the comparison never runs over the secret itself: the time
        it takes tells nothing about how close a guess was."""
        if not plaintext:
            return None
        key_hash = hash_token(plaintext)
        token = cls.objects.select_related("user").filter(key_hash=key_hash).first()
        if token is None or not secrets.compare_digest(token.key_hash, key_hash):
            return None
        if token.revoked or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            # update(), not save(): two requests at once must not overwrite other fields.
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def revoke(self) -> None:
        self.revoked = True
        self.save(update_fields=["revoked"])
