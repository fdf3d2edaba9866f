from slussen.core.permissions import rule


@rule("api.tokens")
def tokens(user, obj):
    """Anyone logged in may make keys for their own integrations; a key acts as its owner."""
    return user.is_authenticated


@rule("api.token.revoke")
def revoke(user, token):
    return user.is_authenticated and token.user_id == user.pk
