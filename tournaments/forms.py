"""Admin forms: checks that span several rows of one submission, and the merge choice.

Each row's own rules live in ``Match.clean`` and ``Goal.clean``; the formsets
add the ones the database can't see yet because the rows are being saved together.
"""

from collections import Counter

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Match, Stage, tie_legs


class PartialModelForm(forms.ModelForm):
    """A form showing some of a model's fields (an inline row, a list_editable row).

    ``Model.clean`` may report an error on a field the form doesn't show (a
    match's penalties on the group page, its teams in the match list). Django
    would raise ValueError for it; here it is shown on the row as a whole,
    named by the field's label.
    """

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            errors = {}
            for name, messages in error.error_dict.items():
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                    messages = [
                        ValidationError(
                            # Translators: an error on a field the row doesn't show, after its name.
                            gettext("%(field)s: %(error)s") % {"field": label, "error": text}
                        )
                        for e in messages
                        for text in e.messages
                    ]
                    name = NON_FIELD_ERRORS
                errors.setdefault(name, []).extend(messages)
            error = ValidationError(errors)
        super().add_error(field, error)


def _live_forms(formset):
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or not form.cleaned_data:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        yield form


class MatchInlineFormSet(forms.BaseInlineFormSet):
    """A team plays at most once per round among the matches typed together, and a
    knockout tie's legs typed together are judged together (a second leg and its
    play-off in one submission)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.tie_checked_together = True  # by clean(), with the other rows
        return form

    def clean(self):
        super().clean()
        self._check_tie()
        seen = {}
        for form in _live_forms(self):
            data = form.cleaned_data
            if data.get("status") == Match.Status.ANNULLED:
                continue
            for field in ("home_team", "away_team"):
                team = data.get(field)
                if team is None:
                    continue
                key = (data.get("round"), team.pk)
                if key in seen:
                    form.add_error(
                        field,
                        ValidationError(
                            _("%(team)s plays twice in round %(round)s: also in row %(row)s."),
                            params={"team": team, "round": key[0], "row": seen[key]},
                        ),
                    )
                else:
                    seen[key] = self.forms.index(form) + 1

    def _check_tie(self):
        group = self.instance
        if group.pk is None or group.stage.kind != Stage.Kind.KNOCKOUT:
            return
        live = [form for form in _live_forms(self) if not form.errors]
        replaced = {form.instance.pk for form in [*live, *self.deleted_forms]}
        untouched = [m for m in group.matches.all() if m.pk not in replaced]
        matches = tie_legs(untouched + [form.instance for form in live])
        for form in live:
            if form.instance in matches:
                errors = form.instance.tie_errors(matches)
                if errors:
                    form.add_error(None, ValidationError(errors))


class GoalInlineFormSet(forms.BaseInlineFormSet):
    """No more goals for a team than its score, counting the rows typed together."""

    def clean(self):
        super().clean()
        match = self.instance
        scores = {match.home_team_id: match.home_score, match.away_team_id: match.away_score}
        counted = Counter()
        for form in _live_forms(self):
            team = form.cleaned_data.get("team")
            if team is None or team.pk not in scores:
                continue
            counted[team.pk] += 1
            if counted[team.pk] > (scores[team.pk] or 0):
                form.add_error(
                    "team",
                    ValidationError(
                        _("%(team)s scored %(score)s: more goals than that are recorded."),
                        params={"team": team, "score": scores[team.pk] or 0},
                    ),
                )


class GroupMemberInlineFormSet(forms.BaseInlineFormSet):
    """A team with matches in the group can't leave it: its results would silently
    drop out of the table while still showing as played."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            member = form.instance
            if member.pk is None:
                continue
            played = Match.objects.filter(group_id=member.group_id).involving(member.team_id)
            count = played.count()
            if count:
                raise ValidationError(
                    ngettext(
                        "%(team)s has %(count)s match in this group: delete or move it "
                        "before removing the team.",
                        "%(team)s has %(count)s matches in this group: delete or move them "
                        "before removing the team.",
                        count,
                    ),
                    params={"team": member.team, "count": count},
                )


class MergeTeamsForm(forms.Form):
    """Which of two teams to keep when they turn out to be one club."""

    survivor = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("Keep"),
        help_text=_("The other team's matches, history and names move to it."),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = teams
