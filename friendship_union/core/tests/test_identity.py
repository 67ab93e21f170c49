import io
import os
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from friendship_union.core.models import SiteIdentity

from .factories import UserFactory, make_identity

pytestmark = pytest.mark.django_db
CHANGE_URL = "/admin/core/siteidentity/1/change/"


def form_data(identity, **overrides):
    data = {
        "name": identity.name,
        "name_en": identity.name_en,
        "short_name": identity.short_name,
        "province": identity.province,
        "address": identity.address,
        "phone": identity.phone,
        "email": identity.email,
        "website": identity.website,
        "person_in_charge": identity.person_in_charge,
        "person_in_charge_title": identity.person_in_charge_title,
        "iati_org_identifier": identity.iati_org_identifier,
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client_role(client):
    user = UserFactory(username="quantri1", role="admin")
    client.force_login(user)
    client.user = user
    return client


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_admin_shows_union_name_in_vietnamese(admin_client_role):
    make_identity()
    html = admin_client_role.get("/admin/").content.decode()
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau" in html
    assert '<html lang="vi"' in html
    assert "Trang quản trị" in html


def test_edit_identity_keeps_history_with_author(admin_client_role):
    identity = make_identity()
    response = admin_client_role.post(
        CHANGE_URL, form_data(identity, province="Bạc Liêu", iati_org_identifier="VN-COA-1234567")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SiteIdentity.current().province == "Bạc Liêu"
    latest = SiteIdentity.history.first()
    assert latest.history_user == admin_client_role.user
    assert latest.diff_against(latest.prev_record).changed_fields == ["iati_org_identifier", "province"]
    assert admin_client_role.get("/admin/core/siteidentity/1/history/").status_code == 200


def test_decomposed_input_is_stored_as_nfc(admin_client_role):
    identity = make_identity()
    nfd_name = unicodedata.normalize("NFD", "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau")
    admin_client_role.post(CHANGE_URL, form_data(identity, name="  " + nfd_name + "  "))
    assert SiteIdentity.current().name == "Liên hiệp các tổ chức hữu nghị tỉnh Cà Mau"


def test_bad_iati_identifier_is_refused_with_a_clear_message(admin_client_role):
    identity = make_identity()
    response = admin_client_role.post(CHANGE_URL, form_data(identity, province="Sai", iati_org_identifier="12 34"))
    assert response.status_code == 200
    assert "Mã tổ chức IATI của đơn vị phải có tiền tố đã đăng ký" in response.content.decode()
    assert SiteIdentity.current().province == "Cà Mau"  # nothing saved


def image_bytes(fmt: str, size=(8, 8), noise=False) -> bytes:
    buffer = io.BytesIO()
    if noise:  # incompressible pixels, so the file is really as big as its pixel count suggests
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "navy")
    image.save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"%PDF-1.4 not an image", "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ."),
        ("logo.bmp", image_bytes("BMP"), "Chỉ nhận ảnh JPEG, PNG hoặc WebP (không nhận tệp đuôi “.bmp”)."),
        ("logo.png", image_bytes("PNG", (1400, 1400), noise=True), "Ảnh quá lớn"),
    ],
)
def test_bad_logo_upload_is_refused(admin_client_role, name, content, message):
    identity = make_identity()
    upload = SimpleUploadedFile(name, content, "image/png")
    response = admin_client_role.post(CHANGE_URL, {**form_data(identity, province="Sai"), "logo": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SiteIdentity.current().province == "Cà Mau"


def test_good_logo_upload_is_shown_in_header(admin_client_role, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    identity = make_identity()
    upload = SimpleUploadedFile("logo.png", png_bytes(), "image/png")
    response = admin_client_role.post(CHANGE_URL, {**form_data(identity), "logo": upload})
    assert response.status_code == 302
    logo_url = SiteIdentity.current().logo.url
    assert f'src="{logo_url}"' in client.get("/").content.decode()


def test_only_one_identity_and_it_cannot_be_deleted(admin_client_role):
    make_identity()
    assert admin_client_role.get("/admin/core/siteidentity/add/").status_code == 403
    assert admin_client_role.get("/admin/core/siteidentity/1/delete/").status_code == 403
    assert admin_client_role.get("/admin/core/siteidentity/").status_code == 302
