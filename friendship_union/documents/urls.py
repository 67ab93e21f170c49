from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "documents"
urlpatterns = [
    path(_("van-ban/"), views.document_list, name="list"),
]
