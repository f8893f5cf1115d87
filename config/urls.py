from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("django.contrib.auth.urls")),
    # The login page offers the language switch, so switching must work before login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("don-vi/", include("units.urls")),
    path("hoc-vien/", include("members.urls")),
    path("nghi-quyet/", include("resolutions.urls")),
    path("bao-cao/", include("reports.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
