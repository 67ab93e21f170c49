from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "news"
urlpatterns = [
    path(_("tin-tuc/"), views.article_list, name="list"),
    path(_("tin-tuc/rss/"), views.ArticleFeed(), name="rss"),
    path(_("tin-tuc/<slug:slug>/"), views.article_detail, name="detail"),
]
