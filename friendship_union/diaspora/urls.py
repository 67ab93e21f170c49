from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "diaspora"
urlpatterns = [
    path(_("kieu-bao/"), views.overview, name="list"),
]
