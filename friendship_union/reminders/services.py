"""What is due, and sending it.

Four kinds of reminder, each item sent once (a SentReminder row per item key), each to its roles (ROLES):
- certificate: a valid certificate expires within 90, 30 or 7 days (key: certificate, expiry date,
  threshold) — data entry;
- lapsing: an approval older than six months, no implementation (AidItem.objects.lapsing; key: item,
  approval date) — data entry, leadership;
- deadline: from 15 days before the 6-month (30/6) and the annual (31/12) report dates up to the date
  (key: the date) — leadership, data entry;
- digest: weekly, the data-quality figures that are not zero (key: ISO week, figure) — data entry;
- dossier: an approval dossier past a time limit (Dossier.objects.overdue; key: dossier, the missed
  last day) — data entry, leadership.

Every figure is the record app's QuerySet method; every item links to the admin list filtered to it.
"""

import datetime
import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from friendship_union.aid.models import AidItem
from friendship_union.core.roles import DATA_ENTRY, LEADERSHIP, ROLE_GROUPS
from friendship_union.core.templatetags.vn import number
from friendship_union.core.text import ddmmyyyy
from friendship_union.delegations.models import Delegation
from friendship_union.dossiers.models import Dossier, Stage
from friendship_union.partners.models import Partner, RegistrationCertificate

from .models import ReminderKind, SentReminder

logger = logging.getLogger(__name__)

CERTIFICATE_THRESHOLDS = (7, 30, 90)  # days before expiry; the tightest one reached is due
DEADLINE_NOTICE_DAYS = 15
ROLES = {
    ReminderKind.CERTIFICATE: (DATA_ENTRY,),
    ReminderKind.LAPSING: (DATA_ENTRY, LEADERSHIP),
    ReminderKind.DEADLINE: (LEADERSHIP, DATA_ENTRY),
    ReminderKind.DIGEST: (DATA_ENTRY,),
    ReminderKind.DOSSIER: (DATA_ENTRY, LEADERSHIP),
}
# A PostgreSQL advisory lock's number: two runs at once send nothing twice.
LOCK_ID = 1808


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    link: str  # a path on the site (the filtered admin list)
    due_since: datetime.date
    count: int | None = None  # the digest's figures


@dataclass
class Notice:
    """One e-mail: a kind's items not yet sent."""

    kind: str
    today: datetime.date
    items: list[Item] = field(default_factory=list)

    @property
    def roles(self) -> tuple[str, ...]:
        return ROLES[self.kind]

    @property
    def role_names(self) -> list[str]:
        return [ROLE_GROUPS[role] for role in self.roles]

    @property
    def subject(self) -> str:
        n = len(self.items)
        if self.kind == ReminderKind.CERTIFICATE:
            return ngettext("Giấy đăng ký sắp hết hạn: %(n)s giấy", "Giấy đăng ký sắp hết hạn: %(n)s giấy", n) % {
                "n": n
            }
        if self.kind == ReminderKind.LAPSING:
            return ngettext(
                "Phê duyệt quá 6 tháng chưa triển khai: %(n)s khoản viện trợ",
                "Phê duyệt quá 6 tháng chưa triển khai: %(n)s khoản viện trợ",
                n,
            ) % {"n": n}
        if self.kind == ReminderKind.DOSSIER:
            return ngettext("Hồ sơ phê duyệt quá hạn: %(n)s hồ sơ", "Hồ sơ phê duyệt quá hạn: %(n)s hồ sơ", n) % {
                "n": n
            }
        if self.kind == ReminderKind.DEADLINE:
            return _("Sắp đến hạn báo cáo: %(what)s") % {"what": "; ".join(item.text for item in self.items)}
        year, week, _day = self.today.isocalendar()
        return _("Bản tin chất lượng dữ liệu tuần %(week)s/%(year)s") % {"week": week, "year": year}

    @property
    def intro(self) -> str:
        return {
            ReminderKind.CERTIFICATE: _("Các giấy đăng ký của đối tác sau sắp hết hạn; cần nhắc đối tác gia hạn."),
            ReminderKind.LAPSING: _(
                "Các khoản viện trợ sau đã phê duyệt hơn 6 tháng mà chưa triển khai; quyết định phê duyệt "
                "có thể hết hiệu lực."
            ),
            ReminderKind.DEADLINE: _("Sắp đến hạn báo cáo định kỳ về viện trợ phi chính phủ nước ngoài."),
            ReminderKind.DIGEST: _("Những hồ sơ cần bổ sung hoặc kiểm tra lại trong tuần này."),
            ReminderKind.DOSSIER: _(
                "Các hồ sơ phê duyệt sau đã quá thời hạn của bước đang xử lý hoặc có cơ quan chưa trả lời ý kiến "
                "đúng hạn."
            ),
        }[self.kind]


def _admin(name: str, **params) -> str:
    return reverse(f"admin:{name}_changelist") + ("?" + urlencode(params) if params else "")


def certificate_items(today: datetime.date) -> list[Item]:
    items = []
    certificates = RegistrationCertificate.objects.expiring_within(max(CERTIFICATE_THRESHOLDS)).select_related(
        "partner"
    )
    for certificate in certificates:
        days = (certificate.expiry_date - today).days
        threshold = min(t for t in CERTIFICATE_THRESHOLDS if days <= t)
        text = _("%(partner)s — giấy số %(number)s hết hạn %(date)s (còn %(days)s ngày)") % {
            "partner": certificate.partner.name,
            "number": certificate.number,
            "date": ddmmyyyy(certificate.expiry_date),
            "days": days,
        }
        items.append(
            Item(
                key=f"certificate:{certificate.pk}:{certificate.expiry_date:%Y%m%d}:{threshold}",
                text=text,
                link=_admin("partners_registrationcertificate", sap_het_han=threshold),
                due_since=certificate.expiry_date - datetime.timedelta(days=threshold),
            )
        )
    return items


def lapsing_items(today: datetime.date) -> list[Item]:
    link = _admin("aid_aiditem", qua_han_trien_khai=1)
    return [
        Item(
            key=f"lapsing:{pk}:{approved:%Y%m%d}",
            text=_("%(code)s — %(title)s (phê duyệt %(date)s)")
            % {"code": code, "title": title, "date": ddmmyyyy(approved)},
            link=link,
            due_since=approved + datetime.timedelta(days=184),
        )
        for pk, code, title, approved in AidItem.objects.lapsing(today).values_list(
            "pk", "code", "title", "approval_date"
        )
    ]


def dossier_items(today: datetime.date) -> list[Item]:
    link = _admin("dossiers_dossier", qua_han=1)
    return [
        Item(
            key=f"dossier:{pk}:{due:%Y%m%d}",
            text=_("%(code)s — %(stage)s, hạn %(date)s")
            % {"code": code, "stage": Stage(stage).label, "date": ddmmyyyy(due)},
            link=link,
            due_since=due + datetime.timedelta(days=1),
        )
        for pk, code, stage, due in Dossier.objects.overdue(today).values_list("pk", "code", "stage", "next_due_on")
    ]


def deadline_items(today: datetime.date) -> list[Item]:
    items = []
    for deadline, half in ((datetime.date(today.year, 6, 30), 1), (datetime.date(today.year, 12, 31), 2)):
        start = deadline - datetime.timedelta(days=DEADLINE_NOTICE_DAYS)
        if not start <= today <= deadline:
            continue
        if half == 1:
            what = _("báo cáo 6 tháng đầu năm %(year)s, hạn %(date)s") % {
                "year": today.year,
                "date": ddmmyyyy(deadline),
            }
            link = reverse("dashboard:index") + "?" + urlencode({"tu": today.year, "nua": 1})
        else:
            what = _("báo cáo năm %(year)s, hạn %(date)s") % {"year": today.year, "date": ddmmyyyy(deadline)}
            link = reverse("dashboard:index") + "?" + urlencode({"tu": today.year, "den": today.year})
        items.append(Item(key=f"deadline:{deadline:%Y%m%d}", text=what, link=link, due_since=start))
    return items


def digest_figures(today: datetime.date) -> list[tuple[str, str, object, str]]:
    """(figure, label, queryset, filtered admin list) — each queryset a record app's QuerySet method and
    each list that app's admin filter of the same method (a test holds the counts equal)."""
    return [
        (
            "implementing_without_approval",
            _("Khoản viện trợ đang thực hiện nhưng chưa có số quyết định phê duyệt"),
            AidItem.objects.implementing_without_approval(),
            _admin("aid_aiditem", chat_luong="thieu_so_phe_duyet"),
        ),
        (
            "without_place_or_sector",
            _("Khoản viện trợ chưa có địa bàn hoặc lĩnh vực"),
            AidItem.objects.without_place_or_sector(),
            _admin("aid_aiditem", chat_luong="thieu_dia_ban_linh_vuc"),
        ),
        (
            "no_recent_disbursement",
            _("Khoản viện trợ đang thực hiện, 6 tháng chưa giải ngân"),
            AidItem.objects.no_recent_disbursement(today),
            _admin("aid_aiditem", chat_luong="chua_giai_ngan_6_thang"),
        ),
        (
            "funders_without_valid_certificate",
            _("Nhà tài trợ chưa có giấy đăng ký còn hiệu lực"),
            Partner.objects.funders_without_valid_certificate(),
            _admin("partners_partner", chat_luong="tai_tro_thieu_giay_phep"),
        ),
        (
            "outside_certificate_coverage",
            _("Khoản viện trợ ngoài phạm vi giấy đăng ký của tổ chức phi chính phủ nước ngoài"),
            AidItem.objects.outside_certificate_coverage(),
            _admin("aid_aiditem", chat_luong="ngoai_pham_vi_giay_dang_ky"),
        ),
        (
            "delegations_without_partner_or_country",
            _("Đoàn chưa có đối tác hoặc quốc gia"),
            Delegation.objects.without_partner_or_country(),
            _admin("delegations_delegation", chat_luong="thieu_doi_tac_quoc_gia"),
        ),
        (
            "delegations_missing_entry_notice",
            _("Đoàn vào từ nước ngoài chưa có thông báo nhập cảnh"),
            Delegation.objects.missing_entry_notice(),
            _admin("delegations_delegation", chat_luong="thieu_thong_bao_nhap_canh"),
        ),
        (
            "disbursed_over_committed",
            _("Khoản viện trợ giải ngân vượt giá trị cam kết"),
            AidItem.objects.disbursed_over_committed(),
            _admin("aid_aiditem", chat_luong="giai_ngan_vuot_cam_ket"),
        ),
    ]


def digest_items(today: datetime.date) -> list[Item]:
    year, week, _day = today.isocalendar()
    monday = today - datetime.timedelta(days=today.weekday())
    items = []
    for name, label, queryset, link in digest_figures(today):
        count = queryset.count()
        if count:
            items.append(
                Item(
                    key=f"digest:{year}-W{week:02d}:{name}",
                    text=f"{label}: {number(count)}",
                    link=link,
                    due_since=monday,
                    count=count,
                )
            )
    return items


COLLECTORS = {
    ReminderKind.CERTIFICATE: certificate_items,
    ReminderKind.LAPSING: lapsing_items,
    ReminderKind.DEADLINE: deadline_items,
    ReminderKind.DIGEST: digest_items,
    ReminderKind.DOSSIER: dossier_items,
}


def due(today: datetime.date | None = None) -> list[Notice]:
    """The notices with items not sent yet, one per kind that has any."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        found = {kind: collect(today) for kind, collect in COLLECTORS.items()}
    keys = [item.key for items in found.values() for item in items]
    sent = set(SentReminder.objects.filter(key__in=keys).values_list("key", flat=True))
    notices = []
    for kind, items in found.items():
        waiting = [item for item in items if item.key not in sent]
        if waiting:
            notices.append(Notice(kind=kind, today=today, items=waiting))
    return notices


def recipients_by_role() -> dict[str, list[str]]:
    """{role: e-mail addresses of its active staff}, in one query."""
    names = {name: role for role, name in ROLE_GROUPS.items()}
    rows = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=list(names))
        .exclude(email="")
        .values_list("groups__name", "email")
    )
    found: dict[str, set[str]] = {role: set() for role in ROLE_GROUPS}
    for group, address in rows:
        found[names[group]].add(address)
    return {role: sorted(addresses) for role, addresses in found.items()}


def recipients(roles, by_role: dict[str, list[str]] | None = None) -> list[str]:
    """The e-mail addresses of the active staff in these roles (groups)."""
    by_role = by_role if by_role is not None else recipients_by_role()
    return sorted({address for role in roles for address in by_role[role]})


def render(notice: Notice) -> EmailMultiAlternatives:
    """The e-mail of a notice (without recipients): Vietnamese, a plain-text part and an HTML one."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"notice": notice, "site_url": settings.SITE_URL, "subject": notice.subject}
        text = render_to_string("reminders/email.txt", context)
        html = render_to_string("reminders/email.html", context)
    message = EmailMultiAlternatives(subject=context["subject"], body=text, from_email=settings.DEFAULT_FROM_EMAIL)
    message.attach_alternative(html, "text/html")
    return message


def send_due(today: datetime.date | None = None) -> dict:
    """Send every notice due, one e-mail per recipient, and record its items as sent — in one transaction,
    under a lock: a failed send records nothing (the next run tries again), two runs send nothing twice.
    A notice whose roles have no one with an e-mail address waits. Returns {"sent": e-mails, "items": n,
    "waiting": items}."""
    today = today or timezone.localdate()
    result = {"sent": 0, "items": 0, "waiting": 0}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        notices = due(today)
        by_role = recipients_by_role()
        for notice in notices:
            to = recipients(notice.roles, by_role)
            if not to:
                logger.warning(
                    "Reminder %s has no recipient: no active user with an e-mail in %s", notice.kind, notice.roles
                )
                result["waiting"] += len(notice.items)
                continue
            message = render(notice)
            messages = []
            for address in to:
                copy = EmailMultiAlternatives(
                    subject=message.subject, body=message.body, from_email=message.from_email, to=[address]
                )
                copy.alternatives = message.alternatives
                messages.append(copy)
            with mailers.default as mail:
                mail.send_messages(messages)
            now = timezone.now()
            SentReminder.objects.bulk_create(
                SentReminder(
                    kind=notice.kind,
                    key=item.key,
                    text=item.text[:400],
                    link=item.link,
                    recipients=", ".join(to),
                    sent_at=now,
                )
                for item in notice.items
            )
            result["sent"] += len(messages)
            result["items"] += len(notice.items)
    return result


def health(today: datetime.date | None = None) -> tuple[str, bool, str]:
    """The mail queue for `manage.py healthcheck`: items due since before yesterday and still unsent mean
    the daily run is not running, its mail is refused, or a role has no one to send to."""
    today = today or timezone.localdate()
    stale = [
        item for notice in due(today) for item in notice.items if item.due_since < today - datetime.timedelta(days=1)
    ]
    if stale:
        return (
            "mail-queue",
            False,
            f"{len(stale)} reminders due since {ddmmyyyy(min(i.due_since for i in stale))} unsent",
        )
    return ("mail-queue", True, "no reminder waiting")
