"""A small, real region for tests: two hospitals, the central coordinators, a company, a
person in every role, a case in each hospital. Shared by every app's tests and by the
authorization matrix, which requests pages as each of these people."""

from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth.hashers import make_password

from slussen.accounts.models import Membership, Organisation, User
from slussen.cases import services as case_services
from slussen.cases.workflows import ensure_defined

PASSWORD = "Test-password-2026"

# key -> (name, role, organisation key); "admin" is a superuser.
PEOPLE = {
    "employee": ("Anna Lindqvist", "employee", "sos"),
    "manager": ("Erik Bergström", "manager", "sos"),
    "advisor": ("Sara Holm", "advisor", "sos"),
    "advisor_other": ("Johan Nyberg", "advisor", "karolinska"),
    "innovation_head": ("Karin Ekman", "innovation_head", "karolinska"),
    "coordinator": ("Maria Sjöberg", "coordinator", "foi"),
    "prescreener": ("Ali Hassan", "prescreener", "foi"),
    "expert": ("Eva Strand", "expert", "rlk"),
    "testbed_owner": ("Lars Dahl", "testbed_owner", "karolinska"),
    "external": ("Lena Virtanen", "external", "cuviva"),
    "admin": ("Systemadministratör", "admin", "region"),
}
ROLES = ["anonymous", *PEOPLE]


@cache
def password_hash():
    """Argon2 is slow on purpose; hash the shared test password once per worker."""
    return make_password(PASSWORD)


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    case: object = None  # SöS, public, submitted by the employee
    other_case: object = None  # Karolinska, secret: another organisation's case

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        orgs = self.__dict__.get("orgs", {})
        if name in orgs:
            return orgs[name]
        raise AttributeError(name)


def org(code, name, kind, parent=None, unit=""):
    return Organisation.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        innovation_unit=unit,
        contact_email=f"innovation.{code}@example.org" if unit else "",
    )


def build_world() -> World:
    ensure_defined()
    w = World()
    region = org("region", "Region Stockholm", "region")
    rlk = org("rlk", "Regionledningskontoret", "committee", region)
    w.orgs = {
        "region": region,
        "rlk": rlk,
        "foi": org("foi", "Avdelningen Forskning och innovation", "unit", rlk, "FoI"),
        "sos": org("sos", "Södersjukhuset", "company", region, "SöS Innovation"),
        "karolinska": org(
            "karolinska",
            "Karolinska Universitetssjukhuset",
            "committee",
            region,
            "Innovationscentrum Karolinska",
        ),
        "cuviva": org("cuviva", "Cuviva AB", "external"),
    }
    for key, (name, role, org_key) in PEOPLE.items():
        user = User.objects.create(
            email=f"{key}@example.org",
            full_name=name,
            password=password_hash(),
            is_staff=key == "admin",
            is_superuser=key == "admin",
        )
        Membership.objects.create(user=user, organisation=w.orgs[org_key], role=role)
        w.users[key] = user
    w.case = case_services.open_case(
        kind="idea",
        title="IVA-dagboken",
        description="En dagbok som underlättar tillfrisknandet efter intensivvård.",
        organisation=w.sos,
        actor=w.employee,
        submitter=w.employee,
    )
    w.other_case = case_services.open_case(
        kind="collaboration",
        title="Distansmonitorering vid hjärtsvikt",
        description="Cuviva föreslår ett samarbete om distansmonitorering.",
        organisation=w.karolinska,
        actor=w.external,
        submitter=w.external,
        secrecy="secret",
        secrecy_reference="OSL 31 kap. 16 §",
    )
    return w
