"""WSGI entry point (gunicorn friendship_union.wsgi)."""

import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendship_union.settings")
application = get_wsgi_application()

from friendship_union.core.cache import templates_release  # noqa: E402 (Django is set up above)

templates_release()  # read once, at the worker's start rather than on a reader's request

# What loading made (modules, models, URL patterns, translations: about 130.000 objects) lives as long
# as the worker. Frozen, Python's full garbage collections no longer walk it: at ×100 data a full
# collection in a worker that had served a few pages took 39–51 ms, a pause landing on whichever
# request set it off, and takes 5 ms frozen (gc.freeze; the garbage of loading is collected first).
gc.collect()
gc.freeze()

# What serving its first pages makes lives as long too: compiled templates, the URL resolver's
# patterns, translations and the closures Django builds lazily (about 59.000 objects at ×100 after a
# round of the public pages). Left to the collector, each full collection walked them — one every
# ~6 s of steady serving, 19–50 ms each, the one slow request of every bench run — so they are
# frozen too, once the worker has served this many requests (after the response is sent:
# request_finished). A few times only: what is frozen is never walked again, so garbage that was
# alive then and later forms a cycle is not reclaimed.
FREEZE_AFTER = (20, 200, 2000)
_served = 0


def freeze_what_serving_made(**_kwargs) -> None:
    global _served
    _served += 1
    if _served in FREEZE_AFTER:
        gc.collect()
        gc.freeze()


request_finished.connect(freeze_what_serving_made, dispatch_uid="wsgi.freeze_what_serving_made")
