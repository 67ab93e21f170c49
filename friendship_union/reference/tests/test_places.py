import datetime
import unicodedata

import pytest
from django.db import models

from friendship_union.core.tests.factories import make_identity
from friendship_union.reference.models import AdministrativeUnit, Era, Level, PlaceFields
from friendship_union.reference.places import PlaceAmbiguous, PlaceNotFound, PlaceResolver, resolve_place
from friendship_union.reference.services import place_fill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ca_mau(reference_data):
    make_identity()


# (as staff typed it, the unit as recorded, its era, the current unit it became)
KNOWN_MAPPINGS = [
    (
        "Đông Thới, Cái Nước",
        "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau",
        Era.LEGACY,
        "Xã Cái Nước, Tỉnh Cà Mau",
    ),
    ("Đất Mũi, Ngọc Hiển", "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau", Era.LEGACY, "Xã Đất Mũi, Tỉnh Cà Mau"),
    (
        "Vĩnh Trạch Đông, TP Bạc Liêu, tỉnh Bạc Liêu",
        "Xã Vĩnh Trạch Đông, Thành phố Bạc Liêu, Tỉnh Bạc Liêu",
        Era.LEGACY,
        "Phường Hiệp Thành, Tỉnh Cà Mau",
    ),
    (
        "Phường 1, thành phố Bạc Liêu, Bạc Liêu",
        "Phường 1, Thành phố Bạc Liêu, Tỉnh Bạc Liêu",
        Era.LEGACY,
        "Phường Bạc Liêu, Tỉnh Cà Mau",
    ),
    (
        "Thị trấn Cái Nước",
        "Thị trấn Cái Nước, Huyện Cái Nước, Tỉnh Cà Mau",
        Era.LEGACY,
        "Xã Cái Nước, Tỉnh Cà Mau",
    ),
    (
        "Khánh Bình Tây, Trần Văn Thời",
        "Xã Khánh Bình Tây, Huyện Trần Văn Thời, Tỉnh Cà Mau",
        Era.LEGACY,
        "Xã Đá Bạc, Tỉnh Cà Mau",
    ),
    (
        "Hồ Thị Kỷ, Thới Bình",
        "Xã Hồ Thị Kỷ, Huyện Thới Bình, Tỉnh Cà Mau",
        Era.LEGACY,
        "Xã Hồ Thị Kỷ, Tỉnh Cà Mau",
    ),
    (
        "Phường 5, TP Cà Mau",
        "Phường 5, Thành phố Cà Mau, Tỉnh Cà Mau",
        Era.LEGACY,
        "Phường Tân Thành, Tỉnh Cà Mau",
    ),
    ("Khánh Hòa, U Minh", "Xã Khánh Hòa, Huyện U Minh, Tỉnh Cà Mau", Era.LEGACY, "Xã U Minh, Tỉnh Cà Mau"),
    (
        "xã Đông Thới, huyện Cái Nước, tỉnh Cà Mau",
        "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau",
        Era.LEGACY,
        "Xã Cái Nước, Tỉnh Cà Mau",
    ),
    ("Xã Cái Nước, Cà Mau", "Xã Cái Nước, Tỉnh Cà Mau", Era.CURRENT, "Xã Cái Nước, Tỉnh Cà Mau"),
]


@pytest.mark.parametrize(("text", "recorded", "era", "current"), KNOWN_MAPPINGS)
def test_known_legacy_to_current_mappings(text, recorded, era, current):
    match = resolve_place(text)
    assert match.recorded.label == recorded
    assert match.recorded.era == era
    assert match.current.label == current
    assert match.latitude is not None and match.longitude is not None


@pytest.mark.parametrize(
    "text",
    [
        "Dong Thoi, Cai Nuoc",
        "  xa   dong thoi ,  huyen cai nuoc ",
        "ĐÔNG THỚI, CÁI NƯỚC",
        "X. Đông Thới, H. Cái Nước, T. Cà Mau",
        "Đông Thới, Cái Nước, Cà Mau",
    ],
)
def test_messy_text_resolves_the_same(text):
    match = resolve_place(text)
    assert match.recorded.label == "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau"


def test_decomposed_unicode_input():
    text = unicodedata.normalize("NFD", "Đông Thới, Cái Nước")
    assert resolve_place(text).current.label == "Xã Cái Nước, Tỉnh Cà Mau"
    assert resolve_place(text).text == "Đông Thới, Cái Nước"  # stored as NFC


def test_without_district_todays_unit_is_preferred_unless_the_date_is_older():
    assert resolve_place("Dat Mui").recorded.label == "Xã Đất Mũi, Tỉnh Cà Mau"
    old = resolve_place("Đất Mũi", on=datetime.date(2012, 3, 8))
    assert old.recorded.label == "Xã Đất Mũi, Huyện Ngọc Hiển, Tỉnh Cà Mau"
    assert old.current.label == "Xã Đất Mũi, Tỉnh Cà Mau"
    assert resolve_place("Đất Mũi", on=datetime.date(2025, 7, 1)).recorded.era == Era.CURRENT


def test_legacy_coordinates_are_the_recorded_units():
    match = resolve_place("Đông Thới, Cái Nước")
    assert (match.latitude, match.longitude) == (match.recorded.latitude, match.recorded.longitude)
    assert match.recorded.latitude != match.current.latitude  # the old commune, not the merged one


def test_place_outside_the_province_when_named():
    match = resolve_place("Phường Ba Đình, Hà Nội")
    assert match.recorded.label == "Phường Ba Đình, Thành phố Hà Nội"


@pytest.mark.parametrize(
    ("text", "recorded"),
    [
        # Hòa Bình is a province (in the north) and a district of Bạc Liêu; Vĩnh Hậu is in the district.
        ("Vĩnh Hậu, Hòa Bình", "Xã Vĩnh Hậu, Huyện Hòa Bình, Tỉnh Bạc Liêu"),
        # Bạc Liêu is a province and a city; several Phường 1 in the province, one in the city.
        ("1, Bạc Liêu", "Phường 1, Thành phố Bạc Liêu, Tỉnh Bạc Liêu"),
    ],
)
def test_a_name_that_is_a_province_and_a_district_reads_as_the_district_the_place_is_in(text, recorded):
    assert resolve_place(text).recorded.label == recorded


def test_a_province_named_with_its_type_word_stays_the_province():
    with pytest.raises(PlaceNotFound):
        resolve_place("Vĩnh Hậu, tỉnh Hòa Bình")


def test_unknown_place_lists_the_closest_candidates():
    with pytest.raises(PlaceNotFound) as error:
        resolve_place("xa dong thoj, cai nuoc")
    message = str(error.value)
    assert "Không tìm thấy địa danh “xa dong thoj”" in message
    assert "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau (trước 2025)" in message
    assert any(u.key == "dong thoi" for u in error.value.candidates)


def test_unknown_district_is_named():
    with pytest.raises(PlaceNotFound, match="Cai Nuocc"):
        resolve_place("Đông Thới, Cai Nuocc")


def test_ambiguous_place_says_what_to_add():
    with pytest.raises(PlaceAmbiguous) as error:
        resolve_place("Phường 5")
    assert "Hãy ghi thêm huyện hoặc tỉnh" in str(error.value)
    assert len(error.value.candidates) == 2


def test_empty_place():
    with pytest.raises(PlaceNotFound, match="Chưa nhập địa bàn"):
        resolve_place("   ")


def test_one_resolver_serves_many_rows_with_few_queries(django_assert_max_num_queries):
    resolver = PlaceResolver(default_province="Cà Mau")
    resolver.resolve("Đông Thới, Cái Nước")
    with django_assert_max_num_queries(0):
        for _ in range(50):
            resolver.resolve("Đông Thới, Cái Nước")


class Located(PlaceFields):
    class Meta:
        app_label = "reference"
        managed = False


def test_place_fields_store_recorded_current_and_coordinates():
    record = Located()
    place_fill(record, "Trường Tiểu học, Đông Thới, Cái Nước".split(", ", 1)[1])
    assert record.place_text == "Đông Thới, Cái Nước"
    assert record.place_recorded.label == "Xã Đông Thới, Huyện Cái Nước, Tỉnh Cà Mau"
    assert record.place_current.label == "Xã Cái Nước, Tỉnh Cà Mau"
    assert record.latitude == record.place_recorded.latitude
    assert isinstance(Located._meta.get_field("place_current"), models.ForeignKey)


def test_every_unit_loaded_with_coordinates_and_every_legacy_unit_mapped():
    units = AdministrativeUnit.objects
    assert units.current().filter(level=Level.PROVINCE).count() == 34
    assert units.legacy().filter(level=Level.PROVINCE).count() == 63
    assert units.current().communes().count() == 3321
    assert units.legacy().communes().count() == 10035
    assert not units.communes().filter(latitude__isnull=True).exists()
    assert not units.legacy().filter(current_unit__isnull=True).exists()
    assert not units.legacy().exclude(current_unit__era=Era.CURRENT).exists()
    bac_lieu = units.legacy().get(level=Level.PROVINCE, key="bac lieu")
    assert bac_lieu.current_unit.name == "Tỉnh Cà Mau"


def test_split_commune_keeps_all_successors():
    split = AdministrativeUnit.objects.legacy().communes().filter(successors__isnull=False).distinct().first()
    assert split is not None
    assert split.current_unit in split.successors.all()
    assert split.successors.count() >= 2


def test_unit_types_are_the_nine_real_ones_and_names_are_nfc():
    types = set(AdministrativeUnit.objects.values_list("unit_type", flat=True))
    assert types == {"Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Xã", "Phường", "Thị trấn", "Đặc khu"}
    assert all(unicodedata.is_normalized("NFC", n) for n in AdministrativeUnit.objects.values_list("name", flat=True))
