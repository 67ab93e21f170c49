"""The dashboard's alert of overdue follow-up actions of monitoring visits (#19 part 3): its count is
the admin list its link opens (filter "quá hạn"), and closing an action there moves both."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from friendship_union.aid.models import FollowUpAction, MonitoringVisit
from friendship_union.aid.services import monitoring_visit_save
from friendship_union.aid.tests.test_iati_rules import save, world  # noqa: F401
from friendship_union.core.tests.factories import UserFactory
from friendship_union.dashboard import services as dashboard

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def action(text, due, closed=None):
    return FollowUpAction(text=text, owner="Ban quản lý xã", due_date=due, closed_on=closed)


def test_overdue_actions_on_the_dashboard_are_the_list_its_link_opens(client, world):  # noqa: F811
    item = save("GS-1", planned_start=datetime.date(2023, 1, 1))
    old = monitoring_visit_save(
        visit=MonitoringVisit(aid_item=item, date=TODAY - datetime.timedelta(days=60), visitors="Nguyễn Văn An"),
        actions=[
            action("Quá hạn một", TODAY - datetime.timedelta(days=1)),
            action("Quá hạn nhưng đã xong", TODAY - datetime.timedelta(days=5), TODAY),
            action("Hạn hôm nay", TODAY),
            action("Quá hạn hai", TODAY - datetime.timedelta(days=30)),
        ],
    )
    alerts = dashboard.alerts()
    assert alerts["overdue_actions_count"] == 2
    assert [a["text"] for a in alerts["overdue_actions"]] == ["Quá hạn hai", "Quá hạn một"]
    client.force_login(UserFactory(username="lanhdao-gs", role="leadership"))
    listing = client.get(alerts["overdue_actions_link"])
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 2
    assert "Quá hạn hai" in listing.content.decode() and "Hạn hôm nay" not in listing.content.decode()
    cache.clear()
    page = client.get("/bang-dieu-khien/").content.decode()
    assert "Việc sau giám sát quá hạn: 2" in page and "Quá hạn hai" in page
    # Data entry closes one from the list; the count follows.
    client.force_login(UserFactory(username="nhaplieu-dong", role="data_entry"))
    first = old.actions.get(text="Quá hạn một")
    response = client.post(
        "/admin/aid/followupaction/", {"action": "close_today", "_selected_action": [first.pk]}, follow=True
    )
    assert "Đã đóng 1 việc." in response.content.decode()
    assert FollowUpAction.objects.overdue().count() == dashboard.alerts()["overdue_actions_count"] == 1
