from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "dossiers"
urlpatterns = [
    path(_("tra-cuu-ho-so/"), views.lookup, name="lookup"),
]
