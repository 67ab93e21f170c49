"""`load_demo` counts only demo records as "đã có": a partner or a rate staff added by hand is not one."""

import datetime
import io
from decimal import Decimal

import pytest

from friendship_union.partners import demo as partners_demo
from friendship_union.reference import demo as reference_demo
from friendship_union.reference.models import ExchangeRate

from .factories import make_partner

pytestmark = pytest.mark.django_db


def test_a_partner_added_by_staff_is_not_counted_as_demo(reference_data):
    make_partner(code="STAFF-01", name="Quỹ do cán bộ thêm")
    out = io.StringIO()
    made = partners_demo.load(stdout=out)
    assert out.getvalue().strip() == f"Đối tác minh họa: {made} mới, 0 đã có."
    out = io.StringIO()
    partners_demo.load(stdout=out)
    assert out.getvalue().strip() == f"Đối tác minh họa: 0 mới, {made} đã có."


def test_a_rate_entered_by_staff_is_not_counted_as_demo(reference_data):
    ExchangeRate(currency_id="USD", date=datetime.date(1999, 1, 4), rate=Decimal("13890")).save()
    out = io.StringIO()
    made = reference_demo.load(stdout=out)
    assert out.getvalue().strip() == f"Tỷ giá minh họa 2003–2026: {made} mới, 0 đã có."
