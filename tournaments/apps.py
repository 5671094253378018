from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TournamentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tournaments"
    verbose_name = _("Tournaments")

    def ready(self):
        from . import freshness, history, search, signals  # noqa: F401  (signals connects its own)

        models = list(self.get_models())
        search.connect(models)
        history.connect(models)
        freshness.connect(models)
