from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "gallery"
urlpatterns = [
    path(_("thu-vien-anh/"), views.album_list, name="list"),
    path(_("thu-vien-anh/<slug:slug>/"), views.album_detail, name="detail"),
]
