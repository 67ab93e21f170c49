import pytest
from django.core.management import call_command

from friendship_union.reference import demo
from friendship_union.reference.models import AdministrativeUnit, Country, Currency, ExchangeRate, Sector

pytestmark = pytest.mark.django_db


def fingerprint():
    return (
        list(
            AdministrativeUnit.objects.order_by("pk").values_list(
                "pk", "era", "level", "code", "name", "parent_id", "current_unit_id", "latitude", "longitude"
            )
        ),
        list(
            AdministrativeUnit.successors.through.objects.order_by("pk").values_list(
                "from_administrativeunit_id", "to_administrativeunit_id"
            )
        ),
        list(Country.objects.order_by("code").values_list("code", "name_vi", "name_en", "aliases")),
        list(Currency.objects.order_by("code").values_list()),
        list(Sector.objects.order_by("code").values_list()),
    )


def test_load_reference_twice_changes_nothing(reference_data):
    before = fingerprint()
    call_command("load_reference", stdout=open("/dev/null", "w"))
    after = fingerprint()
    assert before[0] == after[0]
    assert before[2:] == after[2:]
    assert sorted(before[1]) == sorted(after[1])


@pytest.mark.parametrize(
    ("code", "name_vi", "name_en"),
    [
        ("AU", "Úc", "Australia"),
        ("JP", "Nhật Bản", "Japan"),
        ("US", "Hoa Kỳ", "United States"),
        ("KR", "Hàn Quốc", "South Korea"),
        ("DE", "Đức", "Germany"),
        ("FR", "Pháp", "France"),
        ("GB", "Anh", "United Kingdom"),
        ("NL", "Hà Lan", "Netherlands"),
        ("CH", "Thụy Sĩ", "Switzerland"),
        ("VN", "Việt Nam", "Vietnam"),
    ],
)
def test_country_names_in_vietnamese_and_english(reference_data, code, name_vi, name_en):
    country = Country.objects.get(code=code)
    assert (country.name_vi, country.name_en) == (name_vi, name_en)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Úc", "AU"),
        ("australia", "AU"),
        ("AU", "AU"),
        ("uc", "AU"),
        ("Mỹ", "US"),
        ("Hoa Ky", "US"),
        ("Vương quốc Anh", "GB"),
        ("UK", "GB"),
        ("Nam Hàn", "KR"),
        ("thuy si", "CH"),
        ("Nhật", "JP"),
    ],
)
def test_country_lookup_accepts_names_aliases_and_codes(reference_data, typed, code):
    assert Country.objects.lookup(typed).code == code


def test_country_lookup_unknown(reference_data):
    assert Country.objects.lookup("Xứ Sở Thần Tiên") is None
    assert Country.objects.lookup("") is None


def test_all_iati_countries_and_currencies_loaded(reference_data):
    assert Country.objects.count() == 251
    assert not Country.objects.filter(name_vi="").exists()
    assert Currency.objects.filter(code__in=["USD", "EUR", "AUD", "JPY", "GBP", "KRW", "VND"]).count() == 7
    assert Currency.objects.get(code="VND").decimals == 0
    assert Currency.objects.get(code="JPY").decimals == 0
    assert Currency.objects.get(code="USD").name_vi == "Đô la Mỹ"


@pytest.mark.parametrize(
    ("code", "name_vi"),
    [
        ("111", "Giáo dục (chung)"),
        ("121", "Y tế (chung)"),
        ("130", "Dân số và sức khỏe sinh sản"),
        ("140", "Cấp nước và vệ sinh môi trường"),
        ("151", "Quản lý nhà nước và xã hội dân sự"),
        ("16010", "Bảo trợ xã hội"),
        ("311", "Nông nghiệp"),
        ("410", "Bảo vệ môi trường và ứng phó biến đổi khí hậu"),
        ("740", "Phòng ngừa và ứng phó thiên tai"),
        ("430", "Đa lĩnh vực"),
    ],
)
def test_sector_categories_have_vietnamese_names(reference_data, code, name_vi):
    assert Sector.objects.get(code=code).name_vi == name_vi


def test_every_dac3_category_has_a_vietnamese_name_and_5_digit_codes_their_category(reference_data):
    assert not Sector.objects.filter(vocabulary="2", name_vi="").exists()
    assert Sector.objects.filter(vocabulary="1").count() > 300
    assert Sector.objects.get(code="11220").category_id == "112"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("11220", "11220"),
        ("Giáo dục tiểu học", "11220"),
        ("primary education", "11220"),
        ("Nước sạch và vệ sinh môi trường", "140"),
        ("Xóa đói giảm nghèo", "430"),
        ("Y tế", "121"),
    ],
)
def test_sector_lookup_by_code_or_vietnamese_name(reference_data, typed, code):
    assert Sector.objects.lookup(typed).code == code


def test_demo_rates_2003_to_2026_are_labelled_and_idempotent(reference_data):
    created = demo.load()
    assert created == 6 * 24
    assert demo.load() == 0
    assert ExchangeRate.objects.count() == 144
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {demo.DEMO_SOURCE}
    assert "minh họa" in demo.DEMO_SOURCE
    years = ExchangeRate.objects.filter(currency="USD").dates("date", "year")
    assert [d.year for d in years] == list(range(2003, 2027))
