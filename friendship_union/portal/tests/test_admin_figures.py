"""Read-only figures in the admin — forms and list columns — are grouped as staff write them:
1.183.500.000, 26.300, 30.000 (not 1183500000, 26300,000000, 30000,00)."""

import pytest
from django.contrib.auth import get_user_model

from friendship_union.aid.models import AidItem
from friendship_union.appeals.models import Appeal
from friendship_union.core.templatetags.vn import number

pytestmark = pytest.mark.django_db


def test_read_only_amounts_and_rates_are_grouped(client, demo):
    item = AidItem.objects.filter(committed_vnd__gte=1_000_000, rate_to_vnd__gte=1000).order_by("pk").first()
    client.force_login(get_user_model().objects.create_superuser("quantri9", "q9@example.com", "x"))
    page = client.get(f"/admin/aid/aiditem/{item.pk}/change/").content.decode()
    vnd = number(item.committed_vnd)  # e.g. "1.183.500.000"
    rate = number(item.rate_to_vnd.normalize())  # e.g. "26.300", not "26300,000000"
    assert f'<div class="readonly">{vnd}</div>' in page
    assert f'<div class="readonly">{rate}</div>' in page
    assert f">{item.committed_vnd}<" not in page


def test_list_columns_are_grouped_too(client, demo):
    client.force_login(get_user_model().objects.create_superuser("quantri9", "q9@example.com", "x"))
    page = client.get("/admin/appeals/appeal/").content.decode()
    budgets = [a.estimated_budget_usd for a in Appeal.objects.all()]
    assert budgets and all(b >= 10_000 for b in budgets)
    for budget in budgets:
        assert f'<td class="field-estimated_budget_usd">{number(budget)}</td>' in page  # "30.000"
        assert f">{budget}<" not in page and str(budget).replace(".", ",") not in page


def test_the_disbursement_list_groups_its_amounts(client, demo):
    import re

    client.force_login(get_user_model().objects.create_superuser("quantri10", "q10@example.com", "x"))
    page = client.get("/admin/aid/disbursement/").content.decode()
    cells = re.findall(r'<td class="field-amount(?:_usd|_vnd)?">([^<]*)<', page)
    assert len(cells) >= 30  # amount, USD and VND of each row shown
    assert any(len(cell) > 5 for cell in cells)
    # "91.773,50" as staff write it, never "91773,50"
    assert all(re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?|-", cell) for cell in cells), cells
