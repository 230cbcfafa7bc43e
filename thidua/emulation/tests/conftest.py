import pytest

from thidua.core.testing import loaded_once_per_module

_s_demo_loaded = loaded_once_per_module(("emulation", "awards"))


@pytest.fixture
def s_demo(db, _s_demo_loaded):
    """The emulation and awards demo (S2, S4, S5) on top of the base demo, loaded once
    per test module (thidua.core.testing.loaded_once_per_module)."""
