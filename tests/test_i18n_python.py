"""What the tournaments app names on the Python side is marked for translation.

Names that Django shows (a model's and a field's verbose names, help texts,
admin action and column descriptions, fieldset titles, inline names) must be
lazy translations: a plain string, or a name left for Django to make from the
attribute, would stay in English on a Spanish page. No database is needed.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.functional import Promise
from simple_history.models import HistoricalChanges

from tournaments.models import Match


def is_lazy(text):
    return isinstance(text, Promise)


def tournaments_models():
    """The app's own models: the historical ones simple-history makes are left out."""
    app = apps.get_app_config("tournaments")
    return [model for model in app.get_models() if not issubclass(model, HistoricalChanges)]


def own_fields(model):
    """The fields declared on the model (the automatic id left out)."""
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [field for field in fields if not field.auto_created]


def tournaments_model_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "tournaments"
    ]


def test_every_model_names_itself_in_translation():
    unmarked = [
        f"{model.__name__}.Meta.{option}"
        for model in tournaments_models()
        for option in ("verbose_name", "verbose_name_plural")
        if not is_lazy(getattr(model._meta, option))
    ]
    assert unmarked == []


def test_every_field_has_a_translated_verbose_name():
    """Explicit and lazy: a name Django makes from the attribute ("goals_for") is English."""
    unmarked = [
        f"{model.__name__}.{field.name}: {field._verbose_name!r}"
        for model in tournaments_models()
        for field in own_fields(model)
        if not is_lazy(field._verbose_name)  # _verbose_name: as declared, None if not given
    ]
    assert unmarked == []


def test_every_help_text_is_translated():
    unmarked = [
        f"{model.__name__}.{field.name}: {field.help_text!r}"
        for model in tournaments_models()
        for field in own_fields(model)
        if field.help_text and not is_lazy(field.help_text)
    ]
    assert unmarked == []


def test_the_history_of_matches_is_named_in_translation():
    """The one historical model the admin lists (MatchChangeAdmin)."""
    history = Match.history.model._meta
    assert is_lazy(history.verbose_name)
    assert is_lazy(history.verbose_name_plural)


def test_every_admin_action_and_column_is_described_in_translation():
    unmarked = []
    for model_admin in tournaments_model_admins():
        name = type(model_admin).__name__
        for action in model_admin.actions or ():
            if not is_lazy(getattr(action, "short_description", None)):
                unmarked.append(f"{name} action {action.__name__}")
        for attribute in (*model_admin.list_display, *model_admin.readonly_fields):
            method = getattr(model_admin, attribute, None) if isinstance(attribute, str) else None
            description = getattr(method, "short_description", None)
            if callable(method) and description and not is_lazy(description):
                unmarked.append(f"{name}.{attribute}")
    assert unmarked == []


def test_every_fieldset_and_inline_is_titled_in_translation():
    unmarked = []
    for model_admin in tournaments_model_admins():
        name = type(model_admin).__name__
        for title, options in model_admin.fieldsets or ():
            if title is not None and not is_lazy(title):
                unmarked.append(f"{name} fieldset {title!r}")
            description = options.get("description")
            if description and not is_lazy(description):
                unmarked.append(f"{name} fieldset {title!r} description")
        for inline in model_admin.inlines:
            for option in ("verbose_name", "verbose_name_plural"):
                value = inline.__dict__.get(option)  # set on the inline itself, if at all
                if value is not None and not is_lazy(value):
                    unmarked.append(f"{inline.__name__}.{option}")
    assert unmarked == []
