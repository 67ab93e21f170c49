"""Login throttling: per account and address (django-axes), and per address across accounts.

django-axes counts failures for each lockout criterion and compares the largest count with one limit.
Two criteria are configured (settings.AXES_LOCKOUT_PARAMETERS): the username from an address — five
wrong passwords lock that pair, so nobody elsewhere can lock a colleague out — and the address alone,
which sums failures over every username tried from it (password spraying). An office shares one
address, so that second count gets a higher limit (LOGIN_ADDRESS_FAILURE_LIMIT); this handler scales it
onto axes' single limit, so locked ⇔ pair failures ≥ AXES_FAILURE_LIMIT or address failures ≥
LOGIN_ADDRESS_FAILURE_LIMIT.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        address_limit = max(settings.LOGIN_ADDRESS_FAILURE_LIMIT, 1)
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        pair = counts[0] if counts else 0
        address = counts[1] if len(counts) > 1 else 0
        request.login_locked_by_address = address >= address_limit and pair < limit
        return max(pair, address * limit // address_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that account's failures from that address only: were it to clear
        the address's count too, one valid account would reset a spraying run every 19 guesses."""
        attempts = self.filter_user_attempts(request, credentials)[:1]
        return sum(queryset.delete()[0] for queryset in attempts)
