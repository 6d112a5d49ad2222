"""`manage.py create_api_token USERNAME --name NAME`: a token for the scoring API.

The token is printed once, alone on stdout (a script can capture it); only its hash is kept,
so a lost token cannot be shown again: revoke it in the admin and create another.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scoring.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user and print it once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True,
                            help="What the token is for, e.g. the calling program.")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"The user {username!r} is inactive: a token would be refused.")
        token, plaintext = ApiToken.issue(user, name)
        self.stdout.write(plaintext)
        self.stderr.write(f"Token {token.name!r} created for {username} (prefix "
                          f"{token.prefix}). It is shown this once: store it now.")
