"""WSGI entry point (gunicorn friendship_union.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendship_union.settings")
application = get_wsgi_application()

# What loading made (modules, models, URL patterns, translations: about 130.000 objects) lives as long
# as the worker. Frozen, Python's full garbage collections no longer walk it: at ×100 data a full
# collection in a worker that had served a few pages took 39–51 ms, a pause landing on whichever
# request set it off, and takes 5 ms frozen (gc.freeze; the garbage of loading is collected first).
gc.collect()
gc.freeze()
