"""WSGI entry point (gunicorn friendship_union.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendship_union.settings")
application = get_wsgi_application()
