from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TournamentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tournaments"
    verbose_name = _("Tournaments")

    def ready(self):
        from . import freshness, search, signals  # noqa: F401  (signals connects the receivers)

        search.connect(self.get_models())
        freshness.connect(self.get_models())
