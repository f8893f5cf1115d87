"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The embedded database lives under var/ (git-ignored) so a new user runs the app at once;
# production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers queue for SQLite's single write lock from the start of their transaction
    # instead of failing with "database is locked" when two of them meet (runserver threads,
    # the browser tests' live server); PostgreSQL locks rows and needs none of this.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )


def _kept_open(database: dict) -> dict:
    """Each app server thread keeps its connection for CONN_MAX_AGE seconds (checked before
    reuse) instead of opening one per request: a new PostgreSQL connection forks a server process
    and fills its catalogue cache again, 15–20 ms before a person's page has read anything (the
    same queries take 1 ms on a kept connection). N servers × workers × threads connections
    stay open, within the database's max_connections."""
    database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    database["CONN_HEALTH_CHECKS"] = True
    return database


def _without_jit(database: dict) -> dict:
    """PostgreSQL compiles a query whose estimated cost passes jit_above_cost: the dashboard's
    funnel over a whole academy spent 52 of its 74 ms compiling (issue 17). The app's queries
    are short reads of indexes, which never repay the compilation: JIT is off for its
    connections (a report run by hand in psql keeps the server's setting)."""
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return database


_kept_open(_without_jit(DATABASES["default"]))
# Reports may read from a PostgreSQL streaming replica (core/replica.py decides which reads);
# without DATABASE_REPLICA_URL everything runs on the one database.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = _kept_open(_without_jit(env.db("DATABASE_REPLICA_URL")))
DATABASE_ROUTERS = ["core.replica.PrimaryReplicaRouter"]
# After a write, the writer's browser reads from the primary for this long (no stale page);
# /healthz fails when the replica is further behind than REPLICA_MAX_LAG_SECONDS.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The dashboard's covering indexes include columns for PostgreSQL's index-only scans; SQLite,
# the embedded default, builds them without those columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's own widget templates, for the form renderer below.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "accounts.apps.SignInRecordsConfig",  # django-axes, named in Vietnamese
    "csp",
    "core",
    "accounts",
    "units",
    "members",
    "resolutions",
    "reports",
    "spreadsheets",
    "paperwork",
    "handoff",
    "demodata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SessionRenewalMiddleware",
    "config.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.replica.ReplicaRoutingMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    }
]

# Widgets render with the project's templates too (templates/members/widgets/).
# Django's TemplatesSetting, its plainest widgets written in Python (core/rendering.py).
FORM_RENDERER = "core.rendering.FastWidgetRenderer"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first. Source strings are written in Vietnamese; locale/en holds the English.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Our own formats (dd/mm/yyyy in both languages) override Django's locale defaults.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files (signed resolution scans) are confidential: kept outside the static root and
# served only through views that check scope.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
RESOLUTION_SCAN_MAX_BYTES = env.int("RESOLUTION_SCAN_MAX_BYTES", default=10 * 1024 * 1024)
# Each signed scan of a person's file (paperwork.scans): a form of a few pages.
FILE_SCAN_MAX_BYTES = env.int("FILE_SCAN_MAX_BYTES", default=10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_COOKIE_AGE seconds without activity and when the browser closes:
# shared computers in a unit must not stay signed in. Activity renews the session at most once
# every SESSION_RENEW_SECONDS (config.middleware.SessionRenewalMiddleware), not on every
# request: a renewal is a database write and a commit, which every page paid for before.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 30)
SESSION_RENEW_SECONDS = env.int("SESSION_RENEW_SECONDS", default=60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's cell with the user (accounts/backends.py).
    "accounts.backends.ScopedModelBackend",
]
# django-axes: lock a username on the computer it is being guessed from after repeated failed
# logins (locking the username everywhere would let anyone lock a clerk out); an administrator
# unlocks it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a balancer: the proxies whose X-Forwarded-For is believed (core/client_ip.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# A strict Content-Security-Policy: everything from this server only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Figures of the admission procedure that the Army may set differently (Quy định 332-QĐ/TW):
# any key of members.rules.PartyRules can be overridden here.
PARTY_RULES = env.json("PARTY_RULES", default={})

# Working days (core.workdays): days the deployment counts differently from the `holidays`
# package and the built-in table, as JSON: {"2026-01-02": "off", "2026-01-10": "work"}. Run
# `manage.py refresh_due_dates` after changing it.
WORKDAY_OVERRIDES = env.json("WORKDAY_OVERRIDES", default={})

# Paperwork: the place written on generated documents, the worklist's look-ahead and the
# reminder digest's window (both in working days), and the address links in e-mails point to.
DOCUMENT_PLACE = env("DOCUMENT_PLACE", default="Hà Nội")
WORKLIST_HORIZON_WORKING_DAYS = env.int("WORKLIST_HORIZON_WORKING_DAYS", default=60)
REMINDER_WORKING_DAYS = env.int("REMINDER_WORKING_DAYS", default=5)
# The admission plan: a cadet is at risk when the next step's latest safe date is within this
# many working days of today (or past).
PLANNING_AT_RISK_WORKING_DAYS = env.int("PLANNING_AT_RISK_WORKING_DAYS", default=10)
# The dashboard's admission forecast is computed on request for scopes with at most this many
# cadets to plan (a battalion of the 100,000-cadet bench has about 100: a tenth of a second of
# CPU); above (the bench's academy: 1,844, 3 s), it is read from the result stored for the day
# (manage.py refresh_forecasts), and the course what-if asks for a smaller scope.
FORECAST_LIVE_MAX_PEOPLE = env.int("FORECAST_LIVE_MAX_PEOPLE", default=500)
# The dashboard's stage durations are computed live when the scope admitted at most this many
# members in the years of their window (a battalion of the 100,000-cadet bench: about 350);
# above (its academy: 6,700), the day's stored result is read (reports/durations.py).
DURATIONS_LIVE_MAX_ADMISSIONS = env.int("DURATIONS_LIVE_MAX_ADMISSIONS", default=2000)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; keep its warnings (lockouts) only.
    "loggers": {"axes": {"level": "WARNING"}},
}
