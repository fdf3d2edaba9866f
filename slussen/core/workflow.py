"""One engine for every workflow.

An object under a workflow has a foreign key ``state`` to :class:`WorkflowState`; the
definition is data: states, transitions, and for each transition

* the **permission** rule that decides who may take it (``slussen.core.permissions``),
* its **guards**: codes of checks declared with ``@guard("code")`` that must all pass; each
  returns the problems it finds, in words the user can act on, and every problem is shown,
* who is **told**: codes of audiences declared with ``@audience("code")``; each returns the
  people to tell, who get a notice in Slussen and an e-mail by their preference.

``apply()`` looks the transition up by its stable code, checks source, permission and guards,
changes the state in one transaction with the row locked, writes the audit event, queues the
notices, and sends the ``transitioned`` signal, which the owning app turns into a timeline event.
A new flow thus gets checks, audit, timeline and notices without new plumbing.

``manage.py check`` fails when a stored or declared transition names a permission, guard or
audience that does not exist, so a typo is caught before it reaches a page.
"""

from collections.abc import Callable

from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.dispatch import Signal
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from . import audit
from .models import Workflow, WorkflowState, WorkflowTransition
from .permissions import _RULES, can

transitioned = Signal()  # sender=model class; obj, transition, source, user, reason

_GUARDS: dict[str, Callable] = {}
_AUDIENCES: dict[str, tuple[Callable, bool]] = {}
_DECLARED: dict[str, list] = {}  # workflow code -> transitions as declared in code


class TransitionError(ValidationError):
    pass


def guard(code: str):
    """Declare a check a transition may name: ``fn(obj, transition, user, data) -> [problem]``."""

    def register(func):
        if code in _GUARDS:
            raise ValueError(f"Guard {code!r} declared twice")
        _GUARDS[code] = func
        return func

    return register


def audience(code: str, *, email: bool = True, reason: bool = True):
    """Declare whom a transition may tell: ``fn(obj) -> iterable of users or (user, url)``.

    ``email=False`` when the owning app mails these people itself (the submitter's tracking
    mail): they then get the notice in Slussen only. ``reason=False`` when the step's reason is
    internal to the region (a gate decision's basis): these people are told what happened, not
    why.
    """

    def register(func):
        if code in _AUDIENCES:
            raise ValueError(f"Audience {code!r} declared twice")
        _AUDIENCES[code] = (func, email, reason)
        return func

    return register


def current(code: str) -> Workflow:
    return Workflow.objects.filter(code=code, is_current=True).order_by("-version").first() or (
        Workflow.objects.filter(code=code).order_by("-version").get()
    )


def initial_state(code: str) -> WorkflowState:
    return current(code).states.get(is_initial=True)


def state_labels(workflow_id) -> dict[str, str]:
    """Code → label in the active language, for timelines that store codes."""
    return {s.code: s.label for s in WorkflowState.objects.filter(workflow_id=workflow_id)}


def _allowed(user, permission: str, obj) -> bool:
    """A transition naming an unknown rule is refused (``manage.py check`` reports it)."""
    if permission not in _RULES:
        return False
    return can(user, permission, obj)


def state_of(obj) -> WorkflowState:
    """The object's state. Most objects hold a ``state`` key; an object whose state is a code
    column of its own (``STATE_FIELD``) runs on the current version of its ``WORKFLOW``."""
    field = getattr(type(obj), "STATE_FIELD", None)
    if field is None:
        return obj.state
    return WorkflowState.objects.select_related("workflow").get(
        workflow=current(type(obj).WORKFLOW), code=getattr(obj, field)
    )


def _set_state(obj, state: WorkflowState) -> None:
    field = getattr(type(obj), "STATE_FIELD", None)
    if field is None:
        obj.state = state
        obj.save(update_fields=["state", "updated"])
    else:
        setattr(obj, field, state.code)
        obj.save(update_fields=[field])


def available(obj, user) -> list[WorkflowTransition]:
    """Transitions ``user`` may take from the object's current state."""
    state = state_of(obj)
    candidates = WorkflowTransition.objects.filter(
        workflow_id=state.workflow_id, sources=state.pk
    ).select_related("target")
    return [t for t in candidates if _allowed(user, t.permission, obj)]


def problems(obj, transition: WorkflowTransition, user, data=None) -> list[str]:
    """Everything the transition's guards find against taking it now (empty: it may pass)."""
    found = []
    for code in transition.guards or []:
        check = _GUARDS.get(code)
        if check is None:
            found.append(_("A check of this step is not configured; ask an administrator."))
            continue
        found += list(check(obj, transition, user, data or {}) or [])
    return found


def apply(obj, code: str, user, *, reason: str = "", context=None, title=None, **data):
    """Take the step ``code``. ``context`` is handed to the guards (objects a step needs, such
    as the phase a gate leads to); ``data`` is recorded in the audit event."""
    reason = (reason or "").strip()
    model = type(obj)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        source = state_of(locked)
        try:
            tr = WorkflowTransition.objects.select_related("target", "workflow").get(
                workflow_id=source.workflow_id, code=code
            )
        except WorkflowTransition.DoesNotExist:
            raise TransitionError(_("This step does not exist.")) from None
        if not tr.sources.filter(pk=source.pk).exists():
            raise TransitionError(
                _("This step is not possible from the status “%(state)s”.")
                % {"state": source.label}
            )
        if not _allowed(user, tr.permission, locked):
            raise PermissionDenied
        if tr.requires_reason and not reason:
            raise TransitionError(_("Please give a reason; it is shown on the timeline."))
        found = problems(locked, tr, user, {**data, **(context or {})})
        if found:
            raise TransitionError(found)
        _set_state(locked, tr.target)
        audit.record(
            user, f"workflow.{code}", locked, source=source.code, target=tr.target.code, **data
        )
        announce(locked, tr, user, reason, title=title)
        transitioned.send(
            sender=model,
            obj=locked,
            transition=tr,
            source=source,
            user=user,
            reason=reason,
            context=context or {},
        )
    if getattr(model, "STATE_FIELD", None):
        setattr(obj, model.STATE_FIELD, tr.target.code)
    else:
        obj.state = locked.state
    return tr


def recipients(obj, codes) -> list[tuple]:
    """``(user, url, email, reason)`` for every audience code, each person once (the first
    audience that names them wins)."""
    found, seen = [], set()
    default_url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    for code in codes or []:
        resolve, email, reason = _AUDIENCES.get(code, (None, True, True))
        if resolve is None:
            continue
        for item in resolve(obj) or []:
            user, url = item if isinstance(item, tuple) else (item, default_url)
            if user is None or user.pk in seen:
                continue
            seen.add(user.pk)
            found.append((user, url, email, reason))
    return found


def announce(obj, transition: WorkflowTransition, user, reason: str = "", *, title=None):
    """Tell the transition's audiences (not the person who took the step) what happened."""
    from . import notify

    target = transition.target
    label = describe(obj)

    def default_title():
        return _("%(object)s: now “%(state)s”") % {"object": label, "state": target.label}

    for person, url, email, with_reason in recipients(obj, transition.notify):
        if getattr(user, "pk", None) == person.pk:
            continue
        notify.tell(
            [person],
            f"{transition.workflow.code}.{transition.code}",
            title or default_title,
            url=url,
            body=reason if with_reason else "",
            email=email,
        )


def labels(source: WorkflowState, target: WorkflowState) -> dict:
    """The states a step went between, in both languages, for timelines read in either."""
    return {
        "from": {"sv": source.name_sv, "en": source.name_en},
        "to": {"sv": target.name_sv, "en": target.name_en},
    }


def _describe(obj) -> str:
    number = getattr(obj, "registry_number", "") or getattr(
        getattr(obj, "case", None), "registry_number", ""
    )
    title = _("“%(title)s”") % {"title": getattr(obj, "title", "") or str(obj)}
    return f"{number} {title}" if number else title


def describe(obj):
    """The object as people name it – registry number and title in quotes – in the language
    active when the text is written out (a notice is written in each recipient's)."""
    return lazy(_describe, str)(obj)


def define(code: str, name_sv: str, name_en: str, states, transitions, version: int = 1):
    """Create or update a workflow definition from plain data (used by seeds and migrations).

    ``states``: ``[(code, name_sv, name_en, flags)]`` where flags may contain "initial"/"final".
    ``transitions``: ``[(code, name_sv, name_en, [source codes], target, permission[, extra])]``
    where ``extra`` may hold ``guards``, ``notify`` (lists of codes) and ``requires_reason``.
    """
    _DECLARED[code] = list(transitions)
    wf, _created = Workflow.objects.update_or_create(
        code=code, version=version, defaults={"name_sv": name_sv, "name_en": name_en}
    )
    by_code = {}
    for order, (scode, sv, en, flags) in enumerate(states):
        by_code[scode], _c = WorkflowState.objects.update_or_create(
            workflow=wf,
            code=scode,
            defaults={
                "name_sv": sv,
                "name_en": en,
                "order": order,
                "is_initial": "initial" in flags,
                "is_final": "final" in flags,
            },
        )
    for order, spec in enumerate(transitions):
        tcode, sv, en, sources, target, permission = spec[:6]
        extra = spec[6] if len(spec) > 6 else {}
        defaults = {
            "name_sv": sv,
            "name_en": en,
            "target": by_code[target],
            "permission": permission,
            "order": order,
            "guards": list(extra.get("guards", [])),
            "notify": list(extra.get("notify", [])),
        }
        if "requires_reason" in extra:
            defaults["requires_reason"] = extra["requires_reason"]
        tr, _c = WorkflowTransition.objects.update_or_create(
            workflow=wf, code=tcode, defaults=defaults
        )
        tr.sources.set([by_code[s] for s in sources])
    return wf


def declare(code: str, transitions) -> None:
    """Remember a definition's transitions so that ``manage.py check`` can read them."""
    _DECLARED[code] = list(transitions)


def sync_policy(code: str, transitions) -> int:
    """Bring the guards and audiences of every stored version of ``code`` in line with the
    declaration. They are checks and notices, not structure: running objects feel no change of
    states or steps. Returns how many transitions changed."""
    changed = 0
    for spec in transitions:
        extra = spec[6] if len(spec) > 6 else {}
        changed += (
            WorkflowTransition.objects.filter(workflow__code=code, code=spec[0])
            .exclude(guards=list(extra.get("guards", [])), notify=list(extra.get("notify", [])))
            .update(guards=list(extra.get("guards", [])), notify=list(extra.get("notify", [])))
        )
    return changed


# System check


def _problems_of(where: str, permission: str, guards, notify) -> list[checks.CheckMessage]:
    errors = []
    if permission not in _RULES:
        errors.append(
            checks.Error(
                f"{where} names the permission rule {permission!r}, which does not exist.",
                id="slussen.workflow.E001",
            )
        )
    for code in guards or []:
        if code not in _GUARDS:
            errors.append(
                checks.Error(
                    f"{where} names the guard {code!r}, which does not exist.",
                    id="slussen.workflow.E002",
                )
            )
    for code in notify or []:
        if code not in _AUDIENCES:
            errors.append(
                checks.Error(
                    f"{where} names the audience {code!r}, which does not exist.",
                    id="slussen.workflow.E003",
                )
            )
    return errors


@checks.register()
def check_definitions(app_configs=None, **kwargs):
    """Every permission, guard and audience a workflow names must exist (declared in code and
    stored in the database, when it can be reached)."""
    errors = []
    for code, transitions in _DECLARED.items():
        for spec in transitions:
            extra = spec[6] if len(spec) > 6 else {}
            errors += _problems_of(
                f"Workflow {code!r}, transition {spec[0]!r}",
                spec[5],
                extra.get("guards"),
                extra.get("notify"),
            )
    try:
        stored = list(
            WorkflowTransition.objects.select_related("workflow").values_list(
                "workflow__code", "workflow__version", "code", "permission", "guards", "notify"
            )
        )
    except DatabaseError:  # no database yet (a fresh checkout): the declarations suffice
        return errors
    for wcode, version, tcode, permission, guards, notify in stored:
        errors += _problems_of(
            f"Stored workflow {wcode!r} v{version}, transition {tcode!r}",
            permission,
            guards,
            notify,
        )
    return errors
