"""The work queue is searched as the register is (``cases.selectors.text_q``): a word the
register finds for a person is found in her queue too, in any inflection, as a part of a compound
and by a registry number, only among the queue's own cases."""

from django.urls import reverse

from .test_triage import propose


def test_the_queue_finds_what_the_register_finds_for_the_same_person(world, client):
    wound, _t = propose("Sårvård i hemmet", "Bilder av såren skickas till mottagningen.", world.sos)
    propose("Fler stolar i väntrummet", "Det saknas stolar.", world.sos)
    propose("Sår efter operation", "Uppföljning på distans.", world.karolinska)
    client.force_login(world.advisor)
    for q in ("såren", "sår", "sårvård", wound.case.registry_number):
        register = client.get(reverse("cases:register"), {"q": q}).text
        queue = client.get(reverse("intake:queue"), {"q": q}).text
        assert "Sårvård i hemmet" in register and "Sårvård i hemmet" in queue, q
        assert "väntrummet" not in queue, q
        assert "Sår efter operation" not in queue, q  # another organisation's: not in her queue
    assert "1 ärende" in client.get(reverse("intake:queue"), {"q": "såren"}).text
    nothing = client.get(reverse("intake:queue"), {"q": "hjärtsvikt"}).text
    assert "0 ärenden" in nothing and "Sårvård" not in nothing
