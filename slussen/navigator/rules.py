from slussen.core.permissions import rule


@rule("navigator.edit")
def edit(user, obj):
    """The navigator is kept by the central coordinators (and administrators)."""
    return user.is_authenticated and user.is_region_wide
