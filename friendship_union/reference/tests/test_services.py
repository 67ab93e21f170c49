import datetime
from decimal import Decimal

import pytest

from friendship_union.reference.models import ExchangeRate
from friendship_union.reference.services import MissingExchangeRate, RateBook, UnknownCurrency, convert

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rates(reference_data):
    for code, day, rate in [
        ("AUD", datetime.date(2010, 1, 1), "17112"),
        ("AUD", datetime.date(2011, 1, 1), "21115"),
        ("USD", datetime.date(2010, 1, 1), "18600"),
        ("USD", datetime.date(2011, 1, 1), "20500"),
        ("JPY", datetime.date(2010, 1, 1), "211.3636"),
    ]:
        ExchangeRate.objects.create(currency_id=code, date=day, rate=D(rate))


def test_converting_1000_aud_uses_the_rate_in_force_that_day(rates):
    assert convert(D("1000"), "AUD", "VND", on=datetime.date(2010, 12, 31)) == D("17112000")
    assert convert(D("1000"), "AUD", "VND", on=datetime.date(2011, 1, 1)) == D("21115000")
    assert convert(D("1000"), "AUD", "VND", on=datetime.date(2026, 6, 1)) == D("21115000")


def test_cross_currency_goes_through_vnd_and_rounds_to_cents(rates):
    # 1000 AUD × 17112 / 18600 = 920.00 USD
    assert convert(D("1000"), "AUD", "USD", on=datetime.date(2010, 5, 4)) == D("920.00")
    assert convert(D("1234.56"), "AUD", "USD", on=datetime.date(2010, 5, 4)) == D("1135.80")
    assert convert(D("29000000"), "VND", "USD", on=datetime.date(2010, 5, 4)) == D("1559.14")


def test_yen_and_dong_have_no_decimals(rates):
    assert convert(D("1"), "USD", "JPY", on=datetime.date(2010, 5, 4)) == D("88")
    assert convert(D("0.5"), "USD", "VND", on=datetime.date(2010, 5, 4)) == D("9300")


def test_conversion_reports_the_rate_used(rates):
    result = RateBook().convert(D("100"), "USD", "VND", on=datetime.date(2010, 8, 8))
    assert result.amount == D("1860000")
    assert result.rate == D("18600")
    assert result.from_rate_date == datetime.date(2010, 1, 1)


def test_missing_rate_names_currency_and_date(rates):
    with pytest.raises(MissingExchangeRate) as error:
        convert(D("1000"), "AUD", "VND", on=datetime.date(2009, 12, 31))
    message = str(error.value)
    assert "Chưa có tỷ giá AUD áp dụng cho ngày 31/12/2009" in message
    assert "sớm nhất đang có từ ngày 01/01/2010" in message
    assert "Hãy thêm tỷ giá" in message


def test_currency_without_any_rate(rates):
    with pytest.raises(MissingExchangeRate, match="Chưa có tỷ giá nào cho CHF"):
        convert(D("10"), "CHF", "VND", on=datetime.date(2015, 1, 1))


def test_unknown_currency_code(rates):
    with pytest.raises(UnknownCurrency, match="XYZ"):
        convert(D("10"), "XYZ", "VND", on=datetime.date(2015, 1, 1))


def test_decimal_only(rates):
    with pytest.raises(TypeError):
        convert(1000.0, "AUD", "VND", on=datetime.date(2010, 5, 4))


def test_rate_book_reads_each_currency_once(rates, django_assert_num_queries):
    book = RateBook()
    book.convert(D("1"), "AUD", "USD", on=datetime.date(2010, 5, 4))
    with django_assert_num_queries(0):
        for month in range(1, 13):
            book.convert(D("1"), "AUD", "USD", on=datetime.date(2010, month, 1))
