"""Demo documents of the five seed scenarios (filled in below)."""


def load() -> None:
    pass
