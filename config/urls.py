from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.forms import LoginForm
from accounts.views import home
from core.health import healthz
from reports import views as reports_views

urlpatterns = [
    path("", home, name="home"),
    # Sign-in, sign-out and password change only: there is no self-service password reset by
    # e-mail on a closed network; administrators reset passwords in the app.
    path("login/", auth_views.LoginView.as_view(form_class=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The login page offers the language switch, so switching must work before login.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # For the load balancer: no sign-in, no data (core/health.py).
    path("healthz", healthz, name="healthz"),
    path("don-vi/", include("units.urls")),
    path("hoc-vien/", include("members.urls")),
    path("hoc-vien/", include("paperwork.file_urls")),
    path("nghi-quyet/", include("resolutions.urls")),
    path("bao-cao/", include("reports.urls")),
    # A stable address for scripts and spreadsheets that pull the yearly admissions.
    path(
        "reports/admissions.csv",
        reports_views.export,
        {"table": "admissions", "fmt": "csv"},
        name="admissions_csv",
    ),
    path("giay-to/", include("paperwork.urls")),
    path("ban-giao/", include("handoff.urls")),
    path("nhap-xuat/", include("spreadsheets.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
