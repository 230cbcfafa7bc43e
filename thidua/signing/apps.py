from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "thidua.signing"
    verbose_name = _("Digital signatures")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.core.registry import registry
        from thidua.signing import demo

        registry.add_demo(75, "signing", demo.load)
