"""The about page (Decree 42/2022): structure, leaders' public work contacts, member associations."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from friendship_union.core.models import Leader, OfficeUnit
from friendship_union.core.tests.factories import UserFactory, make_identity
from friendship_union.organizations.models import MemberAssociation, Person, Term

pytestmark = pytest.mark.django_db


def make_leader(**values) -> Leader:
    values = {"name": "Nguyễn Công Minh", "position": "Phó Chủ tịch phụ trách", **values}
    leader = Leader(**values)
    leader.full_clean()
    leader.save()
    return leader


@pytest.fixture
def about(reference_data):
    make_identity()
    office = OfficeUnit.objects.create(name="Văn phòng", name_en="Office", phone="0290 000 0010", order=1)
    OfficeUnit.objects.create(name="Phòng ẩn", is_public=False)
    make_leader(
        position_en="Vice-Chairman in charge",
        work_phone="0290 000 0002",
        work_email="phochutich@huunghi-camau.example",
        order=20,
    )
    make_leader(name="Trần Chủ Tịch", position="Chủ tịch", position_en="Chairman", order=10)
    make_leader(name="Lê Chánh Văn Phòng", position="Chánh Văn phòng", unit=office, order=30)
    make_leader(name="Lãnh Đạo Đã Nghỉ", position="Phó Chủ tịch", is_public=False)
    association = MemberAssociation.objects.create(name="Hội hữu nghị Việt – Nhật tỉnh", counterpart_country_id="JP")
    association.note = "Ghi chú nội bộ của hội"
    association.save()
    Term.objects.create(association=association, name="2015–2020", start_date=datetime.date(2015, 1, 1))
    Term.objects.create(
        association=association, name="2020–2025", start_date=datetime.date(2020, 1, 1), chair="Phạm Chủ Hội"
    )
    # Internal people records: their contacts are never public.
    Person.objects.create(name="Nguyễn Công Minh", email="minh.canhan@gmail.com", phone="0909 123 456")
    return office


def test_about_page_shows_structure_and_public_work_contacts(client, about):
    html = client.get("/gioi-thieu/").content.decode()
    assert html.index("Trần Chủ Tịch") < html.index("Nguyễn Công Minh")  # display order
    assert "Phó Chủ tịch phụ trách" in html
    assert 'href="tel:02900000002"' in html and "mailto:phochutich@huunghi-camau.example" in html
    assert "Lê Chánh Văn Phòng" in html and "Văn phòng" in html
    assert "Hội hữu nghị Việt – Nhật tỉnh" in html and "2020–2025" in html and "Phạm Chủ Hội" in html
    assert "/doi-tac/?nuoc=JP" in html  # the association links to the partners of its country
    for private in ("Lãnh Đạo Đã Nghỉ", "Phòng ẩn", "Ghi chú nội bộ", "minh.canhan@gmail.com", "0909 123 456"):
        assert private not in html, private


def test_about_page_in_english_uses_english_positions(client, about):
    html = client.get("/en/about/").content.decode()
    assert "Vice-Chairman in charge" in html and "Chairman" in html and "Office" in html
    assert "Japan" in html


def test_phone_and_email_validation_speaks_vietnamese():
    for phone in ("12345", "0290 abc 1234", "+1 555 0100 200", "0909 123 45678 9", "０２９０３８３１２３４"):
        with pytest.raises(ValidationError) as caught:
            make_leader(work_phone=phone)
        assert "Số điện thoại không hợp lệ" in str(caught.value.message_dict["work_phone"])
    with pytest.raises(ValidationError) as caught:
        make_leader(work_email="lanhdao@gmail.com")
    assert "thư điện tử công vụ" in str(caught.value.message_dict["work_email"])
    with pytest.raises(ValidationError) as caught:
        make_leader(work_email="khong-phai-email")
    assert "work_email" in caught.value.message_dict
    for phone in ("0290 3831 234", "+84 290 3831 234", "0913.123.456", "(0290) 3831-234", "0290\u00a03831\t234"):
        make_leader(name=f"Người {phone}", work_phone=phone)


def test_a_name_differing_only_in_unicode_form_is_a_duplicate_not_a_crash():
    from friendship_union.core.models import OfficeUnit

    OfficeUnit.objects.create(name="Phòng Đối ngoại")
    unit = OfficeUnit(name=unicodedata.normalize("NFD", "Phòng  Đối ngoại "))
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()  # what the admin form runs: the message comes before any database error
    assert "name" in caught.value.message_dict


def test_text_is_stored_in_nfc_with_history():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Đào")
    leader = make_leader(name=decomposed + "  ", position=unicodedata.normalize("NFD", "Phó Chủ tịch"))
    leader.refresh_from_db()
    assert leader.name == "Nguyễn Thị Đào" and leader.position == "Phó Chủ tịch"
    leader.position = "Chủ tịch"
    leader.save()
    assert leader.history.count() == 2


def test_the_editor_role_edits_leaders_but_not_the_site_identity(client):
    editor = UserFactory(username="bientap1", role="editor")
    clerk = UserFactory(username="nhaplieu1", role="data_entry")
    assert editor.has_perm("core.change_leader") and editor.has_perm("core.add_officeunit")
    assert not editor.has_perm("core.change_siteidentity")
    assert clerk.has_perm("core.view_leader") and not clerk.has_perm("core.change_leader")
    client.force_login(editor)
    assert client.get("/admin/core/leader/add/").status_code == 200
    assert client.get("/admin/core/siteidentity/1/change/").status_code in (302, 403)


def test_about_page_queries_do_not_grow(client, about):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/gioi-thieu/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    assert few == 5, few  # identity, leaders, office units, member associations, their terms
    units = OfficeUnit.objects.bulk_create(OfficeUnit(name=f"Phòng {i}", order=i) for i in range(30))
    Leader.objects.bulk_create(
        Leader(name=f"Lãnh đạo {i}", position="Phó trưởng phòng", unit=units[i % 30], order=i) for i in range(120)
    )
    associations = MemberAssociation.objects.bulk_create(
        MemberAssociation(name=f"Hội hữu nghị {i}", counterpart_country_id="AU") for i in range(40)
    )
    Term.objects.bulk_create(
        Term(association=a, name="2020–2025", start_date=datetime.date(2020, 1, 1)) for a in associations
    )
    assert count() == few


def test_editor_adds_a_leader_with_portrait_in_the_admin(client, tmp_path, settings, reference_data):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    make_identity()
    client.force_login(UserFactory(username="bientap2", role="editor"))
    buffer = BytesIO()
    Image.new("RGB", (120, 150), "#0b4f8a").save(buffer, "PNG")
    form = {
        "name": "Trần Thị Lan",
        "position": "Phó Chủ tịch",
        "position_en": "Vice-Chair",
        "work_phone": "0909 123 4567 89",
        "work_email": "lan@gmail.com",
        "order": "20",
        "is_public": "on",
    }
    response = client.post("/admin/core/leader/add/", form)
    assert response.status_code == 200  # the form again, with Vietnamese errors
    html = response.content.decode()
    assert "Số điện thoại không hợp lệ" in html and "thư điện tử công vụ" in html
    form |= {"work_phone": "0290 3831 234", "work_email": "lan@huunghi-camau.example"}
    form["portrait"] = SimpleUploadedFile("chan-dung.png", buffer.getvalue(), content_type="image/png")
    response = client.post("/admin/core/leader/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    leader = Leader.objects.get(name="Trần Thị Lan")
    assert leader.portrait.name.startswith("leaders/") and "chan-dung" not in leader.portrait.name
    assert leader.history.first().history_user.username == "bientap2"
    client.logout()
    assert leader.portrait.url in client.get("/gioi-thieu/").content.decode()


def test_a_unit_with_leaders_cannot_be_deleted():
    """Otherwise its heads would show on the about page as the Union's own leadership."""
    from django.db.models import ProtectedError

    from friendship_union.core.models import OfficeUnit

    unit = OfficeUnit.objects.create(name="Văn phòng")
    make_leader(name="Chánh Văn phòng", unit=unit)
    with pytest.raises(ProtectedError):
        unit.delete()
