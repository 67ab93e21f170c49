"""The public site's main navigation. Sections whose pages are not built yet show as plain text."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("news:list", _("Tin tức")),
    ("partners:list", _("Đối tác")),
    ("aid:list", _("Viện trợ")),
    ("appeals:list", _("Kêu gọi tài trợ")),
    ("delegations:list", _("Đoàn ra – đoàn vào")),
    ("diaspora:list", _("Kiều bào")),
    ("events:list", _("Sự kiện")),
    ("documents:list", _("Văn bản")),
    ("gallery:list", _("Thư viện ảnh")),
    ("portal:about", _("Giới thiệu")),
]


def main_navigation(request) -> list[dict]:
    current = request.path if request is not None else ""
    items = []
    for name, label in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            url = None
        items.append({"label": label, "url": url, "active": bool(url) and current.startswith(url)})
    return items
