"""The same searches on SQLite and PostgreSQL, compared: every search surface of the product, asked
as several kinds of person, with what people really type.

    scripts/search-differential            # both databases, fresh demos, then the comparison
    scripts/search_differential.py collect OUT.json   # one database (DATABASE_URL or SQLite)
    scripts/search_differential.py compare A.json B.json

``collect`` loads the demo (``seed_demo``) into the database the settings point at when it is
empty, then asks each surface each query as each person through Django's test client, and
writes what each answer shows: its status, the text of its result count (``role="status"``) and
the addresses its results link to, in order (the ids and numbers of the objects listed); for
the API the ids and the count. ``compare`` prints every difference, and the answers that
failed (a status of 500) on either side.
"""

import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What people type: words and their inflections, compounds and their pieces, beginnings, several
# words, OR, phrases, missing diacritics, case, hyphens and slashes, numbers, registry numbers,
# dates, addresses, emoji, quotes, SQL and LIKE characters, long words, stop words, English.
QUERIES = [
    "sår",
    "såren",
    "sårvård",
    "trycksår",
    "läkemedel",
    "läkemedlen",
    "läkemedlet",
    "läkemedelsrobot",
    "drönare",
    "drönarleverans",
    "leverans",
    "leveranser",
    "drönarna",
    "dron",
    "drön",
    "läkem",
    "hjärt",
    "hjärtsvikt",
    "diab",
    "diabetes",
    "cancer",
    "muncancer",
    "munhålecancer",
    "screening",
    "tandvård",
    "tandvården",
    "tänder",
    "tand",
    "patient",
    "patienter",
    "patienternas",
    "sjuksköterska",
    "sjuksköterskor",
    "ssk",
    "vård",
    "vården",
    "hemsjukvård",
    "ambulans",
    "ambulanssjukvård",
    "app",
    "appen",
    "digital",
    "digitalt",
    "AI",
    "ai",
    "AI-baserat",
    "3d",
    "3D-printing",
    "5g",
    "VR/AR",
    "VR",
    "AR",
    "vr/ar",
    "e-hälsa",
    "ehälsa",
    "drönar-leverans",
    "drönar leverans",
    "sår OR läkemedel",
    "sår ELLER läkemedel",
    "sår eller läkemedel",
    "sår or läkemedel",
    "sår OR",
    "OR sår",
    "ELLER",
    "OR",
    "sår AND läkemedel",
    "sår läkemedel",
    "tidig upptäckt",
    '"tidig upptäckt"',
    '"upptäckt tidig"',
    "'tidig upptäckt'",
    "diabetes typ 2",
    "typ 2",
    "sar",
    "saren",
    "lakemedel",
    "lakemedlen",
    "dronare",
    "dronarleverans",
    "tandvard",
    "hjartsvikt",
    "sjukskoterska",
    "vard",
    "halsa",
    "SÅR",
    "LÄKEMEDEL",
    "Drönare",
    "DRÖNARLEVERANS",
    "Läkemedlen",
    "sår,",
    "sår.",
    "sår?",
    "sår!",
    "(sår)",
    "sår*",
    "*",
    "%",
    "_",
    "\\",
    "'",
    '"',
    "%sår%",
    "s_r",
    "sår%",
    "sår_",
    "sår\\",
    "o'brien",
    "O'Brien",
    "l'hôpital",
    "’",
    "sår’",
    "‘sår’",
    "«sår»",
    "“sår”",
    "' OR 1=1 --",
    "'; DROP TABLE cases; --",
    "1177",
    "112",
    "2024",
    "2025",
    "2026",
    "42",
    "46",
    "1",
    "0",
    "007",
    "123456",
    "SLU 2024-00046",
    "slu 2024-00046",
    "SLU2024-00046",
    "SLU-2024-00046",
    "2024-00046",
    "2024-46",
    "2024 00046",
    "00046",
    "202400046",
    "2024/00046",
    "SLU 2024",
    "SLU",
    "2024-01-15",
    "15 januari",
    "januari",
    "2024-01",
    "anna.lindqvist@demo.regionstockholm.se",
    "info@cuviva.se",
    "@",
    "sara.holm",
    "http://example.org",
    "www.1177.se",
    "😀",
    "🦷",
    "sår 😀",
    "❤️ vård",
    "ü",
    "é",
    "café",
    "naïve",
    "ß",
    "ﬁ",
    "Ａ Ｉ",
    "i",
    "a",
    "s",
    "x",
    "ab",
    "och",
    "och i att",
    "det är en",
    "the",
    "the and of",
    "and",
    "wounds",
    "wound",
    "drone",
    "drones",
    "drone delivery",
    "medicine",
    "medicines",
    "heart failure",
    "dental care",
    "diabetes type 2",
    "patient safety",
    "screening for diabetes",
    "a" * 70,
    "läkemedelshanteringsrobotsystemutvecklingsprojektet",
    "ordningsföljdsbestämmelsekommittéledamot",
    "sårsårsårsårsår",
    "sår " * 30,
    "x" * 10000,
    "sår " + "x" * 9990,
    " sår ",
    "\tsår\n",
    "sår  läkemedel",
    "sår-",
    "-sår",
    "sår/",
    "/",
    "-",
    "--",
    "+sår",
    "+",
    "sår +läkemedel",
    "sår -läkemedel",
    "NOT sår",
    "sår NOT",
    "\u00a0sår",
    "sår\u200b",
    "s\u00e5r",
    "sa\u030ar",
    "Läkemedel\u0308",
    "stockholm",
    "Stockholm",
    "region stockholm",
    "karolinska",
    "södersjukhuset",
    "sodersjukhuset",
    "cuviva",
    "innovation",
    "innovationer",
    "behov",
    "idé",
    "ide",
    "idéer",
    "ideer",
    "test",
    "testbädd",
    "testbäddar",
    "testmiljö",
    "resultat",
    "plan",
    "testplan",
    "mobil",
    "mobilen",
    "miljö",
    "miljön",
    "fick",
    "fickformat",
    "ficka",
    "nacke",
    "nacken",
    "nacksmärta",
    "smärta",
    "ont",
    "ont i nacken",
    "kylväska",
    "kylväskan",
    "robot",
    "robotar",
    "sensor",
    "sensorer",
    "sensorn",
    "egenmonitorering",
    "hemmonitorering",
    "distans",
    "digitala vårdbesök",
    "videomöte",
]
# Other words of the English interface.
ENGLISH = ["wounds", "drone delivery", "medicines", "heart", "dental", "diabetes", "sår"]


def people():
    """(label, user or None, API key or None) of the kinds of person the demo has."""
    from slussen.accounts.models import User
    from slussen.api import services as api_services

    found = []
    for label, local in [
        ("coordinator", "maria.sjoberg"),
        ("advisor", "sara.holm"),
        ("employee", "anna.lindqvist"),
        ("company", "lena.virtanen"),
        ("prescreener", "ali.hassan"),
    ]:
        user = User.objects.get(email__startswith=f"{local}@")
        found.append((label, user))
    patient, _new = User.objects.get_or_create(
        email="pia.patient@example.org", defaults={"full_name": "Pia Patient"}
    )
    found.append(("patient", patient))
    found.append(("anonymous", None))
    keys = {}
    for label, user in found:
        if user is not None and label in ("coordinator", "advisor", "company"):
            keys[label] = api_services.create_token(user, name="probe", scope="read")[1]
    return found, keys


# (surface, address, parameter, who asks: None is everyone)
STAFF = ("coordinator", "advisor", "employee", "prescreener")
SURFACES = [
    ("register", "/cases/", "q", STAFF + ("company",)),
    ("public_register", "/cases/public/", "q", ("anonymous", "coordinator")),
    ("similar", "/similar/", "description", ("anonymous", "employee", "coordinator")),
    ("queue", "/triage/", "q", ("coordinator", "advisor")),
    ("applications", "/fund/applications/", "q", ("coordinator", "prescreener", "employee")),
    ("results", "/testbeds/results/", "q", ("anonymous", "coordinator", "advisor", "company")),
    ("catalogue", "/testbeds/", "q", ("anonymous", "coordinator", "company")),
    ("innovation", "/process/", "q", ("coordinator", "advisor", "employee")),
    ("navigator", "/navigator/", "q", ("anonymous", "coordinator")),
    ("people", "/accounts/people/", "q", ("coordinator",)),
    ("api_cases", "/api/v1/cases/", "q", ("coordinator", "advisor", "company")),
    ("api_register", "/api/v1/register/", "q", ("anonymous",)),
    ("api_testbeds", "/api/v1/testbeds/", "q", ("anonymous", "coordinator")),
    ("api_actors", "/api/v1/navigator/actors/", "q", ("anonymous",)),
]
MAIN = re.compile(r"<main\b.*?</main>", re.S)
HREF = re.compile(r'href="([^"#]+)"')
STATUS = re.compile(r'<[^>]*role="status"[^>]*>(.*?)</(?:p|div|span|output)>', re.S)
TAG = re.compile(r"<[^>]+>")


def _texts():
    """What people write in the forms that suggest similar cases: the held-out paraphrases of the
    demo's projects and texts about needs no case covers, as written, without å, ä, ö and in
    capitals."""
    found = []
    for name, key in (("heldout_s19.json", "probes"), ("unrelated_s19.json", "texts")):
        data = json.loads((ROOT / "slussen/intake/eval" / name).read_text(encoding="utf-8"))
        for item in data[key]:
            text = item["text"] if isinstance(item, dict) else item
            found += [text, text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO")), text.upper()]
    return [(text, "sv") for text in found]


SIMILAR = re.compile(r'<section aria-labelledby="similar-sec".*?</section>', re.S)


def _shown(html: str, similar=False) -> dict:
    main = MAIN.search(html)
    body = main.group(0) if main else html
    if similar:
        part = SIMILAR.search(body)
        body = part.group(0) if part else ""
    counts = [" ".join(TAG.sub(" ", s).split()) for s in STATUS.findall(body)]
    links = [h for h in HREF.findall(body) if not h.startswith(("/static/", "http"))]
    return {"counts": [c for c in counts if c], "links": links}


def _api(data) -> dict:
    rows = data.get("results", data.get("items", data)) if isinstance(data, dict) else data
    ids = []
    if isinstance(rows, list):
        for row in rows:
            if isinstance(row, dict):
                ids.append(row.get("registry_number") or row.get("id") or row.get("slug"))
    count = data.get("count") if isinstance(data, dict) else None
    return {"counts": [count], "links": ids}


def collect(out: str, queries=None) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slussen.config.settings")
    django.setup()
    import logging

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from slussen.accounts import twofactor
    from slussen.cases.models import Case

    logging.disable(logging.INFO)  # a line per request is no use here
    setup_test_environment()
    from django.conf import settings

    # The API's rate limits would answer most of the probe's questions 429.
    settings.API_RATES = {"anonymous": "1000000/min", "authenticated": "1000000/min"}
    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        call_command("seed_demo", verbosity=0)
    found, keys = people()
    clients = {}
    for label, user in found:
        for language in ("sv", "en"):
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
                session = client.session
                session[twofactor.SESSION_KEY] = "verified"
                session.save()
            client.cookies["django_language"] = language
            clients[label, language] = client
    asked = [(q, "sv") for q in (queries or QUERIES)] + [(q, "en") for q in ENGLISH]
    answers, started = {}, time.monotonic()
    for surface, address, parameter, who in SURFACES:
        for label in who:
            for q, language in asked + (_texts() if surface == "similar" else []):
                client = clients[label, language]
                params = {parameter: q}
                if surface == "people":
                    params["picker"] = "case.handler"
                extra = {}
                api = surface.startswith("api_")
                if api and label in keys:
                    client = Client(raise_request_exception=False)
                    extra["HTTP_AUTHORIZATION"] = f"Bearer {keys[label]}"
                response = client.get(f"{address}?{urlencode(params)}", **extra)
                shown = {"status": response.status_code}
                if response.status_code == 200:
                    if api:
                        shown |= _api(response.json())
                    else:
                        shown |= _shown(response.content.decode())
                answers[f"{surface}|{label}|{language}|{q}"] = shown
        print(f"{surface}: {len(who)} people × {len(asked)} queries", file=sys.stderr)
    # Similar cases on every case page the person may open (and a 404 where she may not).
    for label in ("coordinator", "advisor", "employee"):
        for pk in Case.objects.order_by("pk").values_list("pk", flat=True):
            response = clients[label, "sv"].get(f"/cases/{pk}/")
            shown = {"status": response.status_code}
            if response.status_code == 200:
                shown |= _shown(response.content.decode(), similar=True)
            answers[f"case_page|{label}|sv|{pk}"] = shown
    print("case pages: 3 people", file=sys.stderr)
    Path(out).write_text(json.dumps(answers, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(answers)} answers in {time.monotonic() - started:.0f} s → {out}", file=sys.stderr)


def _short(q: str) -> str:
    return q if len(q) <= 40 else f"{q[:20]}…({len(q)} chars)"


def compare(a: str, b: str) -> int:
    left = json.loads(Path(a).read_text(encoding="utf-8"))
    right = json.loads(Path(b).read_text(encoding="utf-8"))
    differences = errors = 0
    for key in sorted(set(left) | set(right)):
        one, other = left.get(key), right.get(key)
        surface, label, language, q = key.split("|", 3)
        where = f"{surface} as {label} ({language}) {_short(q)!r}"
        for side, shown in (("A", one), ("B", other)):
            if shown and shown["status"] >= 500:
                errors += 1
                print(f"ERROR {side} {where}: {shown['status']}")
        if one != other:
            differences += 1
            print(f"DIFF {where}:\n  A {json.dumps(one, ensure_ascii=False)[:600]}\n"
                  f"  B {json.dumps(other, ensure_ascii=False)[:600]}")  # fmt: skip
    print(f"{len(left)} answers compared: {differences} differ, {errors} errors")
    return 1 if differences or errors else 0


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "collect":
        collect(args[0])
    elif command == "compare":
        sys.exit(compare(*args))
    else:
        sys.exit(__doc__)
