"""Roles per organisation, as listed in the domain brief. Codes are stable; labels translate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Line manager")
    ADVISOR = "advisor", _("Innovation advisor")
    INNOVATION_HEAD = "innovation_head", _("Head of innovation unit")
    COORDINATOR = "coordinator", _("Central coordinator")
    PRESCREENER = "prescreener", _("Fund pre-screener")
    EXPERT = "expert", _("Fund expert")
    TESTBED_OWNER = "testbed_owner", _("Testbed owner")
    EXTERNAL = "external", _("External actor")
    ADMIN = "admin", _("Administrator")


# Roles that handle cases of their organisation (and the organisations below it).
CASE_HANDLING_ROLES = {Role.ADVISOR, Role.INNOVATION_HEAD}
# Roles whose scope is the whole region.
REGION_WIDE_ROLES = {Role.COORDINATOR, Role.ADMIN}
STAFF_ROLES = set(Role) - {Role.EXTERNAL}
# Roles that see secret cases or decide on money: their accounts need a second factor (TOTP).
TWO_FACTOR_ROLES = {
    Role.ADVISOR,
    Role.INNOVATION_HEAD,
    Role.COORDINATOR,
    Role.PRESCREENER,
    Role.EXPERT,
    Role.ADMIN,
}
