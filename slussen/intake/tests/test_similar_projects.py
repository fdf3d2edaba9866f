"""The writing forms' suggestion box shows each project once: an idea and the fund application
started from it, one project's cases written for several units, a case marked a duplicate of
another. The best placed stands for its project, the others are named beside it, and the next
project takes the place they would have filled. Lists where every case counts (a case page's
similar cases for its handler, with a merge link or refusal each) are not collapsed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Secrecy
from slussen.cases.projects import title_key
from slussen.fund.models import Application
from slussen.fund.tests.factories import make_application
from slussen.intake import evaluation, search
from slussen.intake.models import CaseLink

TEXT = "Digital läkemedelsgenomgång för äldre patienter"


def _open(world, title, description, org=None):
    return case_services.open_case(
        kind="idea", title=title, description=description, organisation=org or world.sos
    )


def _others(world):
    """Cases about other things, so that the words compared are rare enough to count."""
    for title in (
        "Drönare för provtransporter",
        "Tryggare kollektivtrafik för kvinnor",
        "Bakteriefria vattenlås",
        "Halkfria strumpor i stället för egna tofflor",
        "Ledningsstöd för minskad klimatpåverkan",
    ):
        _open(world, title, title)


def _two_units_and_another(world):
    _others(world)
    sos = _open(
        world,
        "Digital läkemedelsgenomgång för äldre – Södersjukhuset",
        "Digital läkemedelsgenomgång för äldre inom Södersjukhuset.",
    )
    karolinska = _open(
        world,
        "Digital läkemedelsgenomgång för äldre – Karolinska Universitetssjukhuset",
        "Digital läkemedelsgenomgång för äldre inom Karolinska Universitetssjukhuset.",
        world.karolinska,
    )
    other = _open(
        world,
        "Läkemedelsgenomgång på distans i hemmet",
        "Äldre patienter med många läkemedel får en genomgång på distans.",
    )
    return sos, karolinska, other


def test_one_projects_cases_of_several_units_take_one_place_and_the_next_project_the_other(world):
    sos, karolinska, other = _two_units_and_another(world)
    assert {c.pk for c in search.similar(TEXT, limit=2)} == {sos.pk, karolinska.pk}
    found = search.suggestions(TEXT, limit=2)
    assert other in found and len(found) == 2
    project = next(c for c in found if c != other)
    assert [o.pk for o in project.same_project] == [({sos.pk, karolinska.pk} - {project.pk}).pop()]
    assert project.same_project[0].same_title
    assert next(c for c in found if c == other).same_project == []


def test_a_title_is_a_project_by_its_words_numbers_kept_and_only_its_own_unit_dropped(world):
    """Only a dash-part naming the case's own organisation is its unit; "Pilot 1" and "Pilot 2"
    are two projects."""
    a = _open(world, "Väntetid i realtid – förstudie", "Förstudie om väntetider.")
    b = _open(world, "Väntetid i realtid – Karolinska Universitetssjukhuset", "Väntetider.")
    c = _open(world, "Väntetid i realtid – Södersjukhuset", "Väntetider.")
    d = _open(world, "Väntetid i  realtid!", "Väntetider.", world.karolinska)
    assert title_key(a) != title_key(b)  # b is SöS's case naming Karolinska
    assert title_key(c) == title_key(d) == "väntetid i realtid"
    one = _open(world, "Pilot 1 med videotolk", "Videotolk.")
    two = _open(world, "Pilot 2 med videotolk", "Videotolk.")
    assert title_key(one) != title_key(two)
    assert len(search.suggestions("Pilot med videotolk", limit=3)) == 2


def test_a_fund_application_and_the_idea_it_started_from_are_one_project(world):
    """A real link, whatever the titles: the application's case was started from the idea."""
    _others(world)
    idea = _open(
        world,
        "Träna omvårdnad i virtuell verklighet",
        "Sjuksköterskor övar samtal med patienter i VR för att minska ringningar och fall.",
    )
    app = make_application(world, state="signoff")  # "Omvårdnadsträning med VR"
    Application.objects.filter(pk=app.pk).update(origin_case=idea)
    unrelated_vr = _open(
        world, "VR mot procedurrädsla hos barn", "Barn förbereds för stick med VR-glasögon."
    )
    text = (
        "Omvårdnadsträning i VR: sjuksköterskor tränar samtal med patienter i virtuell verklighet"
    )
    assert unrelated_vr not in search.similar(text, limit=2)
    found = search.suggestions(text, limit=2)
    assert {found[0].pk, found[0].same_project[0].pk} == {idea.pk, app.case_id}
    assert not found[0].same_project[0].same_title
    assert found[1] == unrelated_vr


def test_a_case_marked_a_duplicate_or_merged_is_one_project_with_the_other(world):
    _others(world)
    first = _open(world, "Laddplatser för elrullstolar i väntrummen", "Batteriet tog slut.")
    second = _open(world, "Ladda elrullstolen på akuten", "Elrullstolens batteri tog slut.")
    third = _open(world, "Laddning av elrullstol i väntrum", "Elrullstolen laddas i väntrummet.")
    text = "Laddplats för elrullstol i väntrummet på akuten"
    assert len(search.suggestions(text, limit=3)) == 3
    CaseLink.objects.create(case=second, other=first, kind=CaseLink.Kind.DUPLICATE)
    CaseLink.objects.create(case=third, other=first, kind=CaseLink.Kind.RELATED)
    found = search.suggestions(text, limit=3)
    assert len(found) == 2
    CaseLink.objects.filter(case=third).update(kind=CaseLink.Kind.MERGED)
    assert len(search.suggestions(text, limit=3)) == 1


def test_the_suggestion_box_names_the_projects_other_case_beside_it(world, client):
    sos, karolinska, other = _two_units_and_another(world)
    page = client.get(reverse("intake:similar"), {"title": TEXT, "description": ""}).text
    assert page.count("<li>") == 2
    assert sos.registry_number in page and karolinska.registry_number in page
    assert other.registry_number in page
    assert "Samma projekt, ett ärende till:" in page
    assert "(Karolinska Universitetssjukhuset)" in page or "(Södersjukhuset)" in page


def test_a_case_pages_similar_cases_still_list_every_case_with_its_own_merge_link(world, client):
    """The handler's list is not collapsed: each case of a project has its own merge link."""
    sos, karolinska, other = _two_units_and_another(world)
    mine = _open(world, "Läkemedelsgenomgång för äldre på distans", TEXT)
    client.force_login(world.coordinator)
    page = client.get(reverse("intake:case", args=[mine.pk])).text
    for case in (sos, karolinska, other):
        assert f"?into={case.registry_number.replace(' ', '%20')}" in page
    assert "same-project" not in page


def test_the_collapse_costs_one_query_of_a_few_rows_however_many_are_shown(world, client):
    """The projects' links are one read of the ranked cases' links (every app's in one query),
    not one per suggestion."""
    _two_units_and_another(world)
    typed = {"title": TEXT, "description": ""}
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("intake:similar"), typed)
    links = [q["sql"] for q in ctx.captured_queries if "intake_caselink" in q["sql"]]
    assert len(links) == 1 and "fund_application" in links[0] and "UNION" in links[0], links
    counts = []
    for n in (1, 4):
        for i in range(n):
            _open(world, f"Läkemedelsgenomgång för äldre, steg {len(counts)}{i}", TEXT)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("intake:similar"), typed)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_evaluation_counts_only_the_cases_the_box_shows(world):
    """A probe counts when its expected case is one of the three projects shown, not when it
    is only named beside another of its project."""
    sos, karolinska, other = _two_units_and_another(world)
    idea = _open(world, "Läkemedelslista i appen", "Äldre ser sina läkemedel i en app.")
    CaseLink.objects.create(case=idea, other=sos, kind=CaseLink.Kind.DUPLICATE)
    found = search.suggestions(TEXT, limit=3)
    assert idea.pk in {o.pk for c in found for o in c.same_project}
    probe = {"text": TEXT, "expected": ["Läkemedelslista i appen"]}
    assert evaluation.evaluate([probe]).recall_at_3 == 0.0
    probe = {"text": TEXT, "expected": ["Digital läkemedelsgenomgång för äldre"]}
    assert evaluation.evaluate([probe]).recall_at_3 == 1.0


def test_a_project_case_the_writer_may_not_see_is_never_named(world, client):
    """A secret case marked a duplicate of a public one is one project with it, but a patient
    writing a proposal is never told it exists: only cases of her scope are named."""
    _others(world)
    public = _open(world, "Laddplatser för elrullstolar i väntrummen", "Batteriet tog slut.")
    secret = case_services.open_case(
        kind="idea",
        title="Laddplatser för elrullstolar i väntrummen",
        description="Batteriet tog slut i väntrummet.",
        organisation=world.sos,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 25:1",
    )
    CaseLink.objects.create(case=secret, other=public, kind=CaseLink.Kind.DUPLICATE)
    typed = {"title": "Laddplats för elrullstol i väntrummet", "description": ""}
    page = client.get(reverse("intake:similar"), typed).text
    assert public.registry_number in page and secret.registry_number not in page
    assert "same-project" not in page
    client.force_login(world.coordinator)  # who may see both sees them as one project
    page = client.get(reverse("intake:similar"), typed).text
    assert public.registry_number in page and secret.registry_number in page
    assert page.count("<li>") == 1
