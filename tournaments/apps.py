from django.apps import AppConfig


class TournamentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tournaments"

    def ready(self):
        from . import search, signals  # noqa: F401  (signals connects the receivers)

        search.connect(self.get_models())
