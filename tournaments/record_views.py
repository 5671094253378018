"""The index pages, the head-to-head and the all-time records: published seasons only,
a fixed number of queries each (the reads are in records.py)."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import TemplateView
from django_tables2 import SingleTableView

from . import records
from .models import Team
from .tables import SeasonTable


class SeasonIndexView(SingleTableView):
    """Every published season, sortable by year, champion, runner-up and teams."""

    template_name = "tournaments/season_list.html"
    table_class = SeasonTable
    table_pagination = False  # one row a year: a few dozen

    def get_queryset(self):
        return records.season_index()

    def get_table_kwargs(self):
        return {"formats": records.season_formats(), "caption": gettext("Every Copa Perú season")}


class DepartmentIndexView(TemplateView):
    template_name = "tournaments/department_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(departments=records.department_index(), **kwargs)


class HeadToHeadView(TemplateView):
    """Every meeting of two teams, and the record of each over them, from the first
    team's side; a 404 for an unknown team, one known only from a draft, or a team
    set against itself."""

    template_name = "tournaments/head_to_head.html"

    def get_context_data(self, **kwargs):
        team, other = self.teams(kwargs["slug"], kwargs["other"])
        page = records.head_to_head(team, other)
        # a/vs/b and b/vs/a show the same meetings: search engines index one of them
        canonical = reverse("tournaments:head-to-head", args=sorted([team.slug, other.slug]))
        return super().get_context_data(  # not the slugs
            team=team, other=other, canonical_path=canonical, **page
        )

    def teams(self, slug, other_slug):
        if slug == other_slug:
            raise Http404(gettext("A team has no head-to-head with itself."))
        found = Team.objects.outside_drafts().filter(slug__in=[slug, other_slug])
        by_slug = {team.slug: team for team in found}
        if len(by_slug) != 2:
            raise Http404(gettext("No such team."))
        return by_slug[slug], by_slug[other_slug]


class RecordsView(TemplateView):
    template_name = "tournaments/records.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**records.records_page(), **kwargs)
