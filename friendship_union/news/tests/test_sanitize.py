"""Hostile HTML against the article-body allow-list."""

import pytest

from friendship_union.news.sanitize import plain_text, sanitize_html


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("<p>Xin chào<script>alert(1)</script></p>", ["<script", "alert"]),
        ('<p onclick="alert(1)" onmouseover="x()">Cà Mau</p>', ["onclick", "onmouseover"]),
        ('<a href="javascript:alert(1)">bấm</a>', ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">bấm</a>', ["javascript", "JaVaScRiPt"]),
        ('<a href="&#106;avascript:alert(1)">bấm</a>', ["avascript"]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">bấm</a>', ["data:"]),
        ('<a href="vbscript:msgbox(1)">bấm</a>', ["vbscript"]),
        ('<iframe src="https://evil.example/"></iframe><p>ok</p>', ["iframe", "evil"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["object", "embed", "swf"]),
        ('<p style="position:fixed;top:0">Đông Thới</p>', ["style", "position"]),
        ("<style>body{display:none}</style><p>ok</p>", ["<style", "display"]),
        ('<img src="https://evil.example/track.png" alt="x">', ["<img", "evil"]),
        ('<img src="//evil.example/media/x.png">', ["<img", "evil"]),
        ('<img src="/media/../admin/x.png">', ["<img", ".."]),
        ('<img src="/media/%2e%2e/%2e%2e/admin/logout/">', ["<img", "logout"]),
        ('<img src="/media/%252e%252e/admin/logout/">', ["<img", "logout"]),
        ('<img src="/media/%2E%2E%2Fadmin/logout/">', ["<img", "logout"]),
        ('<img src="/media/x%5c..%5cadmin/">', ["<img", "admin"]),
        ('<img src="/media/a.png?next=/admin/logout/">', ["<img", "logout"]),
        ('<img src="data:image/png;base64,AAAA">', ["<img", "data:"]),
        ('<img src="/media/a.jpg" onerror="alert(1)">', ["onerror", "alert"]),
        ('<svg onload="alert(1)"><circle/></svg>', ["svg", "onload"]),
        ('<form action="/x"><input name="q"><button>Gửi</button></form>', ["<form", "<input", "<button"]),
        ('<p class="ql-align-center" id="x" data-x="1">Đất Mũi</p>', ["class", "id=", "data-x"]),
        ('<a href="//evil.example/">x</a>', ["evil"]),
        ("<!-- <script>alert(1)</script> --><p>ok</p>", ["<!--", "script"]),
        ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', ["math", "javascript"]),
        ('<table><tr><td style="color:red" onclick="x()">1</td></tr></table>', ["style", "onclick"]),
        ("<h1>Tiêu đề</h1><h5>nhỏ</h5><u>gạch</u>", ["<h1", "<h5", "<u>"]),
        ('<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=x">', ["<base", "<meta"]),
    ],
)
def test_hostile_markup_is_removed(hostile, forbidden):
    cleaned = sanitize_html(hostile)
    for bad in forbidden:
        assert bad.lower() not in cleaned.lower(), cleaned


def test_allowed_formatting_is_kept():
    html = (
        "<h2>Tiêu đề 2</h2><h3>Tiêu đề 3</h3><h4>Tiêu đề 4</h4>"
        "<p><strong>đậm</strong> <b>đậm</b> <em>nghiêng</em> <i>nghiêng</i><br>dòng mới</p>"
        "<ul><li>một</li></ul><ol><li>hai</li></ol><blockquote><p>trích</p></blockquote>"
        '<table><thead><tr><th scope="col" colspan="2">Chỉ tiêu</th></tr></thead>'
        '<tbody><tr><td rowspan="2">85</td><td>79</td></tr></tbody></table>'
    )
    assert sanitize_html(html) == html


def test_links_keep_safe_schemes_and_get_rel_noopener():
    cleaned = sanitize_html(
        '<a href="https://vufo.org.vn" target="_blank">VUFO</a> <a href="http://a.vn">a</a> '
        '<a href="mailto:lienhe@example.vn">thư</a> <a href="/tin-tuc/">tin</a>'
    )
    assert '<a href="https://vufo.org.vn" rel="noopener">VUFO</a>' in cleaned
    assert '<a href="http://a.vn" rel="noopener">' in cleaned
    assert '<a href="mailto:lienhe@example.vn" rel="noopener">' in cleaned
    assert '<a href="/tin-tuc/" rel="noopener">' in cleaned
    assert "target" not in cleaned


def test_images_only_from_our_media_url():
    cleaned = sanitize_html(
        '<img src="/media/gallery/dat-mui.jpg" alt="Đất Mũi" width="800" height="x">'
        '<img src="https://cdn.example/a.jpg" alt="ngoài">'
    )
    assert cleaned == '<img src="/media/gallery/dat-mui.jpg" alt="Đất Mũi" width="800">'


def test_empty_and_none():
    assert sanitize_html(None) == ""
    assert sanitize_html("<p><br></p><p> </p><script>x</script>") == ""


def test_plain_text_for_search():
    assert plain_text("<p>A &amp; B</p><p>Đất&nbsp;Mũi</p><script>x()</script>") == "A & B Đất Mũi"


@pytest.mark.django_db
def test_article_save_sanitizes_the_body():
    from .factories import make_article

    article = make_article(body='<p onclick="x()">Cà Mau</p><script>alert(1)</script><iframe src="x"></iframe>')
    article.refresh_from_db()
    assert article.body == "<p>Cà Mau</p>"
