from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "events"
urlpatterns = [
    path(_("su-kien/"), views.event_list, name="list"),
    path(_("su-kien/<path:code>/"), views.event_detail, name="detail"),
]
