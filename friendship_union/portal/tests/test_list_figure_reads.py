"""The aid list's and the partner directory's kept figures (filter choices, commune map, the aid
list's top) are keyed by the versions of the apps they read: every query each runs is held to its
apps here, and a story or a delegation saved leaves them kept — at commit nothing of theirs is
computed again, and the first reader computes none of them."""

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from friendship_union.aid import public_views
from friendship_union.dashboard.tests.test_figure_reads import apps_read
from friendship_union.portal import partner_views

pytestmark = pytest.mark.django_db


def test_each_list_figure_reads_only_the_apps_it_is_kept_by(demo):
    _items, filters = public_views.aid_filters(HttpRequest())
    selected, before = filters["selected"], filters["before_commune"]
    figures = {
        "aid list choices": (public_views._aid_list_choices, public_views.CHOICE_READS),
        "aid list map": (
            lambda: public_views.commune_map(before.by_commune()),
            public_views.CHOICE_READS,
        ),
        "partner directory choices": (partner_views._partner_list_choices, partner_views.CHOICE_READS),
    }
    for name, (compute, reads) in figures.items():
        read = apps_read(compute)
        assert read and read <= reads, (name, read - reads)
    assert selected["xa"] == ""  # the map above is the unfiltered list's


@pytest.mark.parametrize("kind", ["story", "delegation"])
def test_a_story_or_delegation_saved_leaves_the_lists_figures_kept(demo, client, settings, kind):
    from friendship_union.delegations.models import Delegation
    from friendship_union.news.models import Article

    settings.PAGE_CACHE_SECONDS = 0
    for url in ("/vien-tro/", "/doi-tac/"):
        client.get(url)
    record = (Article.objects.public() if kind == "story" else Delegation.objects.public()).order_by("pk").first()
    record.save()
    for url, figure_sql in (
        ("/vien-tro/", 'FROM "aid_aidlocation"'),  # the choices' communes and the map's sums
        ("/doi-tac/", 'FROM "aid_aidprovider"'),  # each partner's number of public items
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any(figure_sql in q["sql"] for q in queries.captured_queries), url
