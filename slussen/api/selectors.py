"""Reads of the API app: the public strategic portfolio and a person's API keys. (The public
part of the register is the cases app's: ``cases.selectors.public_rows``.)"""

from slussen.strategic.selectors import portfolio

from .models import ApiToken

# Decisions of the political committee are public acts; proposals in preparation are not.
PUBLIC_PROJECT_STATES = ("approved", "completed")


def public_portfolio(**filters):
    """Strategic projects that the committee has decided (approved or completed)."""
    return portfolio(**filters).filter(state__code__in=PUBLIC_PROJECT_STATES)


def tokens_of(user):
    tokens = list(ApiToken.objects.filter(user=user).order_by("revoked", "-created", "-id"))
    for token in tokens:
        token.user = user  # the same person: their roles are looked up once
    return tokens
