"""The public look-up of a dossier's progress by its code: the stage and the dates, nothing else — no
note, no agency, no opinion, no name. Rate-limited per client address; never cached."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from friendship_union.core.net import address_hash, client_address, count_submission, rate_limited

from .forms import LookupForm
from .models import Dossier

# What the page may show: nothing else is even read.
PUBLIC_FIELDS = ("code", "kind", "stage", "received_on", "complete_on", "appraised_on", "decision_date",
                 "stage_due_on", "next_due_on")  # fmt: skip


@never_cache  # one reader's look-up is never kept for another (nor by a proxy)
@require_safe
def lookup(request):
    form = LookupForm(request.GET if "ma" in request.GET else None)
    dossier, status = None, 200
    if form.is_bound and form.is_valid():
        hashed = address_hash(client_address(request))
        if rate_limited("dossier-lookup", hashed, settings.DOSSIER_LOOKUP_RATE_LIMIT):
            form.add_error(None, _("Bạn đã tra cứu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."))
            status = 429
        else:
            count_submission("dossier-lookup", hashed, settings.DOSSIER_LOOKUP_RATE_WINDOW_MINUTES * 60)
            code = form.cleaned_data["ma"]
            dossier = Dossier.objects.filter(code__iexact=code).only(*PUBLIC_FIELDS).first()
            if dossier is None:
                form.add_error(
                    "ma",
                    _("Không tìm thấy hồ sơ có mã “%(code)s”. Vui lòng kiểm tra lại mã trên giấy biên nhận.")
                    % {"code": code},
                )
    return render(request, "dossiers/lookup.html", {"form": form, "dossier": dossier}, status=status)
