from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "partners"
urlpatterns = [
    path(_("doi-tac/"), views.partner_list, name="list"),
    path(_("doi-tac/<path:code>/"), views.partner_detail, name="detail"),
]
