"""What a member association's admin page lists of delegations (organizations asks every app's
`association_records`, core.contributions): the delegations it hosted or sent, and the aid items
that followed them. A fixed number of queries, whatever the number of records."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Delegation

SHOWN = 50


def association_records(association) -> list[dict]:
    """Two sections, each {"title", "rows": [{"url", "text", "date", "note"}], "more", "list_url",
    "dated"} (aid item rows have no date or note):
    the association's delegations, newest first, and the aid items that followed them (by code);
    at most SHOWN rows each, "more" when there are others."""
    delegations = list(
        Delegation.objects.filter(host_association=association)
        .order_by("-start_date", "code")
        .only("pk", "code", "title", "direction", "start_date")[: SHOWN + 1]
    )
    # Through the delegations' follow-ups: aid is a sibling app, read by the relation, not imported.
    items = list(
        Delegation.follow_ups.through.objects.filter(delegation__host_association=association)
        .values("aiditem_id", "aiditem__code", "aiditem__title")
        .distinct()
        .order_by("aiditem__code")[: SHOWN + 1]
    )
    return [
        {
            "title": _("Đoàn ra – đoàn vào do hội đón hoặc cử"),
            "rows": [
                {
                    "url": reverse("admin:delegations_delegation_change", args=[d.pk]),
                    "text": f"{d.code} – {d.title}",
                    "date": d.start_date,
                    "note": d.get_direction_display(),
                }
                for d in delegations[:SHOWN]
            ],
            "more": len(delegations) > SHOWN,
            "dated": True,
            "list_url": reverse("admin:delegations_delegation_changelist")
            + f"?host_association__id__exact={association.pk}",
        },
        {
            "title": _("Khoản viện trợ phát sinh từ các đoàn của hội"),
            "rows": [
                {
                    "url": reverse("admin:aid_aiditem_change", args=[row["aiditem_id"]]),
                    "text": f"{row['aiditem__code']} – {row['aiditem__title']}",
                }
                for row in items[:SHOWN]
            ],
            "more": len(items) > SHOWN,
            "list_url": "",
            "dated": False,
        },
    ]
