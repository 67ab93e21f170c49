"""Photos in an article's text come from the gallery: the editor's dialog picks or uploads one (the photo
admin's pop-up), the body keeps its number and alt text, the article page serves its renditions with
srcset; nothing typed as a path, nothing without alt text."""

import json
import re

import pytest

from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.gallery.models import Album, Photo, published_album_ids
from friendship_union.gallery.tests.factories import image_bytes, make_photo, upload
from friendship_union.news.body import render_body
from friendship_union.news.models import Article
from friendship_union.news.sanitize import sanitize_html

from .factories import make_article
from .test_admin import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(client):
    make_identity()
    client.force_login(UserFactory(username="bientap1", role="editor"))
    return client


def inline(photo, alt="Học sinh Đất Mũi nhận học bổng") -> str:
    """The <img> the editor's dialog inserts (static/js/news-editor.js)."""
    src = photo.image.storage.url(photo.renditions[1]["jpeg"])
    return f'<img src="{src}" alt="{alt}" data-photo="{photo.pk}">'


# --- what the body may hold ---------------------------------------------------------------------------
def test_the_sanitizer_keeps_the_photo_number_and_nothing_more():
    cleaned = sanitize_html(
        '<p><img src="/media/gallery/a.jpg" alt="Đất Mũi" data-photo="12" data-x="1" srcset="/media/b.jpg 2w" '
        'sizes="100vw" class="x" loading="lazy" style="width:9px"></p>'
    )
    assert cleaned == '<p><img src="/media/gallery/a.jpg" alt="Đất Mũi" data-photo="12"></p>'


@pytest.mark.parametrize("number", ["0", "-3", "abc", "１２", "1 OR 1=1", "99999999999999999999999"])
def test_a_photo_number_that_is_not_a_number_is_dropped(number):
    cleaned = sanitize_html(f'<img src="/media/gallery/a.jpg" alt="x" data-photo="{number}">')
    assert cleaned == '<img src="/media/gallery/a.jpg" alt="x">'


# --- what readers get ---------------------------------------------------------------------------------
def test_the_article_page_serves_an_inserted_photo_as_renditions_with_srcset(client):
    make_identity()
    photo = make_photo(width=2000, height=1000, alt_text="Mô tả trong thư viện")
    make_article(slug="hoc-bong", body=f"<p>Mở đầu.</p><p>{inline(photo)}</p><p>Kết.</p>")
    html = client.get("/tin-tuc/hoc-bong/").content.decode()
    body = html.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    url = photo.image.storage.url
    webp = ", ".join(f"{url(r['webp'])} {r['width']}w" for r in photo.renditions)
    jpeg = ", ".join(f"{url(r['jpeg'])} {r['width']}w" for r in photo.renditions)
    assert f'<source type="image/webp" srcset="{webp}"' in body
    assert f'srcset="{jpeg}"' in body
    assert "400w" in jpeg and "1600w" in jpeg
    assert 'alt="Học sinh Đất Mũi nhận học bổng"' in body  # the article's own words, not the gallery's
    assert 'loading="lazy"' in body and "data-photo" not in body
    assert body.count("<img") == 1 and photo.image.url not in body  # never the full-size original


def test_a_photo_hidden_or_deleted_since_leaves_nothing_behind():
    hidden = make_photo(alt_text="Ảnh để riêng")
    gone = make_photo(alt_text="Ảnh đã xóa")
    html = f"<p>{inline(hidden)}</p><p>{inline(gone)}</p><p>Chữ.</p>"
    Photo.objects.filter(pk=hidden.pk).update(is_public=False)
    gone.delete()
    assert render_body(html) == "<p></p><p></p><p>Chữ.</p>"


def test_an_image_stored_before_the_gallery_dialog_is_shown_as_stored():
    html = '<p><img src="/media/gallery/cu.jpg" alt="Ảnh cũ"></p>'
    assert render_body(html) == html


def test_a_body_without_photos_asks_the_database_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert render_body("<p>Chỉ có chữ.</p>") == "<p>Chỉ có chữ.</p>"


def test_every_photo_of_a_body_in_one_query(django_assert_num_queries):
    photos = [make_photo(alt_text=f"Ảnh {i}") for i in range(6)]
    html = "".join(f"<p>{inline(p, alt=f'Ảnh số {i}')}</p>" for i, p in enumerate(photos))
    published_album_ids()  # the albums the public may see, kept per records version (AppConfig.figures)
    with django_assert_num_queries(2):  # the records version they are kept by, and the six photos
        rendered = render_body(html)
    assert rendered.count("<picture>") == 6 and 'alt="Ảnh số 5"' in rendered


# --- what the editor may save -------------------------------------------------------------------------
def test_an_article_with_a_gallery_photo_and_its_alt_text_is_saved(editor):
    photo = make_photo(alt_text="Ảnh thư viện")
    body = f"<p>Mở đầu.</p><p>{inline(photo, alt='Lễ trao học bổng')}</p>"
    response = editor.post("/admin/news/article/add/", article_form(body=body))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert f'alt="Lễ trao học bổng" data-photo="{photo.pk}"' in Article.objects.get().body


@pytest.mark.parametrize(
    ("img", "message"),
    [
        ('<img src="/media/gallery/go-tay.jpg" alt="Gõ tay">', "chèn lại bằng nút “Chèn ảnh từ thư viện”"),
        ('<img src="https://trang-khac.example/a.jpg" alt="x" data-photo="1">', "không lấy từ thư viện ảnh"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', "không lấy từ thư viện ảnh"),
        ('<img src="/media/gallery/a.jpg" alt="x" data-photo="987654">', "Ảnh thứ 1 không còn trong thư viện ảnh"),
        ("HIDDEN", "Ảnh thứ 1 không còn trong thư viện ảnh, không để công khai"),
        ("PRIVATE_ALBUM", "hoặc thuộc album không công khai"),
        ("NO_ALT", "Ảnh thứ 1 chưa có mô tả cho người khiếm thị"),
    ],
)
def test_an_image_not_from_the_gallery_or_without_alt_text_is_refused(editor, img, message):
    photo = make_photo()
    if img == "HIDDEN":
        Photo.objects.filter(pk=photo.pk).update(is_public=False)
        img = inline(photo)
    elif img == "PRIVATE_ALBUM":  # a public photo of an album kept private: not for the public either
        Photo.objects.filter(pk=photo.pk).update(album=Album.objects.create(title="Album nội bộ", is_public=False))
        img = inline(photo)
    elif img == "NO_ALT":
        img = inline(photo, alt=" ")
    response = editor.post("/admin/news/article/add/", article_form(body=f"<p>Chữ.</p><p>{img}</p>"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_the_editor_is_given_the_gallery_addresses_not_a_path_prompt(editor):
    html = editor.get("/admin/news/article/add/").content.decode()
    assert 'data-photo-choose="/admin/gallery/photo/?is_public__exact=1&amp;_to_field=id"' in html
    assert 'data-photo-upload="/admin/gallery/photo/add/?_to_field=id&amp;_popup=1"' in html
    assert 'data-photo-embed="/admin/gallery/photo/__id__/chen-vao-bai/"' in html
    assert "data-image-prompt" not in html and "bắt đầu bằng /media/" not in html
    texts = json.loads(re.search(r'data-photo-texts="([^"]+)"', html).group(1).replace("&quot;", '"'))
    assert texts["alt"] == "Mô tả ảnh (cho người khiếm thị)"


# --- the gallery's side: upload in the pop-up, and what one photo tells the editor ---------------------
def test_a_photo_uploaded_in_the_editors_pop_up_goes_through_the_gallery(editor):
    response = editor.post(
        "/admin/gallery/photo/add/?_to_field=id&_popup=1",
        {
            "_popup": "1",
            "_to_field": "id",
            "image": upload(image_bytes(1800, 1200)),
            "alt_text": "  Bến tàu Năm Căn  ",
            "order": "0",
            "is_public": "on",
        },
    )
    assert response.status_code == 200  # the pop-up's answer, which hands the photo to the editor
    photo = Photo.objects.get()
    assert json.loads(response.context["popup_response_data"])["value"] == str(photo.pk)
    assert photo.alt_text == "Bến tàu Năm Căn"
    assert [r["width"] for r in photo.renditions] == [400, 800, 1600]
    assert photo.history.get().history_user.username == "bientap1"


def test_an_upload_in_the_pop_up_is_judged_as_every_gallery_upload(editor):
    data = {"_popup": "1", "alt_text": "", "order": "0", "is_public": "on"}
    html = editor.post(
        "/admin/gallery/photo/add/?_popup=1", {**data, "image": upload(b"khong phai anh" * 40)}
    ).content.decode()
    assert "Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ." in html
    assert "Trường này là bắt buộc." in html or "bắt buộc" in html
    assert not Photo.objects.exists()


def test_what_one_photo_tells_the_editor(editor, client):
    photo = make_photo(width=1600, height=1200, alt_text="Rừng đước Năm Căn")
    answer = editor.get(f"/admin/gallery/photo/{photo.pk}/chen-vao-bai/").json()
    url = photo.image.storage.url
    assert answer == {
        "id": photo.pk,
        "src": url(photo.renditions[1]["jpeg"]),
        "width": 800,
        "height": 600,
        "thumbnail": url(photo.renditions[0]["jpeg"]),
        "alt": "Rừng đước Năm Căn",
        "is_public": True,
    }
    assert editor.get("/admin/gallery/photo/987654/chen-vao-bai/").status_code == 404
    assert editor.get("/admin/gallery/photo/abc/chen-vao-bai/").status_code == 404
    assert editor.post(f"/admin/gallery/photo/{photo.pk}/chen-vao-bai/").status_code == 405
    client.force_login(UserFactory(username="kiemduyet1", role="moderator"))
    assert client.get(f"/admin/gallery/photo/{photo.pk}/chen-vao-bai/").status_code == 403


def test_the_photo_list_a_pop_up_chooses_from_has_one_link_per_row(editor):
    photo = make_photo(alt_text="Ảnh để chọn")
    html = editor.get("/admin/gallery/photo/?is_public__exact=1&_to_field=id&_popup=1").content.decode()
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert row.count("<a ") == 2  # the preview and the alt text each choose the photo: no link inside a link
    assert f'data-popup-opener="{photo.pk}"' in row and 'target="_blank"' not in row
