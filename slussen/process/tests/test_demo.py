from django.core.management import call_command

from slussen.accounts.models import Organisation, User
from slussen.demo.management.commands.seed_demo import DemoRegion
from slussen.process import demo, selectors, showcase
from slussen.process.models import InnovationCase


def test_demo_seed_is_idempotent_and_tells_the_seeds_story(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))

    def region():
        return DemoRegion(
            orgs={o.code: o for o in Organisation.objects.all()},
            people={u.email.split("@")[0]: u for u in User.objects.all()},
        )

    demo.seed(region())  # seed_demo may already have called it
    assert demo.seed(region()).startswith("Innovation process: 0 new")
    assert InnovationCase.objects.count() == 7
    iva = InnovationCase.objects.get(case__title="IVA-dagboken")
    assert iva.status == "implemented" and iva.adoptions.filter(status="in_use").count() == 2
    assert [item.innovation for item in showcase.entries()] == [iva]  # In use in the region
    ambulance = InnovationCase.objects.get(case__title__startswith="Dynamisk")
    assert ambulance.runs.filter(reopened=True).exists()  # it went back once
    coordinator = User.objects.get(email__startswith="maria.sjoberg")
    data = selectors.portfolio(coordinator)
    assert [ic.case.title for ic in data["not_rolled_out"]] == [
        "CLEOS – digital anamnes med AI vid bröstsmärta"
    ]
    assert [ic.case.title for ic in data["stale"]] == ["Informationsdriven vård med AI"]
