"""The dashboard's alert of overdue approval dossiers: the count, the first few, and the admin list
filtered *quá hạn* that shows the same number."""

import datetime

import pytest
from django.utils import timezone

from friendship_union.dashboard import services as dashboard
from friendship_union.dossiers.tests.test_dossiers import ask, item, make_dossier  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_alert_counts_what_the_filtered_admin_list_shows(admin_client, item, monkeypatch):  # noqa: F811
    monkeypatch.setattr(timezone, "localdate", lambda: D(2025, 3, 4))
    ask(make_dossier(item, code="HS-TRE", complete_on=D(2025, 2, 3)))  # the agency's answer was due 18/2
    make_dossier(item, code="HS-KIP", received_on=D(2025, 3, 3))  # due 6/3
    make_dossier(item, code="HS-XONG", decision_number="1/QĐ", decision_date=D(2025, 2, 1))
    alerts = dashboard.overdue_dossiers()
    assert alerts["dossiers_count"] == 1 and [d["code"] for d in alerts["dossiers"]] == ["HS-TRE"]
    assert alerts["dossiers"][0]["next_due_on"] == D(2025, 2, 18)
    assert alerts["dossiers_link"] == "/admin/dossiers/dossier/?qua_han=1"
    listed = admin_client.get(alerts["dossiers_link"]).context["cl"]
    assert listed.result_count == alerts["dossiers_count"]
