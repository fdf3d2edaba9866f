from slussen.accounts.roles import Role
from slussen.core.permissions import rule


def _heads(user, organisation_id) -> bool:
    return user.is_authenticated and organisation_id in user.orgs_with_role(Role.INNOVATION_HEAD)


@rule("bokslut.use")
def use(user, obj):
    """The survey pages: heads of innovation units answer, the coordinators compile."""
    return user.is_authenticated and (user.is_region_wide or user.has_role(Role.INNOVATION_HEAD))


@rule("bokslut.coordinate")
def coordinate(user, obj):
    """Rounds, the completion overview, the compilation and the report."""
    return user.is_authenticated and user.is_region_wide


@rule("bokslut.view_response")
def view_response(user, response):
    return coordinate(user, response) or _heads(user, response.organisation_id)


@rule("bokslut.answer")
def answer(user, response):
    """Only the organisation's own head of innovation answers for it."""
    return _heads(user, response.organisation_id)


@rule("bokslut.reopen")
def reopen(user, response):
    return coordinate(user, response)


@rule("bokslut.view_organisation")
def view_organisation(user, organisation):
    """An organisation's answers before publication: its own heads and the coordinators."""
    return coordinate(user, organisation) or _heads(user, organisation.pk)
