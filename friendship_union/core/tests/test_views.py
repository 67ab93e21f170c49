import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_identity

pytestmark = pytest.mark.django_db


def test_home_in_vietnamese_shows_union_name(client):
    make_identity()
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau" in html
    assert 'hreflang="en" href="http://testserver/en/"' in html


def test_home_in_english_under_en(client):
    make_identity()
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Ca Mau Union of Friendship Organizations</h1>" in html
    assert "Latest news" in html  # the English catalog is compiled and used


def test_home_without_identity_shows_generic_name(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Liên hiệp các tổ chức hữu nghị" in response.content.decode()


def test_about_page_has_translated_path(client):
    make_identity(phone="0290 123 4567")
    vi = client.get("/gioi-thieu/")
    en = client.get("/en/about/")
    assert vi.status_code == en.status_code == 200
    assert "Chức năng, nhiệm vụ" in vi.content.decode()
    assert "Functions and duties" in en.content.decode()
    assert 'href="tel:02901234567"' in vi.content.decode()


def test_security_headers_on_pages(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/en/", "/gioi-thieu/"])
def test_public_page_query_count_is_fixed(client, path, django_assert_num_queries):
    make_identity()
    # One query: the site identity. Nothing else on these pages reads the database yet.
    with django_assert_num_queries(1):
        client.get(path)


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_503_when_database_is_down(client):
    """Point the real connection at a port where no server listens: the check must say 503."""
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2}})
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    with CaptureQueriesContext(connection):
        assert client.get("/healthz").status_code == 200  # and it recovers


def test_unknown_page_is_404(client):
    assert client.get("/khong-co-trang-nay/").status_code == 404


def test_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
