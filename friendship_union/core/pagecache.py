"""Public pages for anonymous readers, served from the shared cache.

A page is kept in the cache under its URL (path and query string), host, language and the versions of
the records it may show (`versioning.page_versions()`: the pages version and the records version,
bumped on every write of anything a public page shows — or, for a namespace that declares the apps
its pages read in settings.PAGE_CACHE_READS, the versions of those apps and of bulk writes), so a
change is on the next request everywhere and every server agrees. PAGE_CACHE_SECONDS (settings) also
bounds what no write marks: a scheduled article's publication time passing, "coming events" moving
with the date.

Who gets a cached page, and who never does:
- only GET/HEAD of the URL names in settings.PAGE_CACHE_NAMESPACES (minus PAGE_CACHE_EXCLUDE);
- never a request carrying a session cookie (every logged-in user — staff — has one; their pages may
  show drafts to preview) or a messages cookie (the page shows that reader's message): those are
  rendered for them and sent with `Cache-Control: private, no-store`;
- only a 200 without cookies of its own, not streamed, not marked private/no-store, from a view that
  left the session unmodified and queued no message, is stored. Set-Cookie is never stored.

Forms: the comment form (article) and the express-interest form (call for aid) carry a CSRF token
bound to the reader's CSRF cookie. The page is stored with the token replaced by a placeholder that
no request can contain (a NUL byte: RefuseNulMiddleware refuses them), and each reader's own token is
put in when the page is served (get_token(), which also makes CsrfViewMiddleware send that reader's
cookie). Those pages get no ETag/Last-Modified (a copy kept by a browser holds an older token).
Other pages get an ETag (content hash) and Last-Modified (time rendered) and answer 304.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from .versioning import page_versions

TOKEN_PLACEHOLDER = b"\x00csrf-token\x00"
TOKEN_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
KEPT_HEADERS_SKIP = {"content-length", "vary", "etag", "last-modified", "expires", "date", "cache-control"}
MESSAGES_COOKIE = "messages"
CACHE_CONTROL = "public, max-age=0, must-revalidate"
PRIVATE = "private, no-cache"


def cacheable_name(match) -> bool:
    if match is None or not match.namespace:
        return False
    namespace = match.namespaces[0]
    if namespace not in settings.PAGE_CACHE_NAMESPACES:
        return False
    return f"{match.namespace}:{match.url_name}" not in settings.PAGE_CACHE_EXCLUDE


def page_key(request) -> str:
    # The apps whose records the namespace's pages show (settings.PAGE_CACHE_READS); not declared: any.
    reads = getattr(settings, "PAGE_CACHE_READS", {}).get(request.resolver_match.namespaces[0])
    versions = ".".join(str(v) for v in page_versions(reads))
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"page:{versions}:{get_language()}:{digest}"


class AnonymousPageCacheMiddleware:
    """See the module docstring. Sits after the authentication and messages middleware (inside them),
    so on the way out it sees the view's response before CSRF, session and messages add theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is not None:
            return self._store(request, response, key)
        if getattr(request, "_page_cache_private", False):
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or request.method not in ("GET", "HEAD") or not cacheable_name(request.resolver_match):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
            request._page_cache_private = True
            return None
        key = page_key(request)
        entry = cache.get(key)
        if entry is None:
            request._page_cache_key = key
            return None
        return self._serve(request, entry)

    def _store(self, request, response, key):
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or any(word in response.get("Cache-Control", "") for word in ("private", "no-store", "no-cache"))
            or getattr(getattr(request, "session", None), "modified", False)
            or getattr(getattr(request, "_messages", None), "added_new", False)
        ):
            return response
        content = response.content
        with_token = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if with_token:
            tokens = set(TOKEN_FIELD.findall(content))
            if len(tokens) != 1:  # the token used somewhere this does not know how to replace: keep no copy
                return response
            content = content.replace(tokens.pop(), TOKEN_PLACEHOLDER)
        entry = {
            "content": content,
            "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in KEPT_HEADERS_SKIP],
            "etag": None if with_token else f'"{hashlib.sha256(content).hexdigest()[:32]}"',
            "rendered": int(time.time()),
            "token": with_token,
        }
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response["X-Page-Cache"] = "miss"
        if with_token:
            response["Cache-Control"] = PRIVATE
            return response
        self._validators(response, entry)
        # The page was rendered again (records changed) but reads the same: the reader's copy is current.
        return get_conditional_response(request, etag=entry["etag"], response=response) or response

    @staticmethod
    def _validators(response, entry):
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["rendered"])
        response["Cache-Control"] = CACHE_CONTROL

    def _serve(self, request, entry):
        from django.http import HttpResponse

        if not entry["token"]:
            not_modified = get_conditional_response(request, etag=entry["etag"], last_modified=entry["rendered"])
            if not_modified is not None:
                self._validators(not_modified, entry)
                patch_vary_headers(not_modified, ("Cookie", "Accept-Language"))
                return not_modified
        content = entry["content"]
        if entry["token"]:
            content = content.replace(TOKEN_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response[name] = value
        if entry["token"]:
            response["Cache-Control"] = PRIVATE
        else:
            self._validators(response, entry)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response["X-Page-Cache"] = "hit"
        return response
