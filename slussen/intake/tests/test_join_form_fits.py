"""The "this is my need too" form asks what fits the person writing: an employee her unit, a
company its contact person or department (a company has no unit; its name is its account's),
a patient, relative or resident without an account no unit at all, only her e-mail address."""

from django.conf import settings
from django.urls import reverse

from slussen.core.tests.test_words_on_every_page import visible_text
from slussen.intake.models import Supporter

from .test_supporters import propose


def _form(client, case):
    page = client.get(reverse("intake:join", args=[case.pk]))
    assert page.status_code == 200
    form = page.text.split('<form method="post" novalidate class="stack">', 1)[1]
    return visible_text(form.split("</form>", 1)[0])


def test_an_employee_is_asked_for_her_unit(world, client):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    client.force_login(world.manager)
    form = _form(client, case)
    assert "Din enhet" in form
    assert "Kontaktperson" not in form
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Your unit" in client.get(reverse("intake:join", args=[case.pk])).text


def test_a_company_is_asked_for_its_contact_person_not_a_unit(world, client):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    client.force_login(world.external)
    form = _form(client, case)
    assert "Din enhet" not in form and "enhet" not in form.lower()
    assert "Kontaktperson eller avdelning" in form
    client.post(reverse("intake:join", args=[case.pk]), {"unit": "Lena, försäljning"})
    supporter = Supporter.objects.get(case=case)
    assert (supporter.organisation, supporter.unit) == (world.cuviva, "Lena, försäljning")


def test_a_company_in_english_is_asked_for_its_contact_person(world, client):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    client.force_login(world.external)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("intake:join", args=[case.pk])).text
    assert "Contact person or department" in page and "Your unit" not in page


def test_a_patient_without_an_account_is_asked_for_no_unit(world, client):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    form = _form(client, case)
    assert "Din enhet" not in form and "Kontaktperson" not in form
    assert "Din e-postadress" in form
    assert 'name="unit"' not in client.get(reverse("intake:join", args=[case.pk])).text
