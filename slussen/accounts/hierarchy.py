"""Who a person's line manager is: the managers of the organisations the person belongs to, or
of the nearest organisation above them that has one. Reminders escalate there."""

from .models import Membership, Organisation, User
from .roles import Role


def line_managers_of(user) -> list[User]:
    if user is None:
        return []
    orgs = Organisation.objects.filter(
        pk__in=user.memberships.exclude(role=Role.MANAGER).values("organisation_id")
    )
    for org in orgs:
        for org_id in reversed(org.ancestor_ids()):  # the unit itself first, then upwards
            managers = list(
                User.objects.filter(
                    is_active=True,
                    pk__in=Membership.objects.filter(
                        organisation_id=org_id, role=Role.MANAGER
                    ).values("user_id"),
                ).exclude(pk=user.pk)
            )
            if managers:
                return managers
    return []
