"""Same results before and after a refactor: capture everything a user sees on the demo data into a
JSON file, and compare a later capture with it.

    .venv/bin/python bench/same_results.py --save /tmp/before.json
    .venv/bin/python bench/same_results.py --compare /tmp/before.json   # exit 1, each difference printed
    .venv/bin/python bench/same_results.py --compare /tmp/before.json --save /tmp/after.json
    .venv/bin/python bench/same_results.py --compare /tmp/before.json --ignore-ids

--compare prints, for each key that differs, a unified diff (at most 30 lines) and ends with "N of M
captures differ". Database ids (admin links, comment replies, inline forms) are compared as they are:
two runs on the same code give the same ids; --ignore-ids masks them, for when records come to be
created in another order. A run takes about 75 s (the demo load is a third of it).

Each run builds its own scratch PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/friendship_union_same_results, dropped and created afresh) with
production-like settings (DEBUG off: no demo accounts, no drawn photo albums), runs `migrate`,
`load_reference` and `load_demo`, and reads everything through URLs (Django's test Client) and management
commands only — no project function is imported, so code may move between modules and apps freely.
The clock is frozen at 30/11/2026 10:00 (Cà Mau time) for the whole run: the demo's news dates, the
dashboard's default period, its alerts and the certificate expiry list depend on today.

What is captured (one entry per key; status code, content type and a normalized text):
- public pages, anonymous, Vietnamese and English: every URL of sitemap.xml, the fixed pages (home,
  about, lists, /kieu-bao/, documents, gallery, RSS, robots.txt, sitemap.xml, IATI activities and
  organisation), filter combinations, site search for a few queries, then every public page these link
  to (pagination, A–Z, categories, alternates…), followed until no new page appears;
- the leadership dashboard as a superuser: the page, the JSON summary, every xlsx it links to (cell
  values) and the print page, for the default period, 2003–2015, all time, each reporting term and a
  half year;
- spreadsheet imports and exports, every kind: the command's template (headers and help sheet), the
  admin's template and export (CSV rows), the command's dry-run import of that export; then new files
  for aid items, enterprises, visits, delegations and disbursements imported for real, and what came
  of them: the command's output, a second dry run (nothing should change), the admin export, change
  list and change form of the new records, their public pages, and the dashboard summary after them.

Normalized away: CSRF tokens, CSP nonces, static-file hash suffixes, generated timestamps (IATI
generated-datetime, the print page's and the report's "printed on", export file dates, import timings);
HTML is reduced to its text, links and sources (href, src, srcset), form values, alt/title/aria-label,
search highlights (as «…») and the JSON data of the charts, so markup that changes nothing a user sees
is not reported.

Not captured: photo albums (with DEBUG off the demo draws none, so the gallery is empty), demo accounts
and anything behind a login other than the dashboard and the admin pages named above, POSTed forms
(comments, admin edits), and pages of the admin site in general.
"""

import argparse
import csv
import datetime
import difflib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import ROOT, recreate_database, use_scratch_database

DATABASE_URL = use_scratch_database("friendship_union_same_results")

FROZEN_NOW = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC)  # 10:00 in Cà Mau (UTC+7)
FORMAT_VERSION = 1
MAX_DIFF_LINES = 30
MAX_PUBLIC_PAGES = 5000  # a guard against a crawl running away (the demo has about 1,200)
MAX_SELECT_OPTIONS = 300  # longer option lists (reference data) are reduced to the selected options

PUBLIC_FIXED = [
    "/",
    "/en/",
    "/robots.txt",
    "/sitemap.xml",
    "/iati/activities.xml",
    "/iati/organisation.xml",
    "/healthz",
    "/tin-tuc/rss/",
    "/kieu-bao/",
    "/van-ban/",
    "/thu-vien-anh/",
    "/doi-tac/",
    "/vien-tro/",
    "/doan-ra-doan-vao/",
    "/su-kien/",
    "/tin-tuc/",
    "/gioi-thieu/",
]
SEARCHES = ["dong thoi", "loretto kid", "ca mau", "đất mũi"]
# Filter combinations on the list pages, as (list path, {select name: option label or value}). Options
# are chosen by their label where the value is a database id, so the URL is built from the page itself.
FILTERS = [
    ("/vien-tro/", {"trang_thai": "Đang thực hiện"}),
    ("/vien-tro/", {"linh_vuc": "Giáo dục cơ bản", "nam": "2010"}),
    ("/vien-tro/", {"xa": "Xã Cái Nước"}),
    ("/vien-tro/", {"xa": "Xã Đất Mũi", "trang_thai": "Đã kết thúc"}),
    ("/doi-tac/", {"nuoc": "Úc"}),
    ("/doi-tac/", {"loai": "Tổ chức phi chính phủ nước ngoài", "linh_vuc": "Giáo dục cơ bản"}),
    ("/doan-ra-doan-vao/", {"huong": "Đoàn vào", "nam": "2010"}),
    ("/doan-ra-doan-vao/", {"huong": "Đoàn ra"}),
    ("/su-kien/", {"loai": "Lớp tập huấn, bồi dưỡng"}),
    ("/van-ban/", {"loai": "Nghị định"}),
]
EXTRA_PUBLIC = ["/van-ban/?q=42", "/van-ban/?q=ngh%E1%BB%8B+%C4%91%E1%BB%8Bnh"]
NEW_PUBLIC = ["/vien-tro/SNAP-001/", "/vien-tro/SNAP-002/", "/vien-tro/SNAP-003/", "/doan-ra-doan-vao/SNAP-DV-1/"]
NOT_PUBLIC = ("/admin/", "/en/admin/", "/bang-dieu-khien/", "/en/dashboard/", "/static/", "/media/")

DASHBOARD = "/bang-dieu-khien/"
DASHBOARD_JSON = "/bang-dieu-khien/tong-hop.json"
DASHBOARD_PERIODS = ["", "tu=2003&den=2015", "tat_ca=1", "tu=2015&nua=1"]  # + ky=<each term>
UPDATED_AID_ITEM = "DEMO-2003-007"  # a demo aid item with money in USD; the new aid-items file changes it
JSON_EXTRA = ["from=2003&to=2015", "from=2015&half=2"]

KINDS_FALLBACK = (
    "aid-items awards certificates delegations disbursements documents donations enterprises events "
    "exchange-rates partners people visits"
).split()

HTML_BLOCKS = set(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody tfoot "
    "thead tr ul legend option head title button label".split()
)
HTML_SKIP = {"style", "template"}
SHOWN_ATTRIBUTES = ("title", "aria-label", "datetime")


# ---------------------------------------------------------------- normalizing what a response shows


def normalize_common(text: str) -> str:
    text = re.sub(r"(/static/[^\s\"'<>⟩\]|,]*?)\.[0-9a-f]{12}(\.[A-Za-z0-9]+)", r"\1\2", text)
    text = re.sub(r"csrfmiddlewaretoken=[A-Za-z0-9]+", "csrfmiddlewaretoken=…", text)
    return re.sub(r"nonce=\"?[A-Za-z0-9+/=_-]+\"?", "nonce=…", text)


class _Lines:
    """Text pieces gathered into whitespace-collapsed lines."""

    def __init__(self):
        self.lines, self.pieces = [], []

    def add(self, text):
        if text:
            self.pieces.append(text)

    def mark(self, text):
        self.pieces.append(f" {text} ")

    def end(self):
        line = " ".join("".join(self.pieces).split())
        if line:
            self.lines.append(line)
        self.pieces = []


def _canonical_json(text: str) -> str:
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    except ValueError:
        return " ".join(text.split())


def _html_element(element, out: _Lines) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is None or tag in HTML_SKIP or element.get("id") == "nav-sidebar":  # comments; the admin's menu
        out.add(element.tail)
        return
    block = tag in HTML_BLOCKS
    if block:
        out.end()
    get = element.get
    if tag in ("td", "th"):
        out.add(" | ")
    for name in SHOWN_ATTRIBUTES:
        if get(name):
            out.mark(f"[{name}={get(name)}]")
    if tag == "script":
        if get("src"):
            out.mark(f"[script {get('src')}]")
        if (get("type") or "").endswith("json"):
            out.end()
            out.add(f"[json {get('id') or ''}] {_canonical_json(element.text or '')}")
            out.end()
        out.add(element.tail)
        return
    if tag == "meta":
        name = get("name") or get("property")
        if name and get("content") is not None:
            out.mark(f"[meta {name}={get('content')}]")
            out.end()
    elif tag == "link":
        out.mark(f"[link {get('rel')} {get('hreflang') or ''} {get('media') or ''} ⟨{get('href')}⟩]")
        out.end()
    elif tag in ("img", "source", "iframe", "video", "audio", "embed"):
        described = " ".join(f"{a}={get(a)}" for a in ("src", "srcset", "alt", "type", "width", "height") if get(a))
        out.mark(f"[{tag} {described}]")
    elif tag == "input":
        if get("name") == "csrfmiddlewaretoken":
            out.add(element.tail)
            return
        kind = (get("type") or "text").lower()
        state = " checked" if kind in ("checkbox", "radio") and get("checked") is not None else ""
        out.mark(f"[input {kind} {get('name') or ''}={get('value') or ''}{state}]")
    elif tag == "select":
        options = element.findall(".//option")
        shown = [o for o in options if o.get("selected") is not None] if len(options) > MAX_SELECT_OPTIONS else options
        listed = "|".join(
            ("*" if o.get("selected") is not None else "") + f"{o.get('value')}={' '.join(o.text_content().split())}"
            for o in shown
        )
        more = f" ({len(options)} options)" if len(options) > MAX_SELECT_OPTIONS else ""
        out.mark(f"[select {get('name') or ''}{more}: {listed}]")
        out.add(element.tail)
        return
    elif tag == "textarea":
        out.mark(f"[textarea {get('name') or ''}: {element.text or ''}]")
        out.add(element.tail)
        return
    elif tag == "form":
        out.mark(f"[form {get('method') or 'get'} ⟨{get('action') or ''}⟩]")
    if tag == "mark":  # the search's highlighted words
        out.add("«")
    out.add(element.text)
    for child in element:
        _html_element(child, out)
    if tag == "mark":
        out.add("»")
    if tag == "a" and get("href") is not None:
        out.mark(f"⟨{get('href')}⟩")
    if block:
        out.end()
    out.add(element.tail)


def html_text(text: str) -> str:
    import lxml.html

    if not text.strip():
        return ""
    out = _Lines()
    _html_element(lxml.html.document_fromstring(text), out)
    out.end()
    return "\n".join(out.lines)


def xml_text(content: bytes) -> str:
    from lxml import etree

    root = etree.fromstring(content, etree.XMLParser(remove_blank_text=True))
    for element in root.iter():
        if "generated-datetime" in element.attrib:
            element.set("generated-datetime", "…")
    etree.indent(root, space=" ")
    return etree.tostring(root, encoding="unicode")


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"== sheet {sheet.title}")
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else v.isoformat() if hasattr(v, "isoformat") else repr(v) for v in row]
            if cells and cells[0] in ("'Ngày lập'", "'Printed on'"):  # the report's generated timestamp
                cells[1:] = ["…"]
            while cells and cells[-1] == "":
                cells.pop()
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def csv_text(content: bytes) -> str:
    text = content.decode("utf-8-sig")
    bom = "with BOM" if content.startswith(b"\xef\xbb\xbf") else "without BOM"
    rows = [" | ".join(row) for row in csv.reader(io.StringIO(text))]
    return f"CSV {bom}, {len(rows) - 1 if rows else 0} rows\n" + "\n".join(rows)


def response_text(response) -> str:
    """Status, content type and the normalized content of a test-client response."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    head = [f"status {response.status_code} {content_type}"]
    if response.get("Location"):
        head.append(f"location {response['Location']}")
    disposition = response.get("Content-Disposition")
    if disposition:
        head.append("disposition " + re.sub(r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD", disposition))
    kind = content_type.split(";")[0].strip()
    charset = response.charset or "utf-8"
    try:
        if kind == "text/html":
            body = html_text(content.decode(charset, "replace"))
            body = re.sub(r"(In ngày|Printed on) \d{2}/\d{2}/\d{4} \d{2}:\d{2}", r"\1 …", body)
        elif kind.endswith("xml"):
            body = xml_text(content)
        elif kind == "application/json":
            body = json.dumps(json.loads(content), ensure_ascii=False, sort_keys=True, indent=1)
        elif kind.endswith("spreadsheetml.sheet"):
            body = xlsx_text(content)
        elif kind == "text/csv":
            body = csv_text(content)
        else:
            body = content.decode(charset, "replace")
    except Exception as exc:  # content that does not parse as its type says: keep it as text
        body = f"not readable as {kind}: {type(exc).__name__}: {exc}\n" + content.decode(charset, "replace")
    return normalize_common("\n".join(head) + "\n" + body)


def links_of(response) -> list[str]:
    """Every href of an HTML page (a and link elements), in document order."""
    import lxml.html

    if not response.get("Content-Type", "").startswith("text/html") or not response.content.strip():
        return []
    root = lxml.html.document_fromstring(response.content.decode(response.charset or "utf-8", "replace"))
    return [e.get("href") for e in root.iter("a", "link") if e.get("href")]


def form_options(response, select_name: str) -> dict[str, str]:
    """{label: value} of a select element of an HTML page."""
    import lxml.html

    root = lxml.html.document_fromstring(response.content.decode(response.charset or "utf-8", "replace"))
    return {
        " ".join(o.text_content().split()): o.get("value")
        for select in root.iter("select")
        if select.get("name") == select_name
        for o in select.iter("option")
    }


def command_text(*args) -> str:
    """Run a management command; its outcome, standard output and standard error, timings removed."""
    from django.core.management import CommandError, call_command

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*[str(a) for a in args], stdout=out, stderr=err)
        outcome = "ok"
    except CommandError as exc:
        outcome = f"CommandError: {exc}"
    except Exception as exc:  # a crash is a result to compare too, not the end of the run
        traceback.print_exc()
        outcome = f"crashed: {type(exc).__name__}: {exc}"
    text = f"{outcome}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"
    text = re.sub(r"\d+(?:[.,]\d+)? giây", "… giây", text)
    return re.sub(r"\S*/same-results-files/", "…/", text)  # the run's own temporary folder


# ---------------------------------------------------------------- the run


class Capture:
    def __init__(self):
        self.captures: dict[str, str] = {}

    def put(self, key: str, text: str) -> None:
        if key in self.captures:
            raise RuntimeError(f"captured twice: {key}")
        self.captures[key] = text

    def get(self, client, key_prefix: str, url: str, **kwargs):
        response = client.get(url, **kwargs)
        self.put(f"{key_prefix} GET {url}", response_text(response))
        return response


def freeze_clock() -> None:
    """Today is FROZEN_NOW for Django and the project (timezone.now, localdate, localtime, {% now %}).
    Called before django.setup(), so models' defaults and `from … import now` get the frozen one."""
    from django.utils import timezone

    timezone.now = lambda: FROZEN_NOW  # localdate() and localtime() call the module's now()


def freeze_now_tag() -> None:
    from django.template import defaulttags

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return FROZEN_NOW.astimezone(tz) if tz else FROZEN_NOW.replace(tzinfo=None)

    defaulttags.datetime = FrozenDatetime


def build_database() -> dict[str, str]:
    """Compile the translations, create and fill the scratch database; returns the commands' output."""
    subprocess.run(
        [sys.executable, "manage.py", "compile_catalogs", "--verbosity", "0"], cwd=ROOT, check=True, env=os.environ
    )
    recreate_database(DATABASE_URL)
    freeze_clock()
    import django

    django.setup()
    freeze_now_tag()
    from django.db import connection

    outputs = {}
    command_text("migrate", "--verbosity", "0")
    outputs["command load_reference"] = command_text("load_reference")
    outputs["command load_demo"] = command_text("load_demo")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return outputs


def local(href: str, base: str) -> str | None:
    """The path and query (no fragment) of a link found on page `base`; None when it leaves the site."""
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.scheme != "http" or parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def english(response, base: str) -> str | None:
    """The English version of a page: its language switch's link."""
    import lxml.html

    root = lxml.html.document_fromstring(response.content.decode(response.charset or "utf-8", "replace"))
    links = [a.get("href") for a in root.iter("a") if a.get("hreflang") == "en" and a.get("href")]
    return local(links[0], base) if links else None


def capture_public(capture: Capture) -> None:
    """Every public page: the fixed ones, sitemap.xml's, filters and searches, and all they link to."""
    from django.test import Client
    from lxml import etree

    client = Client(raise_request_exception=False)  # a server error is captured, not raised
    queue = list(PUBLIC_FIXED)
    try:
        root = etree.fromstring(client.get("/sitemap.xml").content)
    except etree.XMLSyntaxError:  # its capture shows what went wrong; crawl from the fixed pages
        root = etree.Element("empty")
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1]
        href = element.text if name == "loc" else element.get("href") if name == "link" else None
        if href:
            queue.append(local(href, "/"))
    queue += [f"/tim-kiem/?{urlencode({'q': query})}" for query in SEARCHES]
    for path, choices in FILTERS:
        page = client.get(path)
        query = {}
        for name, wanted in choices.items():
            options = form_options(page, name)
            query[name] = options.get(wanted, wanted if wanted in options.values() else f"missing:{wanted}")
        queue.append(f"{path}?{urlencode(query)}")
    queue += EXTRA_PUBLIC
    # Breadth first; the English pages are reached through each page's language switch.
    seen = set()
    while queue:
        url = queue.pop(0)
        if url is None or url in seen or url.startswith(NOT_PUBLIC):
            continue
        seen.add(url)
        if len(seen) > MAX_PUBLIC_PAGES:
            raise RuntimeError(f"more than {MAX_PUBLIC_PAGES} public pages: is a link generating pages?")
        response = capture.get(client, "public", url)
        queue += [local(href, url) for href in links_of(response)]


def capture_dashboard(capture: Capture, client) -> None:
    """The dashboard page (Vietnamese and English), its print page and xlsx downloads, and the JSON
    summary, for each period. A term is named in the keys by its name, not its id."""
    terms = {value: name for name, value in form_options(client.get(DASHBOARD), "ky").items() if value}
    periods = DASHBOARD_PERIODS + [f"ky={value}" for value in terms]

    def shown(url: str) -> str:
        return re.sub(r"\bky=(\d+)", lambda m: f"ky={terms.get(m.group(1), m.group(1))}", url)

    for query in periods:
        suffix = f"?{query}" if query else ""
        response = client.get(DASHBOARD + suffix)
        capture.put(f"dashboard GET {shown(DASHBOARD + suffix)}", response_text(response))
        in_english = english(response, DASHBOARD + suffix)
        if in_english:
            capture.put(f"dashboard GET {shown(in_english)}", response_text(client.get(in_english)))
        downloads = {local(href, DASHBOARD) for href in links_of(response)}
        for url in sorted(u for u in downloads if u and u.startswith(DASHBOARD) and u.split("?")[0] != DASHBOARD):
            capture.put(f"dashboard GET {shown(url)}", response_text(client.get(url)))
        capture.put(
            f"dashboard GET {shown(DASHBOARD_JSON + suffix)}", response_text(client.get(DASHBOARD_JSON + suffix))
        )
    for query in JSON_EXTRA:
        capture.get(client, "dashboard", f"{DASHBOARD_JSON}?{query}")


def import_kinds() -> list[str]:
    """The kinds `import_records` knows, from its own message for an unknown kind."""
    text = command_text("import_records", "no-such-kind")
    found = re.search(r"Có: ([a-z, -]+)\.", text) or re.search(r"Available: ([a-z, -]+)\.", text)
    return [k.strip() for k in found.group(1).split(",")] if found else KINDS_FALLBACK


def admin_changelists(client) -> dict[str, tuple[str, list[str]]]:
    """{changelist path: (import template path, its headers)} of every admin list with an import template."""
    from openpyxl import load_workbook

    index = client.get("/admin/")
    paths = sorted({href for href in links_of(index) if re.fullmatch(r"/admin/\w+/\w+/", href)})
    found = {}
    for path in paths:
        templates = [h for h in links_of(client.get(path)) if h.startswith(path) and "mau-nhap" in h]
        if templates:
            try:
                workbook = load_workbook(io.BytesIO(client.get(templates[0]).content), read_only=True)
                headers = [c for c in next(workbook.worksheets[0].iter_rows(values_only=True)) if c]
            except Exception:  # not a workbook: its capture (admin GET …) shows what came instead
                headers = []
            found[path] = (templates[0], headers)
    return found


def admin_export(client, changelist: str, query: str = "") -> bytes:
    """The admin export as CSV, filled in the way a browser submits the export form."""
    import lxml.html

    url = f"{changelist}export/" + (f"?{query}" if query else "")
    page = client.get(url)
    if page.get("Content-Type", "").startswith("text/csv"):
        return page.content
    root = lxml.html.document_fromstring(page.content.decode())
    form = next((f for f in root.iter("form") if f.find(".//select[@name='format']") is not None), None)
    if form is None:
        raise ValueError(f"no export form at {url}: {response_text(page)[:2000]}")
    data = {}
    for field in form.iter("input"):
        kind, name = (field.get("type") or "text").lower(), field.get("name")
        if name and (kind not in ("checkbox", "radio") or field.get("checked") is not None) and kind != "submit":
            data[name] = field.get("value", "on")
    for select in form.iter("select"):
        options = {o.text_content().strip().lower(): o.get("value") for o in select.iter("option")}
        if select.get("name") == "format" and "csv" not in options:
            raise ValueError(f"no CSV format offered at {url}: {sorted(options)}")
        data[select.get("name")] = options["csv"] if select.get("name") == "format" else ""
    response = client.post(url, data)
    if not response.get("Content-Type", "").startswith("text/csv"):
        raise ValueError(f"no CSV from {url}: {response_text(response)[:2000]}")
    return response.getvalue()  # streamed (core.admin_mixins) or not


def write_xlsx(path: Path, headers: list[str], rows: list[dict]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    workbook.save(path)


def write_csv(path: Path, headers: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])


def new_files(folder: Path, headers: dict[str, list[str]], exported: dict[str, bytes]) -> dict[str, tuple]:
    """Small files of new records (and one change to a demo aid item): {kind: (path, readback queries)}."""
    aid_rows = csv.DictReader(io.StringIO(exported.get("aid-items", b"").decode("utf-8-sig")))
    existing = next((r for r in aid_rows if r.get("Mã") == UPDATED_AID_ITEM), {"Mã": UPDATED_AID_ITEM})
    updated = dict(existing)  # the demo item as exported, a few cells changed
    updated |= {
        "Tên tiếng Anh": existing.get("Tên tiếng Anh", "") + " – revised",
        "Giá trị cam kết": "150.000,50",
        "Tiền tệ": "EUR",
        "Số người hưởng lợi": "1234",
        "Địa bàn": "Đất Mũi, Ngọc Hiển; Đông Thới, Cái Nước",
    }
    aid = [
        {
            "Mã": "SNAP-001",
            "Tên": "Xây cầu nông thôn ấp Đông Thới (kiểm tra)",
            "Tên tiếng Anh": "Rural bridge in Dong Thoi (check)",
            "Hình thức": "Dự án",
            "Loại viện trợ": "Kết hợp",
            "Nhà tài trợ": "LKC-AU; DEMO-010 (thực hiện)",
            "Chủ khoản viện trợ": "UBND huyện Cái Nước",
            "Lĩnh vực": "11220:60; 12220:40",
            "Địa bàn": "Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển",
            "Giá trị cam kết": "29.000.000",
            "Tiền tệ": "AUD",
            "Ngày cam kết": "15/03/2014",
            "Số quyết định phê duyệt": "123/QĐ-UBND",
            "Ngày phê duyệt": "01/04/2014",
            "Cơ quan phê duyệt": "UBND tỉnh",
            "Ngày bắt đầu": "01/05/2014",
            "Ngày kết thúc": "31/12/2015",
            "Trạng thái": "Đã kết thúc",
            "Vốn đối ứng": "1.000.000",
            "Số người hưởng lợi": "2500",
            "Công khai": "Có",
            "Mô tả": "Cầu bê tông nối hai ấp (dữ liệu kiểm tra).",
        },
        {
            "Mã": "SNAP-002",
            "Tên": "Trang thiết bị trạm y tế xã Tân Thành (kiểm tra)",
            "Hình thức": "Phi dự án",
            "Loại viện trợ": "Hàng hóa, vật tư",
            "Nhà tài trợ": "Loreto Kids Charity",
            "Lĩnh vực": "Y tế cơ bản",
            "Địa bàn": "Tân Thành, Cà Mau",
            "Giá trị cam kết": "45,000.75",
            "Tiền tệ": "EUR",
            "Ngày cam kết": "02/07/2025",
            "Trạng thái": "Đang thực hiện",
            "Số người hưởng lợi": "800",
            "Công khai": "Có",
        },
        {
            "Mã": "SNAP-003",
            "Tên": "Học bổng cho học sinh nghèo Đất Mũi (kiểm tra)",
            "Tên tiếng Anh": "Scholarships in Dat Mui (check)",
            "Hình thức": "Chương trình",
            "Nhà tài trợ": "LKC",
            "Lĩnh vực": "11220",
            "Địa bàn": "Xã Đất Mũi, Tỉnh Cà Mau",
            "Giá trị cam kết": "12000",
            "Tiền tệ": "USD",
            "Ngày cam kết": "20/01/2026",
            "Trạng thái": "Đang vận động, xây dựng",
            "Công khai": "Không",
        },
        updated,
    ]
    enterprises = [
        {
            "Tên doanh nghiệp": "Công ty TNHH Snapshot Tôm Sạch (kiểm tra)",
            "Nhà đầu tư": "Kiều bào kiểm tra",
            "Ngành nghề": "Nuôi tôm công nghệ cao",
            "Vốn đăng ký": "250.000",
            "Tiền tệ": "AUD",
            "Ngày đăng ký": "05/04/2012",
            "Địa điểm": "Đông Thới, Cái Nước",
            "Tình trạng": "Đang hoạt động",
        },
        {
            "Tên doanh nghiệp": "Công ty CP Snapshot Du Lịch (kiểm tra)",
            "Vốn đăng ký": "1.500.000.000",
            "Tiền tệ": "VND",
            "Ngày đăng ký": "10/10/2025",
            "Địa điểm": "Xã Đất Mũi",
        },
    ]
    visits = [
        {"Ngày": "01/02/2015", "Số lượt": "3", "Người/Hội": "Đoàn snapshot", "Quốc gia": "Úc", "Mục đích": "Snapshot"},
        {"Ngày": "14/02/2015", "Số lượt": "1", "Quốc gia": "Hoa Kỳ", "Mục đích": "Snapshot thăm thân nhân"},
        {"Ngày": "30/06/2025", "Số lượt": "2", "Quốc gia": "Pháp", "Mục đích": "Snapshot du lịch"},
    ]
    delegations = [
        {
            "Mã": "SNAP-DV-1",
            "Hướng": "Đoàn vào",
            "Tên đoàn": "Đoàn Loreto Kids Charity thăm trường Đông Thới (kiểm tra)",
            "Từ ngày": "10/03/2014",
            "Đến ngày": "12/03/2014",
            "Trưởng đoàn": "Trưởng đoàn kiểm tra",
            "Số lượt người": "4",
            "Đối tác": "LKC-AU",
            "Quốc gia": "Úc",
            "Nơi làm việc": "Đông Thới, Cái Nước; Đất Mũi, Ngọc Hiển",
            "Mục đích": "Khảo sát dự án (kiểm tra).",
            "Công khai": "Có",
        },
        {
            "Mã": "SNAP-DR-1",
            "Hướng": "Đoàn ra",
            "Tên đoàn": "Đoàn công tác đi Nhật Bản (kiểm tra)",
            "Từ ngày": "01/09/2025",
            "Đến ngày": "07/09/2025",
            "Số lượt người": "3",
            "Quốc gia": "Nhật Bản",
            "Nơi làm việc": "Tokyo",
            "Công khai": "Không",
        },
    ]
    disbursements = [
        {"Mã khoản viện trợ": "SNAP-001", "Ngày giải ngân": "15/06/2014", "Số tiền": "10.000", "Tiền tệ": "AUD"},
        {"Mã khoản viện trợ": "SNAP-001", "Ngày giải ngân": "15/01/2015", "Số tiền": "5.000,25", "Tiền tệ": "USD"},
        {
            "Mã khoản viện trợ": existing["Mã"],
            "Ngày giải ngân": "03/03/2026",
            "Số tiền": "20000",
            "Tiền tệ": "EUR",
            "Ghi chú": "Đợt 1 (kiểm tra)",
        },
    ]
    made = {}
    for kind, rows, queries in [
        ("aid-items", aid, ["q=SNAP", f"q={existing['Mã']}"]),
        ("enterprises", enterprises, ["q=Snapshot"]),
        ("visits", visits, ["q=Snapshot"]),
        ("delegations", delegations, ["q=SNAP"]),
        ("disbursements", disbursements, ["q=SNAP", f"q={existing['Mã']}"]),
    ]:
        path = folder / (f"new-{kind}.xlsx" if kind == "aid-items" else f"new-{kind}.csv")
        (write_xlsx if path.suffix == ".xlsx" else write_csv)(path, headers.get(kind) or list(rows[0]), rows)
        made[kind] = (path, queries)
    return made


def subtitle(response) -> str:
    """The record an admin change form is about (its h2), to name the capture without the record's id."""
    import lxml.html

    root = lxml.html.document_fromstring(response.content.decode(response.charset or "utf-8", "replace"))
    return next((" ".join(h.text_content().split()) for h in root.iter("h2")), "")


def capture_spreadsheets(capture: Capture, client, folder: Path) -> None:
    """Templates, exports and imports of every kind, then new records imported for real."""
    from django.test import Client
    from openpyxl import load_workbook

    def command(key: str, *args) -> None:
        capture.put(f"command import_records {key}", command_text("import_records", *args))

    kinds = import_kinds()
    capture.put("command import_records kinds", "\n".join(kinds))
    # Which admin list imports which kind: the one whose template has the same headers.
    by_headers = {}
    for path, (template, admin_headers) in admin_changelists(client).items():
        by_headers.setdefault(tuple(admin_headers), []).append((path, template))
    headers, exported, changelists = {}, {}, {}
    for kind in kinds:
        template = folder / f"template-{kind}.xlsx"
        command(f"{kind} --template", kind, "--template", template)
        if not template.exists():
            capture.put(f"template {kind}", "no template written")
            continue
        capture.put(f"template {kind}", xlsx_text(template.read_bytes()))
        headers[kind] = [c for c in next(load_workbook(template).worksheets[0].iter_rows(values_only=True)) if c]
        matches = by_headers.get(tuple(headers[kind]), [])
        if len(matches) != 1:
            capture.put(f"admin {kind}", f"no single admin list with these import headers: {matches}")
            continue
        changelists[kind], admin_template = matches[0]
        capture.put(f"admin {kind} list", changelists[kind])
        capture.get(client, "admin", admin_template)
        try:
            exported[kind] = admin_export(client, changelists[kind])
        except ValueError as exc:
            capture.put(f"admin {kind} export", f"export failed: {exc!r}")
            continue
        capture.put(f"admin {kind} export", normalize_common(csv_text(exported[kind])))
        path = folder / f"export-{kind}.csv"
        path.write_bytes(exported[kind])
        command(f"{kind} <export> --dry-run", kind, path, "--dry-run")

    for kind, (path, queries) in new_files(folder, headers, exported).items():
        content = path.read_bytes()
        capture.put(f"new {kind} file", xlsx_text(content) if path.suffix == ".xlsx" else csv_text(content))
        command(f"{kind} <new> --dry-run", kind, path, "--dry-run")
        command(f"{kind} <new>", kind, path)
        command(f"{kind} <new> again --dry-run", kind, path, "--dry-run")
        changelist = changelists.get(kind)
        if changelist is None:
            continue
        change_form = re.compile(re.escape(changelist) + r"\d+/change/(\?.*)?")
        for query in queries:
            try:
                export = csv_text(admin_export(client, changelist, query))
            except ValueError as exc:
                export = f"export failed: {exc!r}"
            capture.put(f"new {kind} admin export ?{query}", normalize_common(export))
            page = capture.get(client, f"new {kind}", f"{changelist}?{query}")
            for href in sorted({h for h in links_of(page) if change_form.fullmatch(h)}):
                response = client.get(href)
                capture.put(f"new {kind} change form {subtitle(response)}", response_text(response))
    # The new public records as a reader sees them, and the figures they changed.
    anonymous = Client(raise_request_exception=False)
    for url in [*NEW_PUBLIC, "/kieu-bao/", "/vien-tro/?nam=2014", "/doan-ra-doan-vao/?nam=2014"]:
        response = capture.get(anonymous, "after import public", url)
        if english(response, url):
            capture.get(anonymous, "after import public", english(response, url))
    for query in ("tat_ca=1", "tu=2014&den=2015", "from=2025&half=2"):
        capture.get(client, "after import dashboard", f"{DASHBOARD_JSON}?{query}")


def run() -> dict[str, str]:
    """Build the database and capture everything: {key: normalized text}."""
    started = time.monotonic()
    capture = Capture()
    for key, text in build_database().items():
        capture.put(key, text)
    print(f"database ready in {time.monotonic() - started:.0f} s", file=sys.stderr)

    from django.contrib.auth import get_user_model
    from django.test import Client

    capture_public(capture)
    print(f"public pages done at {time.monotonic() - started:.0f} s", file=sys.stderr)
    command_text("createsuperuser", "--noinput", "--username", "same-results", "--email", "same@example.com")
    staff = Client(raise_request_exception=False)
    staff.force_login(get_user_model().objects.get(username="same-results"))
    capture_dashboard(capture, staff)
    print(f"dashboard done at {time.monotonic() - started:.0f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "same-results-files"
        folder.mkdir()
        capture_spreadsheets(capture, staff, folder)
    print(f"spreadsheets done at {time.monotonic() - started:.0f} s", file=sys.stderr)
    return dict(sorted(capture.captures.items()))


# ---------------------------------------------------------------- comparing

# With --ignore-ids: database ids (not stable if records come to be created in another order) masked.
ID_PATTERNS = [
    (re.compile(r"(/admin/\w+/\w+/)\d+/"), r"\1#/"),  # admin change, history, delete links
    (re.compile(r"([?&]tra-loi=)\d+"), r"\1#"),  # reply to a comment
    (re.compile(r"(\[input hidden [\w-]+=)\d+\]"), r"\1#]"),  # inline forms' ids
    (re.compile(r"([:|] ?\*?)\d+="), r"\1#="),  # select options whose value is an id
]


def without_ids(text: str) -> str:
    for pattern, replacement in ID_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def compare(before: dict, after: dict, ignore_ids: bool = False) -> int:
    old, new = before["captures"], after["captures"]
    keys = sorted(set(old) | set(new))
    print(f"comparing with the capture of {before.get('code', '?')}, now {after.get('code', '?')}")
    differing = 0
    for key in keys:
        if (
            key in old
            and key in new
            and (old[key] == new[key] or ignore_ids and without_ids(old[key]) == without_ids(new[key]))
        ):
            continue
        differing += 1
        print(f"### {key}")
        if key not in new:
            print("  (missing now)")
            continue
        if key not in old:
            print("  (new now)")
            continue
        texts = [without_ids(t) if ignore_ids else t for t in (old[key], new[key])]
        diff = list(difflib.unified_diff(*(t.splitlines() for t in texts), "before", "after", n=1, lineterm=""))
        for line in diff[:MAX_DIFF_LINES]:
            print(line if len(line) <= 300 else line[:297] + "…")
        if len(diff) > MAX_DIFF_LINES:
            print(f"… {len(diff) - MAX_DIFF_LINES} more diff lines")
    print(f"{differing} of {len(keys)} captures differ")
    return 1 if differing else 0


def code_version() -> str:
    """The commit the capture was made on (and whether files were changed), for the record only."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "?"
    return commit.stdout.strip() + (" with uncommitted changes" if status.stdout.strip() else "")


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Capture what users see on the demo data; save it, or compare it with a saved capture."
    )
    parser.add_argument("--save", metavar="FILE.json", help="write the capture to FILE.json")
    parser.add_argument(
        "--compare", metavar="FILE.json", help="compare the capture with FILE.json; exit 1 if any differ"
    )
    parser.add_argument(
        "--ignore-ids",
        action="store_true",
        help="with --compare: mask database ids in links and forms before comparing",
    )
    args = parser.parse_args()
    if not (args.save or args.compare):
        parser.error("give --save FILE.json, --compare FILE.json, or both")
    before = json.loads(Path(args.compare).read_text(encoding="utf-8")) if args.compare else None  # fail early
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # STATIC_ROOT: no collectstatic here
    started = time.monotonic()
    result = {"format": FORMAT_VERSION, "code": code_version(), "frozen_now": FROZEN_NOW.isoformat()}
    result["captures"] = run()
    elapsed = time.monotonic() - started
    if args.save:
        Path(args.save).write_text(json.dumps(result, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{len(result['captures'])} captures written to {args.save} in {elapsed:.0f} s")
    return compare(before, result, args.ignore_ids) if before is not None else 0


if __name__ == "__main__":
    sys.exit(main())
