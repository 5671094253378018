"""Admin forms: checks that span several rows of one submission, the merge choice,
the pasted results and the options of the scheduling actions.

Each row's own rules live in ``Match.clean`` and ``Goal.clean``; the formsets
add the ones the database can't see yet because the rows are being saved together.
"""

from collections import Counter
from datetime import date

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelectMultiple
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    FIRST_EDITION,
    LAST_STORABLE_YEAR,
    GroupMember,
    Match,
    Stage,
    Team,
    tie_legs,
)
from .pasting import MAX_PASTE_LENGTH
from .schedules import pairing_refusal


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

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # out of the Tab order, as in the round grid
            form.fields["DELETE"].widget.attrs["tabindex"] = "-1"

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
    """A team with matches in the group can't leave it (``GroupMember.leaving_error``)."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                error = form.instance.leaving_error()
                if error:
                    raise error


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


class PasteResultsForm(forms.Form):
    """A round's results as text, one a line (read by ``pasting.read_results``)."""

    results = forms.CharField(
        label=_("Results, one a line"),
        widget=forms.Textarea(attrs={"rows": 12, "cols": 70}),
        max_length=MAX_PASTE_LENGTH,
        strip=False,  # the lines keep the numbers the editor sees
        help_text=_(
            "Home team, score, away team, e.g. “José Gálvez 2-1 UTC” or “GAL 2–1 UTC”: "
            "names, aliases or short codes of the group's teams, any dash."
        ),
    )

    def clean_results(self):
        text = self.cleaned_data["results"]
        if not text.strip():
            raise ValidationError(_("Paste at least one result."), code="required")
        return text


def first_date_field(help_text):
    """The date of a schedule's first round or leg, within the years a season can have."""
    return forms.DateField(
        label=_("First date"),
        help_text=help_text,
        widget=AdminDateWidget,
        validators=[
            MinValueValidator(
                date(FIRST_EDITION, 1, 1), _("A schedule can't start before %(limit_value)s.")
            ),
            MaxValueValidator(
                date(LAST_STORABLE_YEAR, 12, 31), _("A schedule can't start after %(limit_value)s.")
            ),
        ],
    )


def days_between_field(label, help_text):
    return forms.IntegerField(
        label=label, help_text=help_text, initial=7, min_value=1, max_value=365
    )


class RoundRobinFixturesForm(forms.Form):
    """How to lay out the selected groups' round robins (``schedules.generate_round_robin``)."""

    required_css_class = "required"

    double = forms.TypedChoiceField(
        label=_("Format"),
        choices=[
            ("single", _("Single round robin: every two teams meet once")),
            ("double", _("Double round robin: every two teams meet twice, once at each ground")),
        ],
        coerce=lambda choice: choice == "double",
        initial="single",
        widget=forms.RadioSelect,
        help_text=_("A double round robin plays the single one again, home and away swapped."),
    )
    first_date = first_date_field(_("Round 1 is played on this date."))
    days_between_rounds = days_between_field(
        _("Days between rounds"),
        _("Each round is played this many days after the one before: 7, a round a week."),
    )


class TeamsInOrderWidget(AutocompleteSelectMultiple):
    """The admin's team search, showing the picked teams in the order they were picked."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        order = {str(pk): index for index, pk in enumerate(value)}
        for _label, options, _index in groups:
            options.sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups


class TeamsInOrderField(forms.ModelMultipleChoiceField):
    """Teams as a list in the order submitted (the parent field's are a queryset's)."""

    def clean(self, value):
        found = {str(team.pk): team for team in super().clean(value)}
        return [found[str(pk)] for pk in value or ()]


class KnockoutTiesForm(forms.Form):
    """Which teams a knockout stage pairs into ties, and when (``schedules.pair_into_ties``)."""

    required_css_class = "required"

    teams = TeamsInOrderField(
        queryset=Team.objects.all(),
        label=_("Teams, in the order of the draw"),
        help_text=_(
            "The first two make the first tie, the next two the second, and so on; "
            "the first of each two plays at home first."
        ),
    )
    first_date = first_date_field(_("The first legs are played on this date."))
    days_between_legs = days_between_field(
        _("Days between legs"), _("The second legs are played this many days after the first.")
    )

    def __init__(self, *args, legs, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["teams"]
        field.widget = TeamsInOrderWidget(GroupMember._meta.get_field("team"), admin_site)
        field.widget.choices = field.choices
        if legs == 1:
            del self.fields["days_between_legs"]  # one match a tie

    def clean_teams(self):
        teams = self.cleaned_data["teams"]
        refusal = pairing_refusal(teams)
        if refusal:
            raise ValidationError(refusal)
        return teams
