from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "thidua.reviews"
    label = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.core.registry import registry
        from thidua.reviews import demo, views

        registry.add_nav(_("Reviews"), "reviews:list", order=60)
        registry.add_demo(80, "reviews", demo.load)
        registry.add_word_source("reviews.report", views.review_word)
