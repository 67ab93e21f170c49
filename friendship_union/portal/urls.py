from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("gioi-thieu/"), views.about, name="about"),
    path(_("tim-kiem/"), views.search, name="search"),
]
