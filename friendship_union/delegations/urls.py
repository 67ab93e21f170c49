from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "delegations"
urlpatterns = [
    path(_("doan-ra-doan-vao/"), views.delegation_list, name="list"),
    path(_("doan-ra-doan-vao/<path:code>/"), views.delegation_detail, name="detail"),
]
