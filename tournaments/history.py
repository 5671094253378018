"""History bookkeeping beside django-simple-history: a version before the first edit,
and the edit each record belongs to."""

from django.db.models.signals import pre_save
from simple_history.signals import pre_create_historical_record

from .compiled import CompiledRead
from .editing import tag


def record_history_baseline(sender, instance, raw, using, **kwargs):
    """Keep the version before a first edit, for rows saved without history.

    ``loaddata`` (raw saves) and bulk imports write no history, so without this
    the first edit of such a row would leave nothing to revert to.
    """
    if raw or instance.pk is None:
        return
    if HISTORY_RECORDED[sender](instance.pk, using):
        return
    history = sender.history
    current = sender._default_manager.using(using).filter(pk=instance.pk).first()
    if current is not None:
        current._history_user = None  # nobody made this version here: don't credit the editor
        # Not translated: a change reason is stored data, kept in English like the others.
        history.bulk_history_create(
            [current], default_change_reason="Before the first recorded edit"
        )


def tag_with_edit(sender, history_instance, **kwargs):
    """Stamp a new history record with the edit being recorded, and its reason."""
    edit = tag(history_instance)
    if edit is None:
        return
    if edit.reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = edit.reason


# Whether a row has history, per model: asked before every save, so compiled once
# (compiled.CompiledRead), and without ``model.history``, which builds a manager class
# at each access.
HISTORY_RECORDED = {}


def recorded(history_model, attname):
    return CompiledRead(
        lambda pk: (
            history_model._default_manager.filter(**{attname: pk})
            .order_by()
            .values_list(attname)[:1]
        )
    )


def connect(models):
    """Connect the receivers to every model with a history, each as its sender."""
    for model in models:
        if hasattr(getattr(model, "history", None), "bulk_history_create"):
            HISTORY_RECORDED[model] = recorded(model.history.model, model._meta.pk.attname)
            pre_save.connect(
                record_history_baseline, sender=model, dispatch_uid=f"history:{model._meta.label}"
            )
            pre_create_historical_record.connect(
                tag_with_edit,
                sender=model.history.model,
                dispatch_uid=f"history-edit:{model._meta.label}",
            )
