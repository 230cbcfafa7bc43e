from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgunitsConfig(AppConfig):
    name = "thidua.orgunits"
    label = "orgunits"
    verbose_name = _("Units")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.core.registry import registry
        from thidua.orgunits import demo

        registry.add_nav(_("Units"), "orgunits:list", order=10)
        registry.add_demo(10, "units", demo.load)
