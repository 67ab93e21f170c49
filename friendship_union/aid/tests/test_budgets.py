"""Yearly budgets of an aid item (#14 part 3): written through the aid item's service with their
history, entered in the admin's inline, checked (a year at most, no overlap within a type), and
published as IATI <budget> elements that pass the XSD and the IATI Standard's ruleset."""

import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from friendship_union.aid.models import AidBudget, AidItem, BudgetStatus, BudgetType, ProviderRole
from friendship_union.aid.services import aid_budget_save, aid_item_save
from friendship_union.core.tests.factories import UserFactory

from .test_aid import aid_form, inline_management
from .test_iati_rules import ORG_ID, assert_valid, fetch, save, set_org_id, world  # noqa: F401

pytestmark = pytest.mark.django_db
D = Decimal
day = datetime.date


def budget(start, end, amount, kind=BudgetType.ORIGINAL, status=BudgetStatus.COMMITTED, currency="AUD"):
    return AidBudget(
        period_start=start, period_end=end, amount=D(amount), currency_id=currency, budget_type=kind, status=status
    )


@pytest.fixture
def two_years(world):  # noqa: F811
    return save(
        "B-2Y",
        planned_start=day(2012, 1, 1),
        planned_end=day(2013, 12, 31),
        committed_amount=D("30000"),
        currency_id="AUD",
        commitment_date=day(2012, 1, 10),
        providers=[(world["lkc"], ProviderRole.FUNDING)],
        sectors=[(world["water"], D(100))],
    )


def test_yearly_budgets_are_published_and_pass_the_rules(client, two_years):
    aid_item_save(
        item=two_years,
        budgets=[
            budget(day(2012, 1, 1), day(2012, 12, 31), "18000"),
            budget(day(2013, 1, 1), day(2013, 12, 31), "12000", status=BudgetStatus.INDICATIVE),
            budget(day(2013, 1, 1), day(2013, 12, 31), "14500.50", kind=BudgetType.REVISED),
        ],
    )
    document = fetch(client)
    warnings = assert_valid(document)  # XSD and 0 error-severity rules
    [activity] = document
    rows = [
        (
            b.get("type"),
            b.get("status"),
            b.xpath("period-start/@iso-date")[0],
            b.xpath("period-end/@iso-date")[0],
            b.findtext("value"),
            b.xpath("value/@currency")[0],
            b.xpath("value/@value-date")[0],
        )
        for b in activity.xpath("budget")
    ]
    assert rows == [
        ("1", "2", "2012-01-01", "2012-12-31", "18000.00", "AUD", "2012-01-01"),
        ("1", "1", "2013-01-01", "2013-12-31", "12000.00", "AUD", "2013-01-01"),
        ("2", "2", "2013-01-01", "2013-12-31", "14500.50", "AUD", "2013-01-01"),
    ]
    assert set(warnings) <= {"102.1.1"}  # the 3-digit category only
    # A year's plan recorded as the item's own budget replaces the one derived from the committed amount.
    one_year = save(
        "B-1Y",
        planned_start=day(2014, 1, 1),
        planned_end=day(2014, 12, 31),
        committed_amount=D("500"),
        currency_id="USD",
        commitment_date=day(2014, 1, 1),
        aid_owner="Sở Y tế",
        sectors=[(two_years.sectors.get().sector, D(100))],
    )
    derived = fetch(client).xpath(f"//iati-activity[iati-identifier='{ORG_ID}-B-1Y']/budget/value/text()")
    assert derived == ["500.00"]
    aid_item_save(item=one_year, budgets=[budget(day(2014, 1, 1), day(2014, 6, 30), "200", currency="USD")])
    recorded = fetch(client).xpath(f"//iati-activity[iati-identifier='{ORG_ID}-B-1Y']/budget/value/text()")
    assert recorded == ["200.00"]


def test_budgets_are_checked_and_nothing_is_saved_when_one_is_wrong(two_years):
    good = [budget(day(2012, 1, 1), day(2012, 12, 31), "1")]
    aid_item_save(item=two_years, budgets=good)
    cases = {
        "dài tối đa một năm": [budget(day(2012, 1, 1), day(2013, 1, 1), "1")],  # 366 days
        "phải sau ngày bắt đầu": [budget(day(2012, 5, 1), day(2012, 5, 1), "1")],
        "không thể âm": [budget(day(2012, 1, 1), day(2012, 6, 30), "-5")],
        "Kỳ ngân sách 01/07/2012–30/06/2013 trùng với kỳ 01/01/2012–31/12/2012 cùng loại (ban đầu)": [
            budget(day(2012, 1, 1), day(2012, 12, 31), "1"),
            budget(day(2012, 7, 1), day(2013, 6, 30), "1"),
        ],
    }
    for message, rows in cases.items():
        with pytest.raises(ValidationError) as error:
            aid_item_save(item=two_years, budgets=rows)
        assert message in str(error.value), (message, error.value)
    assert list(two_years.budgets.values_list("period_start", "amount")) == [(day(2012, 1, 1), D("1.00"))]
    # The same period may have a revised budget beside the original.
    aid_item_save(item=two_years, budgets=[*good, budget(day(2012, 1, 1), day(2012, 12, 31), "2", BudgetType.REVISED)])
    assert two_years.budgets.count() == 2


def test_budgets_keep_their_history_and_a_resave_writes_none(two_years):
    user = UserFactory(username="nhaplieu-ngansach", role="data_entry")
    rows = [budget(day(2012, 1, 1), day(2012, 12, 31), "1000"), budget(day(2013, 1, 1), day(2013, 12, 31), "2000")]
    aid_item_save(item=two_years, budgets=rows, user=user)
    history = AidBudget.history.filter(aid_item_id=two_years.pk)
    assert [(h.history_type, h.history_user_id) for h in history.order_by("history_id")] == [("+", user.pk)] * 2
    same = [budget(day(2012, 1, 1), day(2012, 12, 31), "1000"), budget(day(2013, 1, 1), day(2013, 12, 31), "2000")]
    aid_item_save(item=two_years, budgets=same, user=user)
    assert history.count() == 2  # nothing changed, nothing written
    # One row on its own (the admin inline's path): checked against the item's other budgets.
    with pytest.raises(ValidationError):
        aid_budget_save(budget=AidBudget(aid_item=two_years, **_fields(budget(day(2013, 6, 1), day(2014, 5, 31), "1"))))
    revised = AidBudget(aid_item=two_years, **_fields(budget(day(2013, 1, 1), day(2013, 12, 31), "2500", "2")))
    before = AidItem.objects.get(pk=two_years.pk).updated_at
    aid_budget_save(budget=revised, user=user)
    assert history.count() == 3
    assert AidItem.objects.get(pk=two_years.pk).updated_at > before  # the IATI file's date moves with it


def _fields(row: AidBudget) -> dict:
    return {
        name: getattr(row, name)
        for name in ("period_start", "period_end", "amount", "currency_id", "budget_type", "status")
    }


def test_admin_inline_writes_budgets_and_refuses_overlaps(client, world):  # noqa: F811
    client.force_login(UserFactory(username="nhaplieu-ns", role="data_entry"))
    rows = {
        "budgets-0-period_start": "01/01/2012",
        "budgets-0-period_end": "31/12/2012",
        "budgets-0-amount": "1000",
        "budgets-0-currency": "USD",
        "budgets-0-budget_type": "1",
        "budgets-0-status": "2",
        "budgets-1-period_start": "01/06/2012",
        "budgets-1-period_end": "31/05/2013",
        "budgets-1-amount": "500",
        "budgets-1-currency": "USD",
        "budgets-1-budget_type": "1",
        "budgets-1-status": "1",
    }
    data = aid_form(code="B-ADMIN", **inline_management("budgets", 2), **rows)
    response = client.post("/admin/aid/aiditem/add/", data)
    assert response.status_code == 200
    assert "Kỳ ngân sách 01/06/2012–31/05/2013 trùng với kỳ 01/01/2012–31/12/2012" in response.content.decode()
    assert not AidItem.objects.filter(code="B-ADMIN").exists()
    rows["budgets-1-period_start"], rows["budgets-1-period_end"] = "01/01/2013", "31/12/2013"
    response = client.post(
        "/admin/aid/aiditem/add/", aid_form(code="B-ADMIN", **inline_management("budgets", 2), **rows)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AidItem.objects.get(code="B-ADMIN")
    assert list(item.budgets.values_list("period_start", "amount", "status")) == [
        (day(2012, 1, 1), D("1000.00"), "2"),
        (day(2013, 1, 1), D("500.00"), "1"),
    ]
    assert AidBudget.history.filter(aid_item_id=item.pk, history_user__username="nhaplieu-ns").count() == 2


def test_demo_budgets_and_their_copies_pass_the_rules(client, demo):
    budgeted = list(AidItem.objects.filter(budgets__isnull=False).distinct())
    assert len(budgeted) == 12
    assert AidBudget.objects.filter(budget_type=BudgetType.REVISED).count() == 1
    for item in budgeted:  # the yearly shares add up to the committed amount
        originals = item.budgets.filter(budget_type=BudgetType.ORIGINAL)
        assert sum(b.amount for b in originals) == item.committed_amount
        assert originals.first().period_start == item.planned_start and originals.last().period_end == item.planned_end
    set_org_id()
    document = fetch(client)
    assert_valid(document)
    recorded = document.xpath("//iati-activity[count(budget) > 1]")
    assert len(recorded) == 12
    assert Counter(len(a.xpath("budget")) for a in recorded) == Counter(
        {2: 7, 3: 4, 4: 1}
    )  # one item's second year also revised
    call_command("generate_scale_data", factor=2, stdout=io.StringIO())
    assert (
        AidBudget.objects.filter(aid_item__code__endswith="-S1").count()
        == AidBudget.objects.filter(aid_item__in=budgeted).count()
    )
