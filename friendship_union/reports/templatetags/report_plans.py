"""`{% plan_progress start end %}`: the plan's targets for a period and how far they are achieved,
for any page that shows a period's figures (the dashboard includes it) — the same numbers as the
report's "% of plan" column (services.plan_achievement)."""

from django import template

from friendship_union.reports import services

register = template.Library()


@register.inclusion_tag("reports/plan_progress.html")
def plan_progress(start, end):
    period = services.dates_period(start, end)
    return {"rows": services.plan_achievement(period), "period": period}
