from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import public_views

app_name = "aid"
urlpatterns = [
    path(_("vien-tro/"), public_views.aid_list, name="list"),
    path(_("vien-tro/<path:code>/"), public_views.aid_detail, name="detail"),
    path(_("du-lieu-mo/"), public_views.open_data, name="open-data"),
    path(_("du-lieu-mo/datapackage.json"), public_views.data_package, name="datapackage"),
]
