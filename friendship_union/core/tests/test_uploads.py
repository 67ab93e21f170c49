"""Core's image fields (site logo, leaders' portraits): what is stored is a clean copy no larger than
the page needs, however the record is saved, and staff read one Vietnamese message for a bad upload.
(Every file and image field of every app gets the hostile uploads in portal/tests/test_uploads.py.)"""

import io

import pytest
from PIL import Image

from friendship_union.core.models import Leader, SiteIdentity
from friendship_union.core.services import record_save

from .factories import UserFactory
from .images import HTML, assert_clean_and_upright, jpeg_with_metadata, stored_image, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_large_transparent_logo_is_stored_at_the_size_the_header_needs_and_stays_transparent():
    logo = Image.new("P", (2400, 1200), 1)
    logo.putpalette([255, 255, 255, 200, 30, 40] + [0, 0, 0] * 254)
    logo.paste(0, (0, 0, 600, 600))  # the top-left corner is see-through
    buffer = io.BytesIO()
    logo.save(buffer, "PNG", transparency=0)
    identity = SiteIdentity(name="Liên hiệp", province="Cà Mau", logo=upload(buffer.getvalue(), "logo.png"))
    record_save(identity)
    _raw, stored = stored_image(identity.logo)
    assert stored.format == "PNG" and stored.size == (512, 256)
    rgba = stored.convert("RGBA")
    assert rgba.getpixel((10, 10))[3] == 0  # still transparent
    assert rgba.getpixel((400, 200)) == (200, 30, 40, 255)  # still red


def test_a_bulk_insert_stores_clean_copies_too():
    """The cleaning belongs to the field, not to one save path: a bulk insert (imports, generated data)
    stores the same clean copy as the admin does."""
    [leader] = Leader.objects.bulk_create(
        [Leader(name="Trần Thị B", position="Phó Chủ tịch", portrait=upload(jpeg_with_metadata(), "IMG_2.jpg"))]
    )
    assert_clean_and_upright(*stored_image(Leader.objects.get(pk=leader.pk).portrait), size=(200, 300))


def test_a_stored_image_is_not_read_again_when_the_record_is_saved_again():
    leader = record_save(Leader(name="Lê Văn C", position="Chủ tịch", portrait=upload(jpeg_with_metadata(), "a.jpg")))
    name = leader.portrait.name
    leader.portrait.storage.delete(name)  # even gone missing, the stored name passes: no FileNotFoundError
    leader.position = "Nguyên Chủ tịch"
    record_save(leader)
    assert Leader.objects.get().portrait.name == name


def test_the_admin_form_gives_our_vietnamese_message_for_html_named_like_a_logo(client):
    """Django's own image form field would answer with its generic "Hãy tải lên một hình ảnh hợp lệ…"
    before our check could run; the logo is judged by our validator only, which names the problem, and
    the file input offers images only."""
    client.force_login(UserFactory(username="quantri-logo", role="admin", password=None))
    page = client.get("/admin/core/siteidentity/add/")
    assert 'accept="image/jpeg,image/png,image/webp"' in page.content.decode()
    data = {"name": "Liên hiệp", "province": "Cà Mau", "logo": upload(HTML, "logo.jpg")}
    response = client.post("/admin/core/siteidentity/add/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ." in content
    assert "Hãy tải lên một hình ảnh hợp lệ" not in content
    assert not SiteIdentity.objects.exists()
