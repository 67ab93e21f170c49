"""Reminders by e-mail: certificates expiring, approvals lapsing, report deadlines, the weekly data-quality
digest — each to the roles whose job it is, each item once."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "friendship_union.reminders"
    verbose_name = _("Nhắc việc qua thư điện tử")
    # What the app contributes to the whole site (core.contributions): `manage.py healthcheck` asks it
    # whether reminders wait unsent (the mail queue).
    health_checks = ["friendship_union.reminders.services.health"]
