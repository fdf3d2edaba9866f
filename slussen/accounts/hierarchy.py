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


def managers_of(org) -> list[User]:
    """The managers of a unit: its own, or those of the nearest organisation above it that has
    one (a ward without a manager in Slussen is led from its clinic)."""
    if org is None:
        return []
    for org_id in reversed(org.ancestor_ids()):
        managers = list(
            User.objects.filter(
                is_active=True,
                pk__in=Membership.objects.filter(organisation_id=org_id, role=Role.MANAGER).values(
                    "user_id"
                ),
            ).order_by("full_name")
        )
        if managers:
            return managers
    return []


def manages(user, org) -> bool:
    """Whether ``user`` is a manager of ``org`` or of an organisation it is part of."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_external:
        return False
    return bool(user.orgs_with_role(Role.MANAGER).intersection(org.ancestor_ids()))
