"""Settings for friendship_union: one file, driven by environment variables (see .env.example).

Safe by default: DEBUG is off unless DJANGO_DEBUG=1, and without DEBUG the site refuses to start
lacking DJANGO_SECRET_KEY or DJANGO_ALLOWED_HOSTS.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from friendship_union.core.cache import cache_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
# Build-time commands that neither serve requests nor sign anything may run without production
# variables (a fresh checkout checking its migrations, compiling its catalogs).
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""
BUILD_ONLY_COMMAND = _COMMAND in {"makemigrations", "compile_catalogs", "makemessages", "compilemessages"}

if DEBUG or (BUILD_ONLY_COMMAND and not SECRET_KEY):
    # Development only: a per-checkout key is fine, production must set its own.
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-set-DJANGO_SECRET_KEY-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY chưa được đặt. Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS chưa được đặt. Set DJANGO_ALLOWED_HOSTS, e.g. huunghi.camau.gov.vn."
        )

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Search indexes and lookups on PostgreSQL (core.indexes); nothing on SQLite.
    "django.contrib.postgres",
    "axes",
    "simple_history",
    "import_export",
    # The task queue's table (django.tasks' database backend; TASKS below).
    "django_tasks_db",
    "friendship_union.core",
    "friendship_union.reference",
    "friendship_union.organizations",
    "friendship_union.partners",
    "friendship_union.aid",
    "friendship_union.delegations",
    "friendship_union.diaspora",
    "friendship_union.events",
    "friendship_union.documents",
    "friendship_union.news",
    # After the records its albums attach to (demo loaders and sitemaps run in this order).
    "friendship_union.gallery",
    "friendship_union.dashboard",
    "friendship_union.appeals",
    # Approval dossiers (between the dashboard and the aid floor: the demo uses aid items and partners).
    "friendship_union.dossiers",
    "friendship_union.reports",
    # Reminders by e-mail (beside the dashboard: reads the records' figures, sends what is due).
    "friendship_union.reminders",
    # The top floor: home, about, search, sitemaps, partner pages, demo orchestration.
    "friendship_union.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Early: a NUL byte (%00) anywhere is a 400 before any view or the database sees it.
    "friendship_union.core.middleware.RefuseNulMiddleware",
    # The records versions kept figures and cached pages are keyed by: read once per request.
    "friendship_union.core.middleware.VersionsPerRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside authentication and messages: public pages for anonymous readers from the shared cache.
    "friendship_union.core.pagecache.AnonymousPageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "friendship_union.urls"
WSGI_APPLICATION = "friendship_union.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "friendship_union.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite for the quick start, PostgreSQL (DATABASE_URL) for tests and production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quick start's SQLite builds the dashboard's covering indexes without their extra columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: on the dashboard's aggregates (tens of thousands of rows) compiling costs
    # 70–110 ms per query and saves almost nothing; short queries never benefit.
    # random_page_cost 1.1 (PostgreSQL's default 4 models spinning disks): the whole database fits in
    # memory or on an SSD, where reading an index is not 4× dearer than a scan. With 4 the planner
    # scanned a certificate's 351 permitted provinces 11.600 times for the coverage alert (1,68 s at
    # ×100) instead of using their index (0,43 s).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
    # Django's backend, which computes the figures a transaction's writes moved just before it commits
    # (core.versioning.compute_at_commit): the first reader after a save finds them kept.
    DATABASES["default"]["ENGINE"] = "friendship_union.core.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's Redis cache made a client per read: core.cache's keeps it.
CACHES = {"default": cache_config(env.str("CACHE_URL", default="locmemcache://"))}
# Public pages for anonymous readers kept in the cache (core.pagecache) at most this long (0: off); a
# write to the records empties them at once, the time bounds what no write marks (a scheduled article).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Once a write commits, the task worker computes the figures it moved (core.versioning.refresh_figures),
# so the next reader of the home page, the lists and the dashboard does not wait for them (0: off; the
# first reader computes them).
FIGURES_REFRESH_ON_WRITE = env.bool("FIGURES_REFRESH_ON_WRITE", default=True)
# On PostgreSQL, the quickest of those figures (AppConfig.figures_at_commit: the home page's, the
# lists') are computed inside the writing transaction just before it commits
# (core.versioning.compute_at_commit), so not even the first reader after a save waits for them; a
# save takes that much longer (0: off).
FIGURES_AT_COMMIT = env.bool("FIGURES_AT_COMMIT", default=True)
PAGE_CACHE_NAMESPACES = {
    "portal",
    "partners",
    "aid",
    "appeals",
    "delegations",
    "events",
    "diaspora",
    "documents",
    "gallery",
    "news",
}
# The open-data page learns files' sizes as they are downloaded (kept outside the records version).
PAGE_CACHE_EXCLUDE = {"aid:open-data"}
# The apps whose records a namespace's public pages show (besides the site's identity, leaders, office
# units, comments and calls for aid: the pages version, always in the key). Their cached pages stay
# current through writes to other apps (core.versioning); a namespace not listed here depends on all.
# A page that starts showing another app's records must add it here.
PAGE_CACHE_READS = {
    "aid": frozenset({"aid", "partners", "reference", "gallery"}),
    "delegations": frozenset({"delegations", "partners", "reference", "gallery"}),
    "events": frozenset({"events", "partners", "reference", "gallery"}),
    "documents": frozenset({"documents"}),
    "diaspora": frozenset({"diaspora", "reference"}),
}

# Background tasks (Django's django.tasks). The queue is a PostgreSQL table (django-tasks-db), worked
# by `manage.py db_worker`; another backend (Celery, RQ…) is a matter of TASKS_BACKEND and its package.
# Tests run tasks at once in the caller (django.tasks.backends.immediate.ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail: EMAIL_URL (smtp+tls://user:password@host:587 for STARTTLS, smtp+ssl://…:465, smtp://host:25,
# consolemail://), the console in development. DJANGO_SITE_URL makes the links in e-mails absolute.
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://127.0.0.1:25")
_email = env.email_url_config(EMAIL_URL)
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": _email.get("EMAIL_HOST") or "127.0.0.1",
        "port": _email.get("EMAIL_PORT"),
        "username": _email.get("EMAIL_HOST_USER") or None,
        "password": _email.get("EMAIL_HOST_PASSWORD") or None,
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="huunghi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses any login while the username/IP pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's default hashers (PBKDF2, 1.500.000 rounds: half a second a password, as it should be). The
# test suite alone swaps in a fast one (testing_env.py): it makes hundreds of accounts and logins.
if env("FU_TEST_FAST_PASSWORD_HASHER", default=""):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "Matkhau123", "Huunghi@123", "caMau2026!": zxcvbn with Vietnamese words and a breached-password list.
    {"NAME": "friendship_union.core.passwords.VietnamesePasswordValidator"},
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes): the 6th attempt after 5 failures is refused, even with the right password.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Two counts (core.throttle): a username from an address (5), and an address over all usernames (20,
# LOGIN_ADDRESS_FAILURE_LIMIT: an office shares one address). Addresses come from core.net.client_address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "friendship_union.core.throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "friendship_union.core.net.client_address"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False

# Locale: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [
    BASE_DIR / "friendship_union" / "locale",
    # Vietnamese for Django/django-import-export strings their own catalogs lack (kept by hand).
    BASE_DIR / "friendship_union" / "locale_thirdparty",
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy and 1.234.567 (vi) / 1,234,567 (en) live in friendship_union/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["friendship_union.formats"]
# Grouping is applied explicitly (core's `number` filters), so years and ids never print as "2.015".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Where `manage.py backup` writes its folders (personal contacts inside: never under a served path).
BACKUP_ROOT = env.path("DJANGO_BACKUP_ROOT", default=BASE_DIR / "backups")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers, on everywhere.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
CSRF_COOKIE_HTTPONLY = True

# Content Security Policy (Django 6): no inline script or style, no third-party origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS-only settings: on in production (DJANGO_HTTPS defaults to on without DEBUG).
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CSP["upgrade-insecure-requests"] = True
# Behind a reverse proxy (nginx): the proxy's own addresses, so that X-Forwarded-For is believed only
# when a request comes from one of them (core.net.client_address); a system check refuses
# DJANGO_BEHIND_PROXY without them.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-simple-history: who changed what and when, for every model staff edit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# django-import-export: pitfalls from ARCHITECTURE.md, settled once for every app.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# A file of more rows than this sent to an admin import page is previewed and written by the task
# worker, its page showing the progress (core/imports_jobs.py); a running import silent for
# IMPORT_STALE_SECONDS (its worker gone) is marked failed — at once when its process on this
# machine is gone.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=500)
IMPORT_STALE_SECONDS = env.int("IMPORT_STALE_SECONDS", default=120)
# /healthz/ready fails the worker when a heartbeat task has waited longer than this (core/health.py).
HEALTH_WORKER_SECONDS = env.int("HEALTH_WORKER_SECONDS", default=120)

# News comments. Closing after N days is a site-wide editorial policy that changes rarely, so it is a
# setting (0 = never close); each article can still switch its comments off in the admin.
NEWS_COMMENTS_CLOSE_AFTER_DAYS = env.int("NEWS_COMMENTS_CLOSE_AFTER_DAYS", default=30)
# At most this many comments per IP address (kept only as a keyed hash) per window, via the cache.
NEWS_COMMENT_RATE_LIMIT = env.int("NEWS_COMMENT_RATE_LIMIT", default=3)
NEWS_COMMENT_RATE_WINDOW_MINUTES = env.int("NEWS_COMMENT_RATE_WINDOW_MINUTES", default=10)
# Expressions of interest in a call for aid: at most this many per address per window.
APPEAL_INTEREST_RATE_LIMIT = env.int("APPEAL_INTEREST_RATE_LIMIT", default=3)
APPEAL_INTEREST_RATE_WINDOW_MINUTES = env.int("APPEAL_INTEREST_RATE_WINDOW_MINUTES", default=30)
# Public look-ups of a dossier's progress (/tra-cuu-ho-so/?ma=…) per client address per window.
DOSSIER_LOOKUP_RATE_LIMIT = env.int("DOSSIER_LOOKUP_RATE_LIMIT", default=30)
DOSSIER_LOOKUP_RATE_WINDOW_MINUTES = env.int("DOSSIER_LOOKUP_RATE_WINDOW_MINUTES", default=10)
# More links than this in one comment is almost always spam.
NEWS_COMMENT_MAX_LINKS = env.int("NEWS_COMMENT_MAX_LINKS", default=2)

# Demo accounts are created only in development (DJANGO_DEBUG=1).
DEMO_MODE = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Site name used before the site identity is entered in the admin (any provincial Union).
DEFAULT_UNION_NAME = _("Liên hiệp các tổ chức hữu nghị")
