"""Site search on PostgreSQL: Vietnamese without diacritics, ranked, misspellings forgiven, matched
words highlighted, private records absent, and the GIN indexes actually used."""

import datetime

import pytest
from django.db import connection

from friendship_union.aid.models import AidItem
from friendship_union.core import search
from friendship_union.core.contributions import search_sources
from friendship_union.core.tests.factories import make_identity
from friendship_union.documents.models import LegalDocument
from friendship_union.partners.tests.factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(reference_data):
    make_identity()
    make_partner(code="LKC-AU", name="Loreto Kids Charity", name_vi="Tổ chức Loreto", acronym="LKC")
    make_partner(code="DV-KR", name="Good Neighbors International", name_vi="Tổ chức Láng giềng tốt")

    def item(code, title, public=True, **fields):
        return AidItem.objects.create(code=code, form="project", title=title, is_public=public, **fields)

    item("VT-1", "Trường học xã Đông Thới", description="Xây 4 phòng học cho học sinh vùng sâu.")
    item("VT-2", "Nước sạch cho Thới Bình", description="Giếng khoan tại ấp Đông Hưng, gần xã Đông Thới cũ.")
    item("VT-3", "Cầu nông thôn Đất Mũi", description="<script>alert(1)</script> cầu bê tông")
    item("VT-4", "Dự án nội bộ Đông Thới", public=False)
    item("VT-5", "Phát triển cộng đồng tại xã Biển Bạch")  # "đồng" folds to "dong" too
    from friendship_union.news.models import Article

    for slug, status, title in [
        ("tin-dong-thoi", "published", "Khánh thành trường ở Đông Thới"),
        ("nhap", "draft", "Bản nháp Đông Thới"),
    ]:
        Article.objects.create(
            slug=slug, title=title, summary="Tóm tắt.", body="<p>Học sinh vui mừng.</p>", status=status
        )
    LegalDocument.objects.create(
        number="42/2022/NĐ-CP",
        title="Nghị định về cung cấp thông tin trên cổng thông tin điện tử",
        issuer="Chính phủ",
        issue_date=datetime.date(2022, 6, 24),
        is_public=True,
    )


def groups(client, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    return {g["kind"]: g["results"] for g in response.context["groups"]}, response.content.decode()


@pytest.mark.parametrize("query", ["dong thoi", "ĐÔNG THỚI", "Đông Thới", "dong th"])
def test_whole_phrase_ranks_first_and_private_items_never_appear(client, corpus, query):
    found, html = groups(client, query)
    titles = [str(r["title"]) for r in found["aid"]]
    assert "Trường học xã <mark>Đông</mark> <mark>Thới</mark>" in titles[0]
    assert any("Nước sạch" in t for t in titles[1:])  # both words, apart (one in the description): lower
    assert "nội bộ" not in html
    assert "Biển Bạch" not in html  # one word alone is not a match
    assert "trường ở <mark>Đông</mark> <mark>Thới</mark>" in str(found["news"][0]["title"])
    assert found["news"][0]["url"] == "/tin-tuc/tin-dong-thoi/" and "Bản nháp" not in html
    body_match = groups(client, "hoc sinh vui")[0]["news"]  # words only in the body find the article
    assert [r["url"] for r in body_match] == ["/tin-tuc/tin-dong-thoi/"]


def test_misspelt_names_acronyms_and_places(client, corpus):
    found, html = groups(client, "loretto kid")  # nothing matches exactly: close names are offered
    assert "Loreto" in str(found["partners"][0]["title"])
    assert "Không có kết quả khớp đúng “loretto kid”; dưới đây là các kết quả gần giống." in html
    assert "gần giống" not in groups(client, "loreto")[1]
    assert "<mark>LKC</mark>" in str(groups(client, "lkc")[0]["partners"][0]["title"])
    assert "<mark>Đất</mark> <mark>Mũi</mark>" in str(groups(client, "dat mui")[0]["aid"][0]["title"])
    found, _html = groups(client, "lang gieng")
    assert "<mark>Láng</mark> <mark>giềng</mark>" in str(found["partners"][0]["title"])
    documents = groups(client, "42/2022")[0]["documents"]
    assert documents[0]["url"].startswith("/van-ban/?q=42")
    assert client.get(documents[0]["url"]).context["page"].paginator.count == 1


def test_description_matches_show_an_escaped_highlighted_snippet(client, corpus):
    found, html = groups(client, "be tong")
    assert found["aid"][0]["snippet"].startswith("&lt;script&gt;")
    assert "<mark>bê</mark> <mark>tông</mark>" in found["aid"][0]["snippet"]
    assert "<script>alert(1)</script>" not in html
    assert str(groups(client, "gieng khoan")[0]["aid"][0]["title"]).startswith("Nước sạch")


def test_highlight_keeps_text_and_cuts_long_text_around_the_match():
    text = "Mở đầu. " * 60 + "Trao học bổng tại Đông Thới." + " Kết thúc." * 60
    snippet = search.highlight(text, ["dong", "thoi"], limit=120)
    assert snippet.startswith("…") and snippet.endswith("…") and "<mark>Đông</mark> <mark>Thới</mark>" in snippet
    assert search.highlight("Đường đến Đất Mũi", ["dat"]) == "Đường đến <mark>Đất</mark> Mũi"
    assert search.highlight("a < b", ["b"]) == "a &lt; <mark>b</mark>"


@pytest.mark.parametrize("source", [s.kind for s in search_sources()])
def test_each_kind_is_served_by_its_gin_indexes(corpus, source):
    """The search expressions match the indexes' (on all rows: on this tiny table the planner would
    rather use a publication index for the public ones)."""
    source = next(s for s in search_sources() if s.kind == source)
    model = source.queryset().model
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
    plan = search._postgres(model.objects.all(), source, ["dong", "thoi"]).explain()
    assert f"{table}_fts" in plan and f"{table}_trgm" in plan, plan
    plan = search._postgres(model.objects.all(), source, ["dong", "thoi"], fuzzy=True).explain()
    assert f"{table}_trgm" in plan, plan


def test_the_misspelling_pass_reads_candidates_from_the_trigram_index_only(corpus):
    """PostgreSQL prices word_similarity() like an addition and would compare every row (500 ms on
    17.000 delegations); the pass is made to read the trigram index, at most FUZZY_CANDIDATES rows,
    and the planner is left as it was afterwards."""
    source = next(s for s in search_sources() if s.kind == "delegations")
    model = source.queryset().model
    with search._trigram_index_only():
        plan = search._postgres(model.objects.all(), source, ["loretto", "kid"], fuzzy=True).explain()
    assert f"{model._meta.db_table}_trgm" in plan and "Seq Scan" not in plan, plan
    assert f"LIMIT {search.FUZZY_CANDIDATES}" in str(
        search._postgres(model.objects.all(), source, ["loretto", "kid"], fuzzy=True).query
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_a_very_common_word_is_ranked_among_its_newest_matches(client, corpus, monkeypatch):
    """Ranking rebuilds each match's document, so a word most records hold is ranked among its
    RANKED_CANDIDATES newest matches (public ones), so the page does not slow with the records."""
    for n in range(4):
        AidItem.objects.create(code=f"NS-{n}", form="project", title=f"Nước sạch số {n}", is_public=True)
    everything = groups(client, "nuoc sach")[0]["aid"]
    assert len(everything) == 5  # NS-0…3 and VT-2 ("Nước sạch cho Thới Bình")
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    newest = groups(client, "nuoc sach")[0]["aid"]
    assert sorted(str(r["title"]) for r in newest) == [
        "<mark>Nước</mark> <mark>sạch</mark> số 2",
        "<mark>Nước</mark> <mark>sạch</mark> số 3",
    ]


def test_only_the_kinds_holding_a_match_are_searched(corpus):
    """One statement says which kinds hold a match (public or not); only those are searched and
    ranked, and a query that matches nothing anywhere ranks nothing in either pass."""
    from django.test.utils import CaptureQueriesContext

    def ranked(query):
        with CaptureQueriesContext(connection) as queries:
            groups = search.search(query, search_sources())
        # A ranked query of a kind orders by the phrase's presence and the score ("whole").
        return [g["kind"] for g in groups], sum('"whole"' in q["sql"] for q in queries.captured_queries)

    assert ranked("nghi dinh cung cap") == (["documents"], 1)
    kinds, queries = ranked("dong thoi")
    assert set(kinds) == {"aid", "news"} and queries == 2
    # Only a private aid item holds these words (and is close to them): the aid items are searched in
    # both passes, and nothing is shown.
    assert ranked("noi bo") == ([], 2)
    assert ranked("qwxz zzvb") == ([], 0)
    kinds, queries = ranked("loretto kid")  # the misspelling pass: only kinds with close names
    assert kinds[0] == "partners" and queries == len(kinds)
