from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from slussen.accounts.models import Organisation
from slussen.accounts.roles import Role
from slussen.cases.models import Kind
from slussen.cases.services import open_case
from slussen.core import notify


def receiving_organisation() -> Organisation:
    """Accessibility reports concern the whole service: the region (the root of the tree)
    receives them, and its central coordinators, who see every case, handle them."""
    region = (
        Organisation.objects.filter(parent__isnull=True, kind=Organisation.Kind.REGION)
        .order_by("pk")
        .first()
    )
    if region is None:
        raise ImproperlyConfigured("No region organisation (the root of the organisation tree).")
    return region


def contact_email() -> str:
    """The central coordinators' unit's address, or the region's."""
    org = (
        Organisation.objects.filter(memberships__role=Role.COORDINATOR)
        .exclude(contact_email="")
        .order_by("pk")
        .first()
    )
    return org.contact_email if org else receiving_organisation().contact_email


def report_accessibility_problem(*, page, description, name="", email="", user=None):
    """Register a reported accessibility problem as a case and send the reporter a receipt."""
    signed_in = user is not None and user.is_authenticated
    with translation.override(settings.LANGUAGE_CODE):  # the register is kept in Swedish
        title = _("Accessibility problem: %(page)s") % {"page": page}
        text = _("Page: %(page)s") % {"page": page}
    with transaction.atomic():
        case = open_case(
            kind=Kind.ACCESSIBILITY_REPORT,
            title=title[:200],
            description=f"{text}\n\n{description}",
            organisation=receiving_organisation(),
            actor=user,
            submitter=user if signed_in else None,
            submitter_name=name,
            submitter_email=email,
        )
        if email:
            notify.email(
                email,
                "pages/email/accessibility_receipt",
                {"case": case, "page": page, "name": name},
                translation.get_language(),
            )
    return case
