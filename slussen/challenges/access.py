"""Who reaches the challenges. The draft is Karolinska's: its author (advisor_other), its owner
(innovation_head), its panel (expert) and the coordinators know it exists. The challenge being
evaluated is for employees: every employee reads it, only its panel scores and only its owner
and author (and the coordinators) decide; a company's account never finds it."""

from slussen.testing.access import LOGIN, OK, Expect

MANAGERS = {"advisor_other": OK, "innovation_head": OK, "coordinator": OK, "admin": OK}
STAFF = ["employee", "manager", "advisor", "prescreener", "expert", "testbed_owner"]


def _challenge(w, audience="employees", state="draft"):
    from datetime import timedelta

    from django.utils import timezone

    from slussen.core import workflow

    from .services import create, submit_idea

    today = timezone.localdate()
    challenge = create(
        w.advisor_other,
        owner=w.innovation_head,
        panel=[w.expert],
        criteria=[{"name_sv": "Nytta", "name_en": "Benefit", "weight": 2}],
        title="Färre fall på våra avdelningar",
        description="Idéer som minskar fallen.",
        audience=audience,
        organisation=w.karolinska,
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    if state in ("open", "evaluating"):
        workflow.apply(challenge, "open", w.advisor_other)
    entry = None
    if state == "evaluating":
        idea = {"kind": "idea", "title": "Sensormatta", "problem": "Fall.", "for_whom": "Äldre"}
        submission, _t = submit_idea(challenge, w.employee, idea)
        entry = submission.case.challenge_entry
        workflow.apply(challenge, "evaluate", w.advisor_other)
    return challenge, entry


def draft(w):
    return {"pk": _challenge(w)[0].pk}


def open_for_everyone(w):
    return {"pk": _challenge(w, "public", "open")[0].pk}


def evaluating(w):
    return {"pk": _challenge(w, "employees", "evaluating")[0].pk}


def idea_to_score(w):
    return {"pk": _challenge(w, "employees", "evaluating")[1].pk}


EVALUATING_VIEW = {"default": OK, "anonymous": LOGIN, "external": 404}

ACCESS = {
    "challenges:index": Expect(),
    "challenges:create": Expect(default=403, anonymous=LOGIN, advisor=OK, **MANAGERS),
    "challenges:detail": Expect(kwargs=draft, default=404, expert=OK, **MANAGERS),
    "challenges:edit": Expect(kwargs=draft, default=404, anonymous=LOGIN, expert=403, **MANAGERS),
    "challenges:transition": Expect(
        kwargs=draft, method="POST", default=404, anonymous=LOGIN, expert=OK, **MANAGERS
    ),
    # An employee's form: anyone else is sent back to the challenge (or to log in).
    "challenges:idea": Expect(kwargs=open_for_everyone, anonymous=LOGIN),
    "challenges:proposal": Expect(kwargs=open_for_everyone),
    "challenges:decide": Expect(
        kwargs=evaluating,
        method="POST",
        default=403,
        anonymous=LOGIN,
        external=404,
        **MANAGERS,
    ),
    "challenges:score": Expect(
        kwargs=idea_to_score, default=403, anonymous=LOGIN, external=404, expert=OK
    ),
}
