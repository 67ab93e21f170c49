"""The public partner pages (namespace "partners"): they show a partner's aid, delegations, events and
news, so they sit on the top floor with the other pages made of several apps."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import partner_views as views

app_name = "partners"
urlpatterns = [
    path(_("doi-tac/"), views.partner_list, name="list"),
    path(_("doi-tac/<path:code>/"), views.partner_detail, name="detail"),
]
