from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """``migrate`` also creates the table of the database cache (settings.CACHES), so that
    every way of setting a database up — make demo, the test database, an upgrade — has
    it; ``createcachetable`` does nothing when the cache is Redis or the table exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from thidua.core import changelog, checks  # noqa: F401  (checks registers itself)
        from thidua.core.converters import IdConverter

        register_converter(IdConverter, "id")

        changelog.connect()
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="thidua-cache-table")
