"""Template context shared by every page (public site and admin)."""

from .models import SiteIdentity
from .navigation import main_navigation


def site(request):
    """`site` and `site_identity`: the Union's identity (one query per request); `main_nav`: the
    header sections. The admin reads `site_identity`: Django's login page sets its own `site` (the
    host name, without the sites framework)."""
    identity = SiteIdentity.of_request(request)
    return {"site": identity, "site_identity": identity, "main_nav": main_navigation(request)}
