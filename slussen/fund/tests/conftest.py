import pytest

from .factories import make_application, make_call


@pytest.fixture
def call(world):
    return make_call(world)


@pytest.fixture
def application(world, call):
    """A draft of SöS's employee, with SöS's line manager named."""
    return make_application(
        world, call, applicant=world.employee, manager=world.manager, organisation=world.sos
    )


@pytest.fixture
def demo_region(db, settings, monkeypatch):
    """The demo region of ``seed_demo`` with every app's part but the fund's, which the test
    seeds itself (with a fast password hasher: the login is not tested)."""
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from slussen.accounts.models import Organisation, User
    from slussen.demo.management.commands.seed_demo import DemoRegion
    from slussen.fund import demo

    with monkeypatch.context() as patch:
        patch.setattr(demo, "seed", lambda region: "")
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return DemoRegion(
        orgs={o.code: o for o in Organisation.objects.all()},
        people={u.email.split("@")[0]: u for u in User.objects.all()},
    )
