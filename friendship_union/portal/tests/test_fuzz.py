"""Fuzz: odd input never gives a 500 — in any query parameter a page reads, public or staff, in any
record code, slug or key in its path — and a NUL byte anywhere is a calm 400 that changes nothing.

Nothing here is a hand-written list of pages or parameters:

1. *Crawl.* From the URL resolver's pages without arguments (Vietnamese and English), the sitemap and
   every registered ModelAdmin's list, a superuser follows the links each page shows (one page per
   view, language and non-identifying argument such as a workbook's kind; the admin in Vietnamese
   only) and the admin's autocomplete widgets. For each view it records the query-string keys the
   view *reads* (lookups in `request.GET` while it answers), the keys the site's own links send it,
   for admin lists the parameters of their list filters, date hierarchy and ordering, and the POST
   forms each page shows.
2. *Fuzz.* Every kind of parameter gets every odd value of `ODD_VALUES`, and every identifying path
   segment every odd segment of `ODD_SEGMENTS`. Pages answered by the same code share the work
   (`view_code`): the values of a parameter are spread over the pages of one ModelAdmin method (the
   change form of every model) or one module of views (a list in Vietnamese and English, the
   dashboard's pages and workbooks); every admin list is Django's ChangeList, its filter parameters
   grouped by filter class. Each (code, parameter, value) is tried once, which keeps the walk under a
   minute. Then every form found is posted back with a NUL byte in each field.

Any answer of 500 or more fails; all of them are reported together with the view that gave them.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import QueryDict
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation
from django.utils.functional import cached_property

from friendship_union.core.admin_mixins import OddInputAdmin
from friendship_union.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Raw query-string values, percent-encoded where they need it; each is sent alone as one key's value.
ODD_VALUES = (
    "%C2%B2",  # ² — str.isdigit() says yes, int() says no
    "%E2%91%A0",  # ①
    "%00",
    "-1",
    "0",
    "9999",  # a year whose next year has five digits
    "99999999999999999999",
    "-99999999999999999999",
    "1e5",
    "%27+OR+1%3D1--",
    "9" * 10_000,
    "",
    "%ff%fe",  # not UTF-8
    "1&{key}=2",  # the key twice
)
# In place of a record's code, slug, primary key or history version in a path.
ODD_SEGMENTS = ("%00", "99999999999999999999", "-1", "%C2%B2", "%ff", "x" * 10_000)
IDENTIFIERS = {"code", "slug", "object_id", "pk", "id", "history_id", "version_id", "content_type_id"}
NOT_CRAWLED = {"admin:logout"}  # POST only; a GET would only answer 405
HREF = re.compile(r"""(?:href|action|data-ajax--url)=["']([^"'#]*)""")
CHANGELIST = "django.contrib.admin.views.main.ChangeList"
AUTOCOMPLETE = re.compile(r'data-app-label="([^"]+)" data-model-name="([^"]+)" data-field-name="([^"]+)"')


@dataclass
class View:
    """One view in one language and for one value of its non-identifying arguments."""

    url: str  # the page that answered, with the query it was linked with
    match: object
    code: str  # the code answering it (view_code), shared with other views
    kinds: dict[str, str] = field(default_factory=dict)  # key read → its kind of parameter


class ReadKeys:
    """While in use, every request's `request.GET` is a QueryDict that records the keys looked up in it
    (test-only instrumentation, as a middleware replacing request.GET with a recording one would)."""

    def __enter__(self):
        self.keys: set[str] = set()
        recorder = self

        class RecordingQueryDict(QueryDict):
            def __getitem__(self, key):
                recorder.keys.add(key)
                return super().__getitem__(key)

            def _getlist(self, key, *args, **kwargs):
                recorder.keys.add(key)
                return super()._getlist(key, *args, **kwargs)

            def __contains__(self, key):
                recorder.keys.add(key)
                return super().__contains__(key)

        def recording_get(request):
            raw = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
            return RecordingQueryDict(raw, encoding=request._encoding)

        prop = cached_property(recording_get)
        prop.__set_name__(WSGIRequest, "GET")
        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(WSGIRequest, "GET", prop)
        return self

    def __exit__(self, *exc):
        self.patch.undo()


def language_of(path: str) -> str:
    return "en" if path.startswith("/en/") else "vi"


def resolve_in_language(path: str):
    with translation.override(language_of(path)):
        try:
            return resolve(path)
        except Resolver404:
            return None


def view_code(match) -> str:
    """The code that reads a page's query string. In the admin, the ModelAdmin method (every model's
    change form is ModelAdmin.change_view); elsewhere the module of views, whose pages read a
    parameter of one name through one helper (the dashboard's pages and workbooks all read
    ?tu=…&den=… through services.parse_period, a list and its detail page ?trang= through page_of)."""
    func = match.func
    func = getattr(func, "view_class", func)
    while hasattr(func, "__wrapped__"):
        func = func.__wrapped__
    func = getattr(func, "__func__", func)
    if not hasattr(func, "__qualname__"):  # a callable instance, such as a feed
        func = type(func)
    return f"{func.__module__}.{func.__qualname__}" if match.namespace == "admin" else func.__module__


def named_patterns(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def seeds() -> list[str]:
    """Every named page without arguments, in both languages, and every admin list."""
    urls = []
    for language in ("vi", "en"):
        with translation.override(language):
            for name in named_patterns():
                try:
                    urls.append(reverse(name))
                except Exception:  # it needs arguments: the crawl finds one of its pages
                    continue
    urls += [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    return urls


def links(response) -> list[str]:
    """Same-site links of a page: hrefs, form actions, sitemap locations, autocomplete sources."""
    content_type = response.get("Content-Type", "")
    if "html" not in content_type and "xml" not in content_type:
        return []
    text = response.content.decode("utf-8", "replace")
    found = [unescape(h) for h in HREF.findall(text)]
    found += re.findall(r"<loc>\s*https?://[^/<]+(/[^<\s]*)", text)
    found += re.findall(r'hreflang="[^"]+" href="https?://testserver(/[^"]*)"', text)
    autocomplete = reverse("admin:autocomplete")
    for app_label, model_name, field_name in AUTOCOMPLETE.findall(text):
        query = urlencode({"term": "a", "app_label": app_label, "model_name": model_name, "field_name": field_name})
        found.append(f"{autocomplete}?{query}")
    return found


class Forms(HTMLParser):
    """The POST forms of a page: (action, names of its fields)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action") or "", []))
            self._open = True
        elif tag in ("input", "select", "textarea") and self._open and attrs.get("name"):
            self.forms[-1][1].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


@dataclass
class Site:
    views: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)  # (page's code, code answering the form) → (url, field names)


def crawl(client, start: list[str], read: ReadKeys) -> Site:
    site = Site()
    queue, fetched = list(dict.fromkeys(start)), set()
    while queue:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/") or url in fetched:
            continue
        match = resolve_in_language(parts.path)
        if match is None or match.func.__module__ == "django.views.static" or match.view_name in NOT_CRAWLED:
            continue
        if match.namespace == "admin" and language_of(parts.path) == "en":
            continue  # the admin in English runs the same code as in Vietnamese
        arguments = tuple(sorted((k, v) for k, v in match.kwargs.items() if k not in IDENTIFIERS))
        key = (match.view_name, language_of(parts.path), arguments)
        if match.view_name == "admin:autocomplete":  # which field it completes is in its query
            key += (parts.query,)
        linked_keys = [k for k, _v in parse_qsl(parts.query, keep_blank_values=True)]
        if key in site.views:
            view = site.views[key]
            view.kinds.update((k, view.kinds.get(k, k)) for k in linked_keys)
            continue
        fetched.add(url)
        read.keys = set()
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        if response.status_code != 200:
            continue
        view = site.views[key] = View(url=url, match=match, code=view_code(match))
        view.kinds.update((k, k) for k in [*read.keys, *linked_keys])
        changelist = response.context.get("cl") if response.context else None
        if isinstance(changelist, ChangeList):
            # Every model's list is drawn by Django's ChangeList (some admins add a line of totals):
            # its lists share the odd values, their filters grouped by filter class.
            view.code = CHANGELIST
            view.kinds.update(list_parameters(changelist))
        found = links(response)
        queue.extend(urljoin(url, link) for link in found)
        if "html" in response.get("Content-Type", ""):
            parser = Forms()
            parser.feed(response.content.decode("utf-8", "replace"))
            for action, names in parser.forms:
                target = urljoin(url, action)
                handler = resolve_in_language(urlsplit(target).path)
                if handler is not None:
                    site.forms.setdefault((view.code, view_code(handler)), (target, names))
    for view in site.views.values():
        if view.code == CHANGELIST:  # a field lookup the site links to (?date__gte=…): its kind is the lookup
            view.kinds.update(
                (k, f"lookup__{k.rsplit('__', 1)[1]}") for k, kind in view.kinds.items() if k == kind and "__" in k
            )
    return site


def list_parameters(changelist) -> dict[str, str]:
    """An admin list's filter, date-hierarchy and ordering parameters, each with its kind: the filter
    class and the lookup (`BooleanFieldListFilter__exact`), so lists of different models share it."""
    kinds = {ORDER_VAR: ORDER_VAR}
    for spec in changelist.filter_specs:
        for parameter in spec.expected_parameters():
            suffix = parameter
            if isinstance(spec, FieldListFilter) and parameter.startswith(spec.field_path):
                suffix = parameter[len(spec.field_path) :]
            kinds[parameter] = f"{type(spec).__module__}.{type(spec).__qualname__}{suffix}"
    if changelist.date_hierarchy:
        for part in ("year", "month", "day"):
            kinds[f"{changelist.date_hierarchy}__{part}"] = f"date_hierarchy__{part}"
    return kinds


def spread(members: list, values) -> list:
    """(member, value) pairs: every value once, the members taken in turn."""
    members = sorted(members, key=str)
    return [(members[i % len(members)], value) for i, value in enumerate(values)]


def odd_requests(views: dict) -> list[tuple[str, str]]:
    """(view name, url) for every odd query value and odd path segment, spread as the docstring says."""
    parameters, segments = defaultdict(list), defaultdict(list)
    for view in views.values():
        for key, kind in view.kinds.items():
            parameters[(view.code, kind)].append((view.match.view_name, view.url, key))
        path = urlsplit(view.url).path
        identifiers = {quote(str(v), safe="") for k, v in view.match.kwargs.items() if k in IDENTIFIERS}
        identifiers |= {quote(str(a), safe="") for a in view.match.args}
        parts = path.split("/")
        for position, part in enumerate(parts):
            if part and part in identifiers:
                segments[(view.code, position)].append((view.match.view_name, parts, position))
    requests = []
    for members in parameters.values():
        for (name, url, key), value in spread(members, ODD_VALUES):
            path, query = urlsplit(url).path, urlsplit(url).query
            kept = urlencode([(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != key])
            requests.append((name, f"{path}?{kept + '&' if kept else ''}{quote(key)}={value.format(key=quote(key))}"))
    for members in segments.values():
        for (name, parts, position), odd in spread(members, ODD_SEGMENTS):
            requests.append((name, "/".join([*parts[:position], odd, *parts[position + 1 :]])))
    return requests


def row_counts() -> dict[str, int]:
    """Rows per model with a table (a model a test module declares, e.g. reference's `Located`, has none)."""
    from django.db import connection

    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


@pytest.fixture
def superuser_client(client):
    client.raise_request_exception = False
    client.force_login(UserFactory(username="quantri-fuzz", is_superuser=True))
    return client


def test_odd_input_never_gives_a_500(superuser_client, demo, short_admin_lists, monkeypatch):
    client = superuser_client
    # Odd parameters change which rows a list shows, not how a row or the admin's sidebar is drawn:
    # three rows a page instead of 100 and no sidebar keep the walk short.
    monkeypatch.setattr(admin.site, "enable_nav_sidebar", False)
    with ReadKeys() as read:
        site = crawl(client, [*seeds(), *links(client.get("/sitemap.xml"))], read)
    assert {"en", "vi"} <= {key[1] for key in site.views}, "the crawl must reach both languages"
    assert any(key[0] == "admin:autocomplete" for key in site.views), "the crawl must reach the autocomplete"
    assert site.forms, "the crawl must find the forms the pages show"

    failures = defaultdict(list)
    requests = odd_requests(site.views)
    for name, url in requests:
        if client.get(url).status_code >= 500:
            failures[name].append(url if len(url) < 160 else url[:150] + "…")
    report = "\n".join(f"  {name}: {', '.join(urls[:4])}" for name, urls in sorted(failures.items()))
    assert not failures, (
        f"{sum(map(len, failures.values()))} of {len(requests)} odd requests to {len(site.views)} views "
        f"answered 500:\n{report}"
    )

    # Every kind of form the pages show, sent back with a NUL byte in each field: refused whole.
    before = row_counts()
    answers = {
        target: client.post(target, dict.fromkeys(names, "a\x00b")).status_code for target, names in site.forms.values()
    }
    assert set(answers.values()) == {400}, f"forms posted with a NUL byte, answered: {answers}"
    changed = {label: (before[label], count) for label, count in row_counts().items() if count != before[label]}
    assert not changed, f"forms posted with a NUL byte changed records (rows before, after): {changed}"


def test_every_admin_has_the_base_that_answers_odd_input_calmly():
    plain = [
        m._meta.label for m, model_admin in admin.site._registry.items() if not isinstance(model_admin, OddInputAdmin)
    ]
    assert not plain, f"admins without core.admin_mixins.OddInputAdmin (give them that base): {plain}"


ARTICLE = "/tin-tuc/tong-lanh-su-nhat-ban-tham-dat-mui/"
NUL_REQUESTS = {
    "in the path": ("get", "/vien-tro/%00/", {}),
    "in a record code": ("get", "/doi-tac/LKC%00/", {}),
    "in a value": ("get", "/tim-kiem/?q=%00", {}),
    "in a key": ("get", "/van-ban/?%00=1", {}),
    "in a list filter": ("get", "/admin/aid/aiditem/?status__exact=a%00", {}),
    "in the admin's autocomplete": (
        "get",
        "/admin/autocomplete/?term=%00&app_label=aid&model_name=aiditem&field_name=currency",
        {},
    ),
    "in a cookie": ("get", "/", {"HTTP_COOKIE": "sessionid=" + "x" * 16 + "\x00" + "x" * 15}),
    "in a header": ("get", "/", {"HTTP_USER_AGENT": "a\x00b"}),
    "in a comment": ("post", ARTICLE, {"data": {"name": "Bạn đọc", "email": "ban@doc.vn", "body": "Chào\x00"}}),
    "in an admin form": ("post", "/admin/news/tag/add/", {"data": {"name": "Thẻ\x00"}}),
}


@pytest.mark.parametrize("where", NUL_REQUESTS)
def test_a_nul_byte_anywhere_is_a_calm_400_in_vietnamese_and_nothing_changes(superuser_client, demo, where):
    method, url, options = NUL_REQUESTS[where]
    before = row_counts()
    response = getattr(superuser_client, method)(url, **options)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert row_counts() == before


def test_the_400_page_speaks_english_under_en(client, demo):
    response = client.get("/en/aid/?year=%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode() and 'lang="en"' in response.content.decode()


def test_a_nul_byte_in_the_login_form_is_refused_and_not_recorded(client, demo):
    client.raise_request_exception = False
    response = client.post("/admin/login/", {"username": "quantri\x00", "password": "sai"})
    assert response.status_code == 400
    assert not AccessAttempt.objects.exists()
