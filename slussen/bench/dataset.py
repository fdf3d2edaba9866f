"""A region-scale dataset, loaded with COPY into a freshly migrated PostgreSQL database.

Every row is one the pages accept: registry numbers unique and consecutive per year, states
from the workflow definitions, an opening event on every timeline, search terms for every case
(exactly what ``core.search.document_terms`` would store), innovation cases on published templates,
fund applications with pre-screenings, reviews and scores, ten years of survey answers.

Sizes scale with ``scale`` (1.0: a million cases over ten years, 50 000 people, 40
organisations, 20 000 fund applications, 30 test environments with 50 000 test plans and
results, indexed as the search would). Secondary indexes and constraints of the big tables
are dropped during the load and rebuilt afterwards (much faster than maintaining them row by
row), then the tables are analysed.
"""

import json
import math
import os
import random
import secrets
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from slussen.accounts.models import Membership, Organisation, User
from slussen.bokslut.models import Response, SurveyRound
from slussen.bokslut.rubric import DIMENSIONS
from slussen.cases.models import Case, CaseEvent, RegistryCounter
from slussen.cases.workflows import CASE_WORKFLOW
from slussen.core import search
from slussen.core.models import (
    SearchDocument,
    SearchEntry,
    SearchPart,
    SearchTerm,
    Workflow,
    WorkflowState,
)
from slussen.fund import services as fund_services
from slussen.fund.models import (
    Application,
    Assignment,
    BudgetLine,
    Criterion,
    Prescreening,
    Project,
    Review,
    Score,
)
from slussen.fund.workflows import FUND_WORKFLOW
from slussen.intake.models import Submission
from slussen.process.models import InnovationCase, PhaseRun, ProcessTemplate
from slussen.testbeds.models import Record, Testbed

PASSWORD = "Bench-password-2026"
YEARS = 10
TZ = timezone.get_default_timezone()

# Who the load clients log in as: key -> (role, organisation code).
BENCH_PEOPLE = {
    "coordinator": ("coordinator", "foi"),
    "advisor": ("advisor", "karolinska"),
    "employee": ("employee", "karolinska"),
    "expert": ("expert", "rlk"),
}

# (code, name, short name, kind, parent code) – the region of the seeds.
ORGANISATIONS = [
    ("region", "Region Stockholm", "", "region", None),
    ("rlk", "Regionledningskontoret", "RLK", "committee", "region"),
    ("foi", "Avdelningen Forskning och innovation", "FoI", "unit", "rlk"),
    ("rlk-hallbarhet", "RLK Hållbarhet", "", "unit", "rlk"),
    ("rlk-inkop", "RLK Strategiskt inköp", "", "unit", "rlk"),
    ("sf-upphandling", "SF Upphandling", "", "unit", "rlk"),
    ("karolinska", "Karolinska Universitetssjukhuset", "Karolinska", "committee", "region"),
    ("danderyd", "Danderyds sjukhus", "DS", "company", "region"),
    ("sos", "Södersjukhuset", "SöS", "company", "region"),
    ("sodertalje", "Södertälje sjukhus", "", "company", "region"),
    ("tiohundra", "Tiohundra AB", "Tiohundra", "company", "region"),
    ("slso", "Stockholms läns sjukvårdsområde", "SLSO", "committee", "region"),
    ("sankt-erik", "S:t Eriks ögonsjukhus", "S:t Erik", "company", "region"),
    ("ftv", "Folktandvården Stockholms län", "FTV", "company", "region"),
    ("aisab", "Ambulanssjukvården i Storstockholm", "AISAB", "company", "region"),
    ("medicarrier", "MediCarrier", "", "company", "region"),
    ("locum", "Locum", "", "company", "region"),
    ("trafik", "Trafikförvaltningen", "", "committee", "region"),
    ("kultur", "Kulturförvaltningen", "", "committee", "region"),
    ("hsf", "Hälso- och sjukvårdsförvaltningen", "HSF", "committee", "region"),
    ("patientnamnden", "Patientnämnden", "", "committee", "region"),
    ("regionarkivet", "Regionarkivet", "", "unit", "kultur"),
    ("kulturhalsa", "Kompetenscentrum för kultur och hälsa", "", "unit", "kultur"),
    ("skf", "Service- och kulturförvaltningen", "", "committee", "region"),
    ("design", "Kompetenscentrum för system- och tjänstedesign", "", "unit", "sos"),
    ("ks-akut", "Akutmottagningen Karolinska", "", "unit", "karolinska"),
    ("ks-tema-hjarta", "Tema Hjärta och kärl", "", "unit", "karolinska"),
    ("ks-tema-barn", "Tema Barn", "", "unit", "karolinska"),
    ("ks-tema-cancer", "Tema Cancer", "", "unit", "karolinska"),
    ("ds-geriatrik", "Geriatriska kliniken DS", "", "unit", "danderyd"),
    ("sos-akut", "Akutkliniken SöS", "", "unit", "sos"),
    ("sos-kvinnokliniken", "Kvinnokliniken SöS", "", "unit", "sos"),
    ("slso-primarvard", "Primärvården SLSO", "", "unit", "slso"),
    ("slso-psykiatri", "Psykiatri Nordväst", "", "unit", "slso"),
    ("slso-geriatrik", "Geriatriken SLSO", "", "unit", "slso"),
    ("ftv-barn", "Barntandvården FTV", "", "unit", "ftv"),
    ("trafik-fardtjanst", "Färdtjänsten", "", "unit", "trafik"),
    ("cuviva", "Cuviva AB", "", "external", None),
    ("medtech-ab", "Medtech Innovation AB", "", "external", None),
    ("halsodata-ab", "Hälsodata Sverige AB", "", "external", None),
]

FIRST_NAMES = (
    "Anna Eva Maria Karin Sara Lena Kerstin Emma Ingrid Malin Linnea Elin Sofia Johanna Ida "
    "Erik Lars Karl Anders Johan Per Nils Mikael Jan Hans Peter Fredrik Daniel Ali Omar Jonas"
).split()
LAST_NAMES = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Lindqvist Holm Ekman Sjöberg "
    "Bergström Nyberg Strand Dahl Hassan Virtanen Lindström Axelsson Berg Åberg"
).split()

# Share of each kind among the cases (the fund's come from its applications).
KINDS = [
    ("idea", 40),
    ("need", 15),
    ("proposal", 25),
    ("collaboration", 8),
    ("testbed_request", 3),
    ("partnership", 2),
    ("accessibility_report", 1),
    ("document", 4),
]
INTAKE_CHANNEL = {
    "idea": "employee",
    "need": "employee",
    "proposal": "public",
    "collaboration": "company",
    "testbed_request": "company",
    "partnership": "company",
}


# --- Text ---------------------------------------------------------------------------------


class Words:
    """Titles and descriptions drawn from the seeds' vocabulary (by frequency) and from Swedish
    compounds of it (a long tail, as in a real register), with each word's stem known."""

    def __init__(self, rng):
        lines = (Path(__file__).parent / "words.txt").read_text(encoding="utf-8").splitlines()
        pairs = [line.split() for line in lines if line and not line.startswith("#")]
        words = [w for w, _n in pairs]
        counts = [int(n) for _w, n in pairs]
        nouns = words[:1500]
        compounds = list(dict.fromkeys(rng.choice(nouns) + rng.choice(nouns) for _ in range(60000)))
        self.vocabulary = words + compounds
        base = sum(counts)
        # A third of the words come from the long tail of compounds, Zipf-distributed.
        tail = [base / 2 / (rank + 1) / math.log(len(compounds)) for rank in range(len(compounds))]
        self.cum = list(accumulate(counts + tail))
        self.stem = {w: search.stem(w) for w in self.vocabulary if w not in search.STOP_WORDS}
        self.parts = {s: search.parts(s) for s in set(self.stem.values())}
        self.rng = rng

    def draw(self, k):
        return self.rng.choices(self.vocabulary, cum_weights=self.cum, k=k)

    def text(self):
        title = self.draw(self.rng.randint(3, 7))
        description = self.draw(self.rng.randint(20, 60))
        return title, description

    def terms(self, title, description):
        """(term, weight, in heading): the same as ``core.search.document_terms`` for text of
        these words, without stemming again."""
        counts = {}
        for w in title:
            s = self.stem.get(w)
            if s:
                counts[s] = counts.get(s, 0) + search.HEADING_WEIGHT
        heading = set(counts)
        for w in description:
            s = self.stem.get(w)
            if s:
                counts[s] = counts.get(s, 0) + 1
        return [
            (s, search.STEM * min(n, search.MAX_COUNT), s in heading) for s, n in counts.items()
        ]

    def vocabulary_rows(self):
        """The search's vocabulary of these words: their stems, and each stem's parts."""
        stems = sorted(set(self.stem.values()))
        return [(s,) for s in stems], [(p, s) for s in stems for p in sorted(self.parts[s])]


# --- Loading ------------------------------------------------------------------------------


def _columns(model, fields):
    return [model._meta.get_field(f).column for f in fields]


def _defaults(model, fields):
    """The model's other NOT NULL fields with a default or blank text (Django keeps those in
    Python, so a COPY that leaves a column out would write NULL): names and values, JSON as
    text. A field added to a model later is then filled without touching every writer here."""
    given = set(fields)
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.name not in given
        and not f.primary_key
        and not f.null
        and (f.has_default() or (f.blank and f.empty_strings_allowed))
    ]
    values = tuple(
        json.dumps(v) if isinstance(v, (dict, list)) else v
        for v in (f.get_default() for f in extra)
    )
    return [f.name for f in extra], values


DOCUMENT_FIELDS = ["doc_type", "doc_id", "terms", "heading"]


def document_rows(term_rows):
    """The rows of ``core.SearchDocument`` of these index rows ((type, id, stem, weight, in
    heading), a document's together), as ``core.search`` writes them."""
    by_doc = {}
    for doc_type, doc_id, term, _weight, heading in term_rows:
        by_doc.setdefault((doc_type, doc_id), []).append((doc_id, term, heading))
    for (doc_type, _doc_id), rows in by_doc.items():
        for doc in search._document_rows(doc_type, rows):
            yield (doc.doc_type, doc.doc_id, doc.terms, doc.heading)


def copy_rows(model, fields, rows):
    """COPY ``rows`` (tuples in the order of ``fields``) into ``model``'s table."""
    table = model._meta.db_table
    extra, values = _defaults(model, fields)
    cols = ", ".join(f'"{c}"' for c in _columns(model, [*fields, *extra]))
    n = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row((*row, *values) if values else row)
                n += 1
    return n


def drop_indexes(models):
    """Drop the secondary indexes, unique and foreign-key constraints of ``models`` for a bulk
    load; returns what ``restore_indexes`` builds again afterwards."""
    saved = []
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
                [table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname "
                "AND c.conrelid = %s::regclass)",
                [table, table],
            )
            indexes = cursor.fetchall()
            for name, _definition in constraints:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            saved.append((table, constraints, indexes))
    return saved


def restore_indexes(saved):
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for table, constraints, indexes in saved:
            for _name, definition in indexes:
                cursor.execute(definition)
            # Unique constraints first: foreign keys may point at them.
            for name, definition in sorted(constraints, key=lambda c: c[1].startswith("FOREIGN")):
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def _reset_sequences(models):
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
            )


def _moment(rng, year, fraction):
    """A working-hours moment of ``year``, ``fraction`` (0–1) of the way through it."""
    start = datetime(year, 1, 1, tzinfo=TZ)
    day = start + timedelta(days=min(int(fraction * 365), 364))
    return day.replace(
        hour=rng.randint(7, 17), minute=rng.randint(0, 59), second=rng.randint(0, 59)
    )


# The calls of two sizes for the call overview's cost as a call grows (``Builder.sized_calls``).
SIZED_TITLE = "Mätningens utlysning med ansökningar:"


def sized_calls(scale):
    sizes = os.environ.get("BENCH_CALL_SIZES") or ("2000,20000" if scale >= 0.01 else "20,200")
    return [int(n) for n in sizes.split(",")]


FUND_APPLICATION_FIELDS = [
    "id",
    "call",
    "case",
    "state",
    "kind",
    "applicant",
    "organisation",
    "sector",
    "applicant_gender",
    "title",
    "summary",
    "goal",
    "benefit",
    "manager",
    "eligible",
    "results_owned_by_region",
    "design_support",
    "form_version",
    "submitted_at",
    "signoff_comment",
    "signoff_at",
    "granted_amount",
    "decision_motivation",
    "decided_at",
    "budget_override",
    "created",
    "updated",
]


# --- The builder ---------------------------------------------------------------------------


class Builder:
    def __init__(self, scale=1.0, seed=2026, log=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()
        self.this_year = timezone.localdate().year
        self.years = list(range(self.this_year - YEARS + 1, self.this_year + 1))
        self.sizes = {
            "cases": max(int(1_000_000 * scale), 2000),
            "users": max(int(50_000 * scale), 3000),
            "fund_applications": max(int(20_000 * scale), 200),
            "test_records": max(int(50_000 * scale), 500),
        }
        self.timings = {}

    def step(self, name, function, *args):
        started = time.monotonic()
        result = function(*args)
        self.timings[name] = round(time.monotonic() - started, 1)
        self.log(f"  {name}: {self.timings[name]} s")
        return result

    def build(self):
        with transaction.atomic():
            self.step("organisations and people", self.people)
        with transaction.atomic():
            self.step("fund calls", self.calls)
        big = [Case, CaseEvent, Submission, SearchEntry, SearchDocument, InnovationCase, PhaseRun]
        big += [Application, BudgetLine, Prescreening, Review, Score, Project, Record]
        with transaction.atomic():
            saved = drop_indexes(big)
            self.step("cases, timelines, submissions, search terms", self.cases)
            self.step("innovation cases", self.innovation)
            self.step("fund applications and reviews", self.fund)
            self.step("fund calls of two sizes", self.sized_calls)
            self.step("test environments, plans and results", self.testbeds)
            self.step("search vocabulary", self.vocabulary)
            self.step("search marks and places", search.mark_documents)
            self.step("indexes and constraints", restore_indexes, saved)
            self.step("search vocabulary's counts", search.count_documents)
        with transaction.atomic():
            self.step("annual survey", self.survey)
            _reset_sequences([*big, User, Membership])
        self.step("analyse", self.analyse)
        return self.sizes

    # People ------------------------------------------------------------------------------

    def people(self):
        rng = self.rng
        self.orgs = {}
        for code, name, short, kind, parent in ORGANISATIONS:
            self.orgs[code] = Organisation.objects.create(
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent=self.orgs.get(parent),
                innovation_unit=f"Innovation {short or name}" if kind != "external" else "",
                contact_email=f"innovation.{code}@example.org",
                reports_to_bokslut=kind in ("committee", "company"),
            )
        internal = [o for o in self.orgs.values() if o.kind not in ("external", "region")]
        external = [o for o in self.orgs.values() if o.kind == "external"]
        self.internal_orgs = internal
        password = make_password(PASSWORD)
        n = self.sizes["users"]
        start = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        joined = self.now - timedelta(days=365 * YEARS)
        users, memberships = [], []
        self.by_role = {}
        # A few of each staff role per organisation; everyone else is an employee.
        staff = {"advisor": 4, "innovation_head": 1, "manager": 20}
        for i in range(n):
            pk = start + i
            email = f"person{i}@bench.example.org"
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            users.append((pk, password, False, False, email, name, "", "sv", True, joined, 0))
            if i < 200:
                org, role = rng.choice(external), "external"
            elif i < 210:
                org, role = self.orgs["foi"], "coordinator"
            elif i < 240:
                org, role = self.orgs["foi"], "prescreener"
            elif i < 300:
                org, role = self.orgs["rlk"], "expert"
            else:
                org = internal[i % len(internal)]
                rank = (i - 300) // len(internal)
                role = "employee"
                for staff_role, count in staff.items():
                    if rank < count:
                        role = staff_role
                        break
                    rank -= count
            memberships.append((pk, org.pk, role, False))
            self.by_role.setdefault((role, org.pk), []).append(pk)
            self.by_role.setdefault((role, None), []).append(pk)
        self.bench_users = {}
        for k, (key, (role, org_code)) in enumerate(BENCH_PEOPLE.items()):
            pk = self.bench_users[key] = start + n + k
            name = f"Bench {key.title()}"
            email = f"bench-{key}@bench.example.org"
            users.append((pk, password, False, False, email, name, "", "sv", True, joined, 0))
            memberships.append((pk, self.orgs[org_code].pk, role, False))
            self.by_role.setdefault((role, self.orgs[org_code].pk), []).append(pk)
        user_fields = [
            "id",
            "password",
            "is_superuser",
            "is_staff",
            "email",
            "full_name",
            "phone",
            "language",
            "is_active",
            "date_joined",
            "unread_notices",
        ]
        copy_rows(User, user_fields, users)
        copy_rows(Membership, ["user", "organisation", "role", "from_sso"], memberships)
        self.employees = self.by_role[("employee", None)]
        self.log(f"    {len(users)} people, {len(self.orgs)} organisations")

    def _advisors(self, org_pk):
        return self.by_role.get(("advisor", org_pk)) or self.by_role[("advisor", None)]

    # Fund calls --------------------------------------------------------------------------

    def calls(self):
        prescreeners = self.by_role[("prescreener", None)]
        experts = self.by_role[("expert", None)] + [self.bench_users["expert"]]
        self.calls_list = []
        for year in self.years:
            for half, (month, title) in enumerate(
                [(2, "Vårens utlysning"), (9, "Höstens utlysning")]
            ):
                opens = datetime(year, month, 1, 8, tzinfo=TZ)
                closes = opens + timedelta(days=45)
                call = fund_services.create_call(
                    None,
                    title=f"Innovationsfonden {year}: {title}",
                    description="Utlysning av Innovationsfonden.",
                    opens_at=opens,
                    closes_at=closes,
                    budget=4_000_000,
                    grant_year=year + (1 if half else 0),
                    accepted_kinds=["new", "continuation", "implementation"],
                )
                call.prescreeners.set(self.rng.sample(prescreeners, 3))
                call.experts.set(self.rng.sample(experts[:-1], 4) + experts[-1:])
                call.criteria_ids = list(
                    Criterion.objects.filter(call=call).values_list("pk", flat=True)
                )
                call.expert_ids = list(call.experts.values_list("pk", flat=True))
                call.prescreener_ids = list(call.prescreeners.values_list("pk", flat=True))
                self.calls_list.append(call)

    # Cases -------------------------------------------------------------------------------

    def _states(self, code):
        workflow = Workflow.objects.filter(code=code, is_current=True).order_by("-version").first()
        return dict(WorkflowState.objects.filter(workflow=workflow).values_list("code", "pk"))

    def cases(self):
        rng = self.rng
        words = self.step("vocabulary", Words, rng)
        states = self._states(CASE_WORKFLOW)
        total = self.sizes["cases"]
        n_fund = self.sizes["fund_applications"]
        # The register grows: later years have more cases than earlier ones.
        weights = [1 + i * 0.12 for i in range(YEARS)]
        per_year = [int(total * w / sum(weights)) for w in weights]
        per_year[-1] += total - sum(per_year)
        kinds = [k for k, _w in KINDS]
        kind_cum = list(accumulate(w for _k, w in KINDS))
        self.words = words
        self.cases_by_year = {}
        self.accepted = []  # (case id, org id, created)
        self.fund_cases = []  # (case id, org id, applicant, created, title, description)
        fund_per_year = n_fund // YEARS
        prefix = "SLU"
        case_id = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        event_id = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        case_rows, event_rows, submission_rows, term_rows = [], [], [], []
        case_fields = [
            "id",
            "registry_number",
            "registry_year",
            "registry_seq",
            "kind",
            "title",
            "description",
            "state",
            "organisation",
            "handler",
            "submitter",
            "submitter_name",
            "submitter_email",
            "secrecy",
            "secrecy_reference",
            "created",
            "updated",
            "version",
        ]
        event_fields = [
            "id",
            "case",
            "type",
            "created",
            "actor",
            "body",
            "visible_to_submitter",
            "data",
        ]
        submission_fields = [
            "case",
            "channel",
            "token_salt",
            "token_hash",
            "submitter_role",
            "for_whom",
            "suggestion",
            "unit",
            "chosen_organisation",
            "area",
            "company",
            "contact_phone",
            "language",
            "privacy_accepted",
            "due",
            "first_response",
            "reminded_on",
            "client_hash",
            "created",
        ]
        term_fields = ["doc_type", "doc_id", "term", "weight", "heading"]
        orgs = self.internal_orgs
        org_weights = list(accumulate(3 if o.kind in ("committee", "company") else 1 for o in orgs))
        companies = [o.pk for o in self.orgs.values() if o.kind == "external"]
        external = self.by_role[("external", None)]
        today = timezone.localdate()

        def flush():
            copy_rows(Case, case_fields, case_rows)
            copy_rows(CaseEvent, event_fields, event_rows)
            copy_rows(Submission, submission_fields, submission_rows)
            copy_rows(SearchEntry, term_fields, term_rows)
            copy_rows(SearchDocument, DOCUMENT_FIELDS, document_rows(term_rows))
            for rows in (case_rows, event_rows, submission_rows, term_rows):
                rows.clear()

        for y, (year, count) in enumerate(zip(self.years, per_year, strict=True)):
            current = year == self.this_year
            # The current year has only run until today.
            span = (today.timetuple().tm_yday / 365) if current else 1.0
            fund_every = max(count // fund_per_year, 1)
            for seq in range(1, count + 1):
                case_id += 1
                created = _moment(rng, year, span * seq / (count + 1))
                org = rng.choices(orgs, cum_weights=org_weights)[0]
                is_fund = seq % fund_every == 0 and len(self.fund_cases) < fund_per_year * (y + 1)
                kind = (
                    "fund_application" if is_fund else rng.choices(kinds, cum_weights=kind_cum)[0]
                )
                title_words, description_words = words.text()
                title = " ".join(title_words).capitalize()[:200]
                description = " ".join(description_words).capitalize() + "."
                age = (today - created.date()).days
                if is_fund:
                    state = "new"
                elif age < 14:
                    state = rng.choice(["new", "new", "assessing"])
                elif age < 60:
                    state = rng.choice(["new", "assessing", "assessing", "referred", "closed"])
                else:
                    state = rng.choices(
                        ["accepted", "referred", "closed", "assessing"], [5, 40, 53, 2]
                    )[0]
                advisors = self._advisors(org.pk)
                handler = rng.choice(advisors) if state != "new" or rng.random() < 0.5 else None
                channel = INTAKE_CHANNEL.get(kind)
                if kind == "proposal":
                    submitter, name, email = None, "Invånare", f"invanare{case_id}@example.net"
                elif channel == "company":
                    submitter = rng.choice(external)
                    name, email = "Företagskontakt", f"person{submitter}@bench.example.org"
                elif kind in ("document", "accessibility_report"):
                    submitter, name, email = None, "", ""
                else:
                    submitter = rng.choice(self.employees)
                    name, email = "Medarbetare", f"person{submitter}@bench.example.org"
                secrecy = rng.choices(["public", "partial", "secret"], [90, 5, 5])[0]
                if channel == "company" and rng.random() < 0.3:
                    secrecy = "secret"
                reference = "OSL 31 kap. 16 §" if secrecy != "public" else ""
                number = f"{prefix} {year}-{seq:05d}"
                decided = created + timedelta(days=rng.randint(3, 50))
                updated = decided if state in ("accepted", "referred", "closed") else created
                case_rows.append(
                    (
                        case_id,
                        number,
                        year,
                        seq,
                        kind,
                        title,
                        description,
                        states[state],
                        org.pk,
                        handler,
                        submitter,
                        name,
                        email,
                        secrecy,
                        reference,
                        created,
                        updated,
                        1,
                    )
                )
                event_id += 1
                event_rows.append(
                    (
                        event_id,
                        case_id,
                        "opened",
                        created,
                        submitter,
                        "",
                        True,
                        json.dumps({"organisation": org.name}),
                    )
                )
                if state in ("accepted", "referred", "closed"):
                    event_id += 1
                    transition = {"accepted": "accept", "referred": "refer", "closed": "close"}
                    event_rows.append(
                        (
                            event_id,
                            case_id,
                            "transition",
                            decided,
                            handler,
                            "Bedömt enligt rutinen för idéslussen.",
                            True,
                            json.dumps(
                                {"from": "assessing", "to": state, "transition": transition[state]}
                            ),
                        )
                    )
                if channel:
                    due = created.date() + timedelta(days=14)
                    answered = (
                        None if state == "new" else created + timedelta(days=rng.randint(1, 20))
                    )
                    submission_rows.append(
                        (
                            case_id,
                            channel,
                            secrets.token_hex(8),
                            secrets.token_hex(32),
                            "patient" if channel == "public" else "",
                            "",
                            "",
                            "",
                            None,
                            None,
                            rng.choice(companies) if channel == "company" else None,
                            "",
                            "sv",
                            created,
                            due,
                            answered,
                            None,
                            "",
                            created,
                        )
                    )
                for term, weight, heading in words.terms(title_words, description_words):
                    term_rows.append(("case", case_id, term, weight, heading))
                if state == "accepted":
                    self.accepted.append((case_id, org.pk, created, handler))
                if is_fund:
                    self.fund_cases.append(
                        (case_id, org.pk, submitter, created, title, description)
                    )
                if len(case_rows) >= 20000:
                    flush()
            self.cases_by_year[year] = count
            RegistryCounter.objects.create(prefix=prefix, year=year, last=count)
            self.log(f"    {year}: {count} cases")
        flush()

    def vocabulary(self):
        terms, parts = self.words.vocabulary_rows()  # beside what migrations indexed already
        for name in ("case", "testbed_record"):
            SearchTerm.objects.bulk_create(
                [SearchTerm(doc_type=name, term=t) for (t,) in terms],
                batch_size=5000,
                ignore_conflicts=True,
            )
        SearchPart.objects.bulk_create(
            [SearchPart(part=p, term=t) for p, t in parts], batch_size=5000, ignore_conflicts=True
        )
        self.log(f"    {len(terms)} stems, {len(parts)} parts")

    # Innovation process ------------------------------------------------------------------

    def innovation(self):
        rng = self.rng
        templates = []
        for template in ProcessTemplate.objects.filter(is_published=True).prefetch_related(
            "phases"
        ):
            phases = list(template.phases.order_by("order"))
            if phases:
                templates.append((template, phases))
        today = timezone.localdate()
        ic_fields = [
            "id",
            "case",
            "template",
            "phase",
            "status",
            "novelty",
            "degree",
            "directions",
            "perspectives",
            "line_owner",
            "advisor",
            "ip_rights",
            "ip_claim",
            "ip_decision",
            "procurement",
            "procurement_note",
            "spread_plan",
            "maintenance_plan",
            "started",
            "last_activity",
            "closed_on",
        ]
        run_fields = ["innovation", "phase", "started", "ended", "reopened"]
        directions = ["integrated", "internal_development", "test_environments", "procurement"]
        perspectives = ["new_services", "quality", "efficiency", "insight"]
        ic_rows, run_rows = [], []
        for pk, (case_id, org_pk, created, handler) in enumerate(self.accepted, start=1):
            template, phases = rng.choice(templates)
            started = created + timedelta(days=rng.randint(20, 60))
            reached = rng.randint(1, len(phases))
            day = started.date()
            for i in range(reached):
                length = rng.randint(30, 300)
                ended = day + timedelta(days=length)
                last = i == reached - 1
                if last or ended >= today:
                    run_rows.append((pk, phases[i].pk, day, None, False))
                    break
                run_rows.append((pk, phases[i].pk, day, ended, False))
                day = ended
            age = (today - started.date()).days
            status = (
                rng.choices(["active", "paused", "stopped", "implemented"], [50, 10, 15, 25])[0]
                if age > 365
                else "active"
            )
            last_activity = min(self.now, started + timedelta(days=rng.randint(0, max(age, 1))))
            owners = self.by_role.get(("manager", org_pk)) or self.employees
            ic_rows.append(
                (
                    pk,
                    case_id,
                    template.pk,
                    phases[i].pk,
                    status,
                    rng.choice(["world", "sweden", "organisation"]),
                    rng.choice(["radical", "incremental"]),
                    json.dumps(rng.sample(directions, rng.randint(1, 2))),
                    json.dumps(rng.sample(perspectives, rng.randint(1, 2))),
                    rng.choice(owners) if rng.random() < 0.9 else None,
                    handler,
                    "",
                    "undecided",
                    "",
                    "none",
                    "",
                    "",
                    "",
                    started,
                    last_activity,
                    today if status in ("stopped", "implemented") else None,
                )
            )
        copy_rows(InnovationCase, ic_fields, ic_rows)
        copy_rows(PhaseRun, run_fields, run_rows)
        self.log(f"    {len(ic_rows)} innovation cases, {len(run_rows)} phase periods")

    # The fund ----------------------------------------------------------------------------

    def fund(self):
        rng = self.rng
        states = self._states(FUND_WORKFLOW)
        app_fields = FUND_APPLICATION_FIELDS
        calls = sorted(self.calls_list, key=lambda c: c.opens_at)
        app_rows, line_rows, pre_rows, review_rows, score_rows, project_rows = (
            [],
            [],
            [],
            [],
            [],
            [],
        )
        review_id = 0
        for pk, (case_id, org_pk, applicant, created, title, summary) in enumerate(
            self.fund_cases, start=1
        ):
            # The call open (or last opened) when the application came in.
            call = next((c for c in reversed(calls) if c.opens_at <= created), calls[0])
            submitted = created
            stage = rng.choices(["signoff", "prescreening", "review", "decided"], [3, 5, 10, 82])[0]
            if call.closes_at > self.now:
                stage = rng.choice(["signoff", "prescreening", "review"])
            manager = rng.choice(self.by_role.get(("manager", org_pk)) or self.employees)
            granted = decided_at = None
            state = stage
            if stage == "decided":
                decided_at = call.closes_at + timedelta(days=30)
                if rng.random() < 0.1:
                    state = "rejected"  # failed pre-screening
                else:
                    state = "granted" if rng.random() < 0.3 else "rejected"
                    granted = (
                        rng.randrange(100_000, 600_000, 10_000) if state == "granted" else None
                    )
            app_rows.append(
                (
                    pk,
                    call.pk,
                    case_id,
                    states[state],
                    rng.choice(["new", "new", "continuation", "implementation"]),
                    applicant or rng.choice(self.employees),
                    org_pk,
                    rng.choice(["health_care"] * 4 + ["other"]),
                    rng.choice(["woman", "man", "", "other", "woman"]),
                    title,
                    summary,
                    "Målet är att förbättra vården.",
                    "",
                    manager,
                    True,
                    True,
                    False,
                    1,
                    submitted,
                    "",
                    submitted + timedelta(days=3) if stage != "signoff" else None,
                    granted,
                    "Motivering enligt kriterierna." if decided_at else "",
                    decided_at,
                    False,
                    created,
                    decided_at or submitted,
                )
            )
            for item, amount in (
                ("Personal", rng.randrange(100_000, 500_000, 5000)),
                ("Material", rng.randrange(10_000, 100_000, 1000)),
            ):
                line_rows.append((pk, item, amount))
            if stage in ("review", "decided"):
                met = state != "rejected" or granted is not None or rng.random() < 0.8
                pre_rows.append(
                    (
                        pk,
                        rng.choice(call.prescreener_ids),
                        met,
                        "Uppfyller kraven.",
                        submitted + timedelta(days=10),
                    )
                )
                for expert in rng.sample(call.expert_ids, 3):
                    review_id += 1
                    conflict = rng.random() < 0.05
                    done = stage == "decided" or rng.random() < 0.5
                    review_rows.append(
                        (
                            review_id,
                            pk,
                            expert,
                            conflict,
                            "",
                            submitted + timedelta(days=20) if done else None,
                            submitted + timedelta(days=15),
                        )
                    )
                    if done and not conflict:
                        for criterion in call.criteria_ids:
                            score_rows.append((review_id, criterion, rng.randint(1, 5), ""))
            if granted:
                project_rows.append(
                    (
                        pk,
                        call.grant_year,
                        granted,
                        rng.choice(["running", "completed", "completed", "delayed"]),
                        decided_at,
                        decided_at,
                    )
                )
        copy_rows(Application, app_fields, app_rows)
        copy_rows(BudgetLine, ["application", "item", "amount"], line_rows)
        copy_rows(
            Prescreening, ["application", "prescreener", "met", "reasons", "created"], pre_rows
        )
        copy_rows(
            Review,
            [
                "id",
                "application",
                "expert",
                "has_conflict",
                "conflict_note",
                "submitted_at",
                "created",
            ],
            review_rows,
        )
        copy_rows(Score, ["review", "criterion", "value", "comment"], score_rows)
        # Each expert who reviews was assigned to the application (fund.Assignment).
        copy_rows(
            Assignment,
            ["application", "expert", "created"],
            ((row[1], row[2], row[6]) for row in review_rows),
        )
        copy_rows(
            Project, ["application", "year", "budget", "status", "created", "updated"], project_rows
        )
        self.log(
            f"    {len(app_rows)} applications, {len(review_rows)} reviews, "
            f"{len(score_rows)} scores"
        )

    def sized_calls(self):
        """Two calls of the same kind as the others, one with ten times the applications of
        the other (``SIZED_CALLS``: 2 000 and 20 000 from scale 0.01 up), for the overview's
        cost per request as the call grows. Their applications carry no registry case: the
        register and its search keep their size."""
        rng = random.Random(17)  # its own: the rest of the dataset stays as it was
        states = self._states(FUND_WORKFLOW)
        year = self.this_year - 1
        experts = self.by_role[("expert", None)] + [self.bench_users["expert"]]
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM fund_application")
            pk = cursor.fetchone()[0]
            cursor.execute("SELECT coalesce(max(id), 0) FROM fund_review")
            review_id = cursor.fetchone()[0]
        app_rows, line_rows, review_rows, score_rows = [], [], [], []
        self.sized = {}
        for size in sized_calls(self.scale):
            opens = datetime(year, 5, 1, 8, tzinfo=TZ)
            call = fund_services.create_call(
                None,
                title=f"{SIZED_TITLE} {size}",
                description="Utlysning för mätningen.",
                opens_at=opens,
                closes_at=opens + timedelta(days=45),
                budget=size * 100_000,
                grant_year=year,
                accepted_kinds=["new", "continuation", "implementation"],
            )
            call.experts.set(experts[-5:])
            criteria = list(Criterion.objects.filter(call=call).values_list("pk", flat=True))
            self.sized[size] = call.pk
            for i in range(size):
                pk += 1
                org = self.internal_orgs[i % len(self.internal_orgs)]
                submitted = opens + timedelta(minutes=i % 60_000)
                decided = i % 10 != 0  # a tenth still in review
                state = ("granted" if i % 3 == 0 else "rejected") if decided else "review"
                granted = rng.randrange(100_000, 600_000, 10_000) if state == "granted" else None
                app_rows.append(
                    (
                        pk, call.pk, None, states[state], "new", rng.choice(self.employees),
                        org.pk, "health_care", rng.choice(["woman", "man", ""]),
                        f"Ansökan {i + 1} i mätningens utlysning", "Sammanfattning.",
                        "Målet.", "", rng.choice(self.employees), True, True, False, 1,
                        submitted, "", submitted, granted, "Motivering." if decided else "",
                        submitted + timedelta(days=60) if decided else None, False,
                        submitted, submitted,
                    )
                )  # fmt: skip
                line_rows.append((pk, "Personal", rng.randrange(100_000, 700_000, 5000)))
                for expert in rng.sample(experts[-5:], 3):
                    review_id += 1
                    done = decided or rng.random() < 0.5
                    review_rows.append(
                        (review_id, pk, expert, False, "", submitted if done else None, submitted)
                    )
                    if done:
                        for criterion in criteria:
                            score_rows.append((review_id, criterion, rng.randint(1, 5), ""))
        copy_rows(Application, FUND_APPLICATION_FIELDS, app_rows)
        copy_rows(BudgetLine, ["application", "item", "amount"], line_rows)
        copy_rows(
            Review,
            ["id", "application", "expert", "has_conflict", "conflict_note", "submitted_at",
             "created"],
            review_rows,
        )  # fmt: skip
        copy_rows(Score, ["review", "criterion", "value", "comment"], score_rows)
        copy_rows(
            Assignment,
            ["application", "expert", "created"],
            ((row[1], row[2], row[6]) for row in review_rows),
        )
        self.log(f"    calls of {', '.join(str(n) for n in self.sized)} applications")

    # Test environments ------------------------------------------------------------------

    def testbeds(self):
        """Test environments of the larger organisations, each with test plans and results
        (public or kept for the region's staff and the requester, half of them tied to a case),
        indexed as the one search indexes them (``testbed_record``)."""
        rng, words = self.rng, self.words
        owners = [o for o in self.internal_orgs if o.kind in ("committee", "company")]
        testbeds = Testbed.objects.bulk_create(
            Testbed(
                slug=f"testbadd-{i}",
                name=f"Testbädd {i}: " + " ".join(words.draw(3)).capitalize(),
                organisation=owners[i % len(owners)],
                summary=" ".join(words.draw(12)).capitalize() + ".",
                offer=" ".join(words.draw(30)).capitalize() + ".",
                audience="Företag och forskare.",
                contact_name="Testbäddsansvarig",
                contact_email=f"testbadd{i}@example.org",
                is_published=i % 10 != 0,
            )
            for i in range(30)
        )
        record_fields = [
            "id",
            "testbed",
            "case",
            "kind",
            "title",
            "body",
            "is_public",
            "recorded_by",
            "created",
        ]
        start = Record.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        cases = Case.objects.aggregate(first=Min("pk"), last=Max("pk"))
        record_rows, term_rows = [], []
        for i in range(self.sizes["test_records"]):
            pk = start + i + 1
            title_words, body_words = words.text()
            record_rows.append(
                (
                    pk,
                    rng.choice(testbeds).pk,
                    rng.randint(cases["first"], cases["last"]) if rng.random() < 0.5 else None,
                    rng.choice(["plan", "result"]),
                    " ".join(title_words).capitalize()[:200],
                    " ".join(body_words).capitalize() + ".",
                    rng.random() < 0.4,
                    rng.choice(self.employees),
                    _moment(rng, rng.choice(self.years[:-1]), rng.random()),
                )
            )
            for term, weight, heading in words.terms(title_words, body_words):
                term_rows.append(("testbed_record", pk, term, weight, heading))
        copy_rows(Record, record_fields, record_rows)
        copy_rows(SearchEntry, ["doc_type", "doc_id", "term", "weight", "heading"], term_rows)
        copy_rows(SearchDocument, DOCUMENT_FIELDS, document_rows(term_rows))
        self.log(f"    {len(testbeds)} test environments, {len(record_rows)} plans and results")

    # The annual survey -------------------------------------------------------------------

    def survey(self):
        rng = self.rng
        from slussen.bokslut.workflows import RESPONSE_WORKFLOW

        submitted = self._states(RESPONSE_WORKFLOW)["submitted"]
        reporting = [o for o in self.orgs.values() if o.reports_to_bokslut]
        coordinator = self.bench_users["coordinator"]
        level = {o.pk: rng.uniform(1.5, 3.5) for o in reporting}
        for year in self.years[:-1]:
            survey = SurveyRound.objects.create(
                year=year,
                due=date(year + 1, 2, 15),
                sent_at=datetime(year + 1, 1, 10, tzinfo=TZ),
                created_by_id=coordinator,
            )
            responses = []
            for org in reporting:
                level[org.pk] = min(5.0, level[org.pk] + rng.uniform(-0.2, 0.4))
                scores = {
                    f"score_{d.code}": max(1, min(5, round(level[org.pk] + rng.uniform(-1, 1))))
                    for d in DIMENSIONS
                }
                overall = Decimal(str(round(sum(scores.values()) / len(scores), 1)))
                responses.append(
                    Response(
                        round=survey,
                        organisation=org,
                        state_id=submitted,
                        integrated="Innovation ingår i verksamhetsplanen.",
                        internal="Idéer från medarbetare tas om hand i idéslussen.",
                        testbeds="Testbädden har tagit emot företag.",
                        procurement="En innovationsupphandling har förberetts.",
                        overall=overall,
                        comment="Mognaden ökar.",
                        **scores,
                        saved_at=survey.sent_at,
                        submitted_at=survey.sent_at + timedelta(days=20),
                        submitted_by_id=coordinator,
                    )
                )
            Response.objects.bulk_create(responses)

    def analyse(self):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


class Existing:
    """A dataset built by an earlier run (``BENCH_DATABASE_URL``): what the plan needs of it."""

    def __init__(self):
        self.this_year = timezone.localdate().year
        self.orgs = {o.code: o for o in Organisation.objects.all()}
        self.timings = {}


def build(scale=1.0, log=print):
    builder = Builder(scale, log=log)
    sizes = builder.build()
    return builder, sizes
