import pytest
from django.core.management import call_command


@pytest.fixture
def s_demo(db):
    """The emulation and awards demo (S2, S4, S5) on top of the base demo (~1 s)."""
    call_command("load_demo", only=["emulation", "awards"], verbosity=0)
