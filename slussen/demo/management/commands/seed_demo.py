"""Load the demo region. Idempotent: running it twice changes nothing the second time."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from slussen.accounts.models import Membership, Organisation, User
from slussen.accounts.services import import_units
from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.cases.workflows import ensure_defined
from slussen.core import search, workflow

from ...region import CASES, CONTACT_DOMAIN, DEMO_PASSWORD, ORGANISATIONS, PEOPLE, UNITS


@dataclass
class DemoRegion:
    """What the apps' own seeders get: organisations by code, people by e-mail local part."""

    orgs: dict
    people: dict


def email_of(local):
    return f"{local}@{CONTACT_DOMAIN}"


class Command(BaseCommand):
    help = "Load the demo region (organisations, people for every role, cases)."

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_defined()
        orgs = {}
        for code, parent, name, short, kind, unit, reports in ORGANISATIONS:
            orgs[code], _ = Organisation.objects.update_or_create(
                code=code,
                defaults={
                    "parent": orgs.get(parent),
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "innovation_unit": unit,
                    "contact_email": f"innovation.{code}@{CONTACT_DOMAIN}" if unit else "",
                    "reports_to_bokslut": reports,
                },
            )
        import_units(
            [dict(zip(("hsa_id", "name", "parent", "unit_type"), u, strict=True)) for u in UNITS]
        )
        for unit in Organisation.objects.filter(hsa_id__in=[u[0] for u in UNITS]):
            orgs[unit.code] = unit
        people = {}
        for local, name, roles, superuser in PEOPLE:
            user = User.objects.filter(email=email_of(local)).first()
            if user is None:
                user = User.objects.create_user(
                    email_of(local),
                    DEMO_PASSWORD,
                    full_name=name,
                    is_staff=superuser,
                    is_superuser=superuser,
                )
            people[local] = user
            for role, org in roles:
                Membership.objects.get_or_create(user=user, organisation=orgs[org], role=role)
        coordinator = people["maria.sjoberg"]
        created = 0
        for kind, org, submitter, handler, title, text, steps, secrecy in CASES:
            if Case.objects.filter(title=title).exists():
                continue
            case = case_services.open_case(
                kind=kind,
                title=title,
                description=text,
                organisation=orgs[org],
                actor=people.get(submitter) or coordinator,
                submitter=people.get(submitter),
                handler=people.get(handler),
                secrecy=secrecy,
                secrecy_reference="OSL 31 kap. 16 §" if secrecy != "public" else "",
            )
            for step in steps:
                workflow.apply(case, step, coordinator, reason=_REASONS[step])
            created += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready: {len(orgs)} organisations, {len(people)} people, "
                f"{created} new cases."
            )
        )
        # Each domain app seeds its own part: slussen/<app>/demo.py with seed(region).
        region = DemoRegion(orgs=orgs, people=people)
        for app in apps.get_app_configs():
            if app.name.startswith("slussen.") and module_has_submodule(app.module, "demo"):
                summary = import_module(f"{app.name}.demo").seed(region)
                if summary:
                    self.stdout.write(self.style.SUCCESS(summary))
        # Each save indexed its words uncounted (the daily job counts them): the search is to
        # read them counted from the first question, the misspelling correction among them.
        search.count_documents()


_REASONS = {
    "start_assessment": "Innovationsenheten har börjat bedöma förslaget.",
    "accept": "Bedömningen visar ett tydligt behov och nyhetsvärde; ärendet drivs vidare "
    "som innovationsärende.",
    "refer": "Hänvisas till ordinarie förbättringsarbete i verksamheten.",
    "close": "Skickat vidare till verksamhetens skyltansvariga; inte ett innovationsärende.",
}
