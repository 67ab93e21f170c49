"""Checks every request passes before any view or the database sees it."""

from django.core.exceptions import BadRequest

from .versioning import versions_read_once

NUL = "\x00"


class RefuseNulMiddleware:
    """A NUL byte (%00) in the path, the query string, a header, a cookie or a submitted form field
    is answered with the 400 page. PostgreSQL cannot hold one in text ("A string literal cannot
    contain NUL"), so past this point it could only end in a 500; no browser sends one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


def _carries_nul(request) -> bool:
    if NUL in request.path_info:
        return True
    headers = (value for name, value in request.META.items() if name.startswith("HTTP_") and isinstance(value, str))
    if any(NUL in value for value in headers) or any(NUL in key + value for key, value in request.COOKIES.items()):
        return True
    if _in_querydict(request.GET):
        return True
    # request.POST is parsed here as CsrfViewMiddleware would parse it; a body it cannot parse raises
    # MultiPartParserError or RequestDataTooBig, which Django answers with a 400 too.
    if request.method == "POST" and (
        _in_querydict(request.POST) or any(NUL in (f.name or "") for f in request.FILES.values())
    ):
        return True
    return False


def _in_querydict(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class VersionsPerRequestMiddleware:
    """The records versions a request's kept figures and cached page are keyed by are read once per
    request (core.versioning.versions_read_once), not once per figure."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with versions_read_once():
            return self.get_response(request)
