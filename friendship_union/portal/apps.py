"""The top floor: what sits above every app — the home and about pages, site search, sitemap.xml,
the public partner pages (a partner's aid, delegations, events and news), demo orchestration. It
asks each app what it contributes (core.contributions) and may import any app; no app imports it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.portal"
    verbose_name = _("Trang thông tin")
    # Runs last (INSTALLED_APPS): the drawn demo albums attach to events and articles loaded before.
    demo = "friendship_union.portal.demo.load"
    # Computed inside a write's transaction, just before it commits (core.versioning.compute_at_commit):
    # the home page's key figures, the partner directory's filter choices and the pages of the partners
    # whose aid it changed; once it has committed, by the task worker (core.versioning.refresh_figures):
    # every partner page's figures.
    figures_at_commit = [
        "friendship_union.portal.views.home_figures",
        "friendship_union.portal.partner_views.partner_list_choices",
        "friendship_union.portal.partner_views.changed_partner_pages",
    ]
    figures = ["friendship_union.portal.partner_views.partner_pages_figures"]
