import pytest

from slussen.testbeds.access import make_testbed


@pytest.fixture
def testbed(world):
    """An environment of Karolinska, owned by the world's testbed owner (Lars Dahl)."""
    return make_testbed(world.karolinska, slug="3d-centrum", name="3D-centrum Karolinska")
