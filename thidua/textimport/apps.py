from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextimportConfig(AppConfig):
    name = "thidua.textimport"
    label = "textimport"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Text import")

    def ready(self) -> None:
        from thidua.core.registry import registry

        registry.add_nav(_("Import text"), "textimport:new", order=90)
