"""Declarations for the authorization matrix (and the accessibility scan built on it).

Every named URL of the project must be classified in some app's ``access.py``::

    from slussen.testing.access import LOGIN, OK, Expect

    ACCESS = {
        "cases:detail": Expect(
            kwargs=lambda w: {"pk": w.other_case.pk},  # w: slussen.testing.world.World
            default=404,                                 # everyone not listed below
            anonymous=LOGIN,
            advisor_other=OK, innovation_head=OK, coordinator=OK, admin=OK,
        ),
    }

Outcomes: ``OK`` (allowed: 2xx, a redirect that is not to log-in, 400 or 409 for an empty
POST), ``LOGIN`` (redirect to log-in), 403, 404 (existence must not leak), 405.
``kwargs`` may create objects it needs (it gets a fresh world per URL). ``method="POST"``
posts ``data(w)`` (default: empty). A key ending in ``:*`` classifies a whole namespace and is
checked with ``sample`` (a URL name inside it). Roles: ``anonymous`` and the keys of
``slussen.testing.world.PEOPLE``.
"""

from dataclasses import dataclass, field

OK = "ok"
LOGIN = "login"


@dataclass
class Expect:
    kwargs: object = None
    method: str = "GET"
    data: object = None
    default: object = OK
    sample: str | None = None
    scan: bool = True  # include in the accessibility scan (GET pages that render HTML)
    outcomes: dict = field(default_factory=dict)

    def __init__(
        self, kwargs=None, method="GET", data=None, default=OK, sample=None, scan=True, **outcomes
    ):
        self.kwargs = kwargs
        self.method = method
        self.data = data
        self.default = default
        self.sample = sample
        self.scan = scan
        self.outcomes = outcomes

    def expected(self, role):
        return self.outcomes.get(role, self.default)


def collect():
    """All declarations of all apps, keyed by URL name."""
    from importlib import import_module

    from django.apps import apps

    declared = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("slussen."):
            continue
        try:
            module = import_module(f"{app.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.access":
                raise
            continue
        for name, expect in module.ACCESS.items():
            assert name not in declared, f"{name} classified twice"
            declared[name] = expect
    return declared


def url_names():
    """Every named URL pattern of the project, as ``namespace:name``."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}{p.namespace}:"
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                if p.name:
                    names.add(f"{namespace}{p.name}")
                else:
                    names.add(f"{namespace}<unnamed {p.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def classification(name, declared):
    if name in declared:
        return declared[name]
    head = name.split("<unnamed", 1)[0].rstrip(":")  # an unnamed pattern's namespace
    namespace = head.rsplit(":", 1)[0] + ":*" if ":" in name else None
    return declared.get(namespace)
