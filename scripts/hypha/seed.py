"""Build in Hypha the same fund data as Slussen's bench calls of two sizes
(``slussen/bench/dataset.py``, ``Builder.sized_calls``), for ``scripts/compare-hypha``.

Runs in Hypha's own virtualenv, from Hypha's source folder, with Hypha's settings:

  python seed.py build 2000,20000   a fund with one round per size; each application answered
                                    through Hypha's default form, three of five reviewers
                                    assigned, nine in ten decided (a third accepted) with a
                                    determination and three submitted reviews, a tenth still in
                                    review with each review submitted half the time
  python seed.py sessions N         N staff (the fund's coordinators) logged in: prints JSON
                                    {"sessions": [[email, session key], ...], "rounds": ...,
                                    "submissions": {round id: [ids]}}

One submission and one review are made through Hypha's own factories (its test code, so that
the form, its answers and the review form are as Hypha makes them); the others copy them in
bulk, as Slussen's bench copies its rows, with their own titles, applicants, states and scores.
"""

import json
import os
import random
import sys
from datetime import UTC, date, datetime, timedelta

sys.path.insert(0, os.getcwd())  # Hypha's source folder
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hypha.settings.production")

import hypha  # noqa: E402,F401  (its package sets Django up, see hypha/celery.py)
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402

PASSWORD = "compare-hypha"
STAFF = [f"bench-staff-{i}@bench.example.org" for i in range(10)]
ROUND_TITLE = "Mätningens omgång med ansökningar:"
FUND_TITLE = "Innovationsfonden (mätning)"


def log(text):
    print(text, file=sys.stderr, flush=True)


def build(sizes):
    from hypha.apply.determinations.models import Determination
    from hypha.apply.determinations.options import ACCEPTED, REJECTED
    from hypha.apply.funds.models import (
        ApplicationRevision,
        ApplicationSubmission,
        AssignedReviewers,
        FundType,
    )
    from hypha.apply.funds.tests.factories import (
        ApplicationSubmissionFactory,
        FundTypeFactory,
        RoundFactory,
    )
    from hypha.apply.review.models import Review
    from hypha.apply.review.options import MAYBE, NO, YES
    from hypha.apply.review.tests.factories import ReviewFactory
    from hypha.apply.users.roles import (
        APPLICANT_GROUP_NAME,
        REVIEWER_GROUP_NAME,
        STAFF_GROUP_NAME,
    )

    User = get_user_model()
    built = {
        int(title.rsplit(" ", 1)[1])
        for title in ApplicationSubmission.objects.filter(round__title__startswith=ROUND_TITLE)
        .values_list("round__title", flat=True)
        .distinct()
    }
    sizes = [n for n in sizes if n not in built]
    if not sizes:
        log("Hypha's data is there already.")
        return
    rng = random.Random(17)  # as Slussen's sized calls
    with transaction.atomic():
        staff_group = Group.objects.get(name=STAFF_GROUP_NAME)
        reviewer_group = Group.objects.get(name=REVIEWER_GROUP_NAME)
        applicant_group = Group.objects.get(name=APPLICANT_GROUP_NAME)
        if not User.objects.filter(email=STAFF[0]).exists():
            for email in STAFF:
                user = User.objects.create_user(
                    email=email, password=PASSWORD, full_name=email.split("@")[0], is_staff=True
                )
                user.groups.add(staff_group)
            for i in range(5):
                user = User.objects.create_user(
                    email=f"bench-expert-{i}@bench.example.org",
                    password=PASSWORD,
                    full_name=f"Expert {i}",
                )
                user.groups.add(reviewer_group)
            # Applicants: Slussen's draw from 3 000 people.
            applicants = User.objects.bulk_create(
                User(
                    email=f"applicant-{i}@bench.example.org",
                    full_name=f"Sökande {i}",
                    password="!",
                )
                for i in range(3000)
            )
            User.groups.through.objects.bulk_create(
                User.groups.through(user_id=u.pk, group_id=applicant_group.pk) for u in applicants
            )
            FundTypeFactory(title=FUND_TITLE)
            log("  people and the fund")
        staff = [User.objects.get(email=email) for email in STAFF]
        experts = list(User.objects.filter(email__startswith="bench-expert-").order_by("email"))
        applicants = list(User.objects.filter(email__startswith="applicant-").order_by("pk"))
        fund = FundType.objects.get(title=FUND_TITLE)
        for size in sizes:
            year = date.today().year - 1
            # Hypha refuses rounds of a fund whose dates overlap: one after the other.
            opens = datetime(year, 1, 1, 8, tzinfo=UTC) + timedelta(days=60 * len(built))
            built.add(size)
            round_ = RoundFactory(
                parent=fund,
                title=f"{ROUND_TITLE} {size}",
                lead=staff[0],
                start_date=opens.date(),
                end_date=(opens + timedelta(days=45)).date(),
            )
            round_experts = experts  # the last five experts, as in Slussen's
            # The first through Hypha's factories: its form, answers, first revision.
            first = ApplicationSubmissionFactory(
                round=round_,
                page=fund,
                lead=staff[0],
                user=applicants[0],
                status="internal_review",
            )
            first_review = ReviewFactory(submission=first, author__reviewer=experts[0])
            form_fields = first.form_fields
            form_data = first.form_data
            review_fields = first_review.form_fields
            review_data = first_review.form_data
            # Free the first's reviewer slot: the copies assign their own.
            first_review.delete()
            AssignedReviewers.objects.filter(submission=first).delete()
            submissions = [first]
            for i in range(size):
                decided = i % 10 != 0  # a tenth still in review
                state = ("accepted" if i % 3 == 0 else "rejected") if decided else "internal_review"
                if i == 0:
                    first.status = state
                    first.form_data["title"] = f"Ansökan 1 i mätningens omgång {size}"
                    first.save(skip_custom=True)
                    continue
                submitted = opens + timedelta(minutes=i % 60_000)
                title = f"Ansökan {i + 1} i mätningens omgång {size}"
                submissions.append(
                    ApplicationSubmission(
                        form_data={**form_data, "title": title},
                        form_fields=form_fields,
                        page=fund,
                        round=round_,
                        lead=staff[0],
                        user=rng.choice(applicants),
                        search_data=f"{title} Sammanfattning.",
                        status=state,
                        submit_time=submitted,
                        workflow_name=first.workflow_name,
                        summary="Sammanfattning.",
                    )
                )
            ApplicationSubmission.objects.bulk_create(submissions[1:], batch_size=2000)
            # public ids and a first revision each, as Hypha's save() makes them
            prefix = round_.submission_id_prefix or ""
            ApplicationRevision.objects.bulk_create(
                (
                    ApplicationRevision(
                        submission=s, form_data=s.form_data, author=s.user, is_draft=False
                    )
                    for s in submissions[1:]
                ),
                batch_size=2000,
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE funds_applicationsubmission s SET public_id = %s || s.id, "
                    "live_revision_id = r.id, draft_revision_id = r.id, "
                    "search_document = to_tsvector(s.search_data) "
                    "FROM funds_applicationrevision r WHERE r.submission_id = s.id "
                    "AND s.round_id = %s AND s.id <> %s",
                    [prefix, round_.pk, first.pk],
                )
            # Three of the five experts each; reviews submitted when decided, else half.
            assigned, reviews, determinations = [], [], []
            for submission in submissions:
                for expert in rng.sample(round_experts, 3):
                    assigned.append(
                        AssignedReviewers(
                            submission=submission, reviewer=expert, type=reviewer_group
                        )
                    )
            AssignedReviewers.objects.bulk_create(assigned, batch_size=5000)
            live = dict(
                ApplicationSubmission.objects.filter(round=round_).values_list(
                    "pk", "live_revision_id"
                )
            )
            for author in assigned:
                state = author.submission.status
                done = state != "internal_review" or rng.random() < 0.5
                if not done:
                    continue
                scores = [rng.randint(1, 5) for _ in range(4)]
                reviews.append(
                    Review(
                        submission_id=author.submission_id,
                        revision_id=live[author.submission_id],
                        author=author,
                        form_fields=review_fields,
                        form_data=review_data,
                        recommendation=rng.choice([NO, MAYBE, YES]),
                        score=sum(scores) / len(scores),
                        is_draft=False,
                    )
                )
            Review.objects.bulk_create(reviews, batch_size=5000)
            for submission in submissions:
                if submission.status in ("accepted", "rejected"):
                    determinations.append(
                        Determination(
                            submission=submission,
                            author=staff[0],
                            outcome=ACCEPTED if submission.status == "accepted" else REJECTED,
                            message="Motivering.",
                            form_data={},
                            is_draft=False,
                        )
                    )
            Determination.objects.bulk_create(determinations, batch_size=5000)
            log(
                f"  round {round_.pk}: {len(submissions)} submissions, {len(reviews)} reviews, "
                f"{len(determinations)} determinations"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sessions(n):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from hypha.apply.funds.models import ApplicationSubmission

    store = import_module(settings.SESSION_ENGINE).SessionStore
    User = get_user_model()
    found = []
    for email in STAFF[:n]:
        user = User.objects.get(email=email)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        found.append([email, session.session_key])
    rounds = {}
    for round_id, title in (
        ApplicationSubmission.objects.filter(round__title__startswith=ROUND_TITLE)
        .values_list("round_id", "round__title")
        .distinct()
    ):
        size = int(title.rsplit(" ", 1)[1])
        rounds[size] = {
            "round": round_id,
            "submissions": list(
                ApplicationSubmission.objects.filter(round_id=round_id)
                .order_by("?")
                .values_list("pk", flat=True)[:300]
            ),
            "decided": list(
                ApplicationSubmission.objects.filter(round_id=round_id, status="accepted")
                .order_by("?")
                .values_list("pk", flat=True)[:300]
            ),
        }
    print(
        json.dumps(
            {
                "sessions": found,
                "cookie": settings.SESSION_COOKIE_NAME,
                "rounds": rounds,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build([int(n) for n in sys.argv[2].split(",")])
    elif sys.argv[1] == "sessions":
        sessions(int(sys.argv[2]))
