from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "appeals"
urlpatterns = [
    path(_("keu-goi-tai-tro/"), views.appeal_list, name="list"),
    path(_("keu-goi-tai-tro/<path:code>/"), views.appeal_detail, name="detail"),
]
