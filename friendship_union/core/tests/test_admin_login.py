"""The admin's login page is titled with the Union's name, not the host it is served from."""

import re

import pytest

from .factories import make_identity

pytestmark = pytest.mark.django_db


def test_admin_login_page_is_titled_with_the_union():
    from django.test import Client

    make_identity()
    page = Client(HTTP_HOST="testserver").get("/admin/login/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.strip() == "Đăng nhập | LHHN Cà Mau"
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau</a>" in page  # the header
    assert "testserver" not in title
