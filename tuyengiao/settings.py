"""The single settings module. Every deployment difference comes from the environment.

Development defaults (``DEBUG`` on, embedded SQLite, a throw-away secret key) let
``make run`` work on a fresh machine. ``TG_PRODUCTION=true`` switches to production
mode, which refuses to start without a real secret key and allowed hosts and turns
on every setting that ``manage.py check --deploy`` asks for.

Environment variables (read by ``tuyengiao/lib/env.py``; any of them may instead come from a file named by
``NAME_FILE``, e.g. ``SECRET_KEY_FILE``, for Docker/systemd credentials). Booleans accept 1/0, true/false,
yes/no, on/off; lists are comma-separated.

  TG_PRODUCTION            false     production mode: requires SECRET_KEY and ALLOWED_HOSTS, turns on the
                                     ``check --deploy`` settings (secure cookies, HSTS, SSL redirect).
  DEBUG                    not TG_PRODUCTION   Django's debug pages.
  SECRET_KEY               a fixed development key (refused in production; at least 50 characters there).
  ALLOWED_HOSTS            127.0.0.1,localhost,testserver (empty in production: must be set).
  CSRF_TRUSTED_ORIGINS     empty     origins (scheme://host) allowed to post, behind a proxy on another origin.
  TG_DATA_DIR              ./var     where the SQLite file (tuyengiao.sqlite3), uploads (media/) and collected
                                     static files (static/) live.
  DATABASE_URL             empty     e.g. postgres://user:pass@host/db; empty means SQLite in TG_DATA_DIR.
  TEST_DATABASE_NAME       test_<database name>   the PostgreSQL test database (parallel runs must differ).
  TG_LOGIN_FAILURE_LIMIT   5         failed logins (per user name and address) before the account is locked.
  TG_LOGIN_COOLOFF_MINUTES 15        how long such a lock lasts.
  TG_SESSION_IDLE_MINUTES  30        idle minutes before a session ends (pages count down before that).
  TG_TASK_REMINDER_DAYS    7,1       days before a task's deadline when reminders go out (followup/reminders.py).
  TG_MAX_UPLOAD_MB         25        uploads larger than this are dropped while they stream in (lib/uploads.py).
  TG_IMPORT_RETENTION_DAYS 30        uploaded report spreadsheets are deleted this many days after their import.
  TG_TASK_BACKEND          database  background tasks: "database" (a worker runs them) or "immediate" (in the
                                     request; tests and small installs).
  EMAIL_HOST               localhost SMTP server (production; development prints mail to the console).
  EMAIL_PORT               25        SMTP port.
  DEFAULT_FROM_EMAIL       tuyengiao@localhost   sender of notifications and reminders.
  TG_MAIL_BATCH_MINUTES    15        notifications are e-mailed in one digest per user once the oldest unmailed
                                     one is this old (reports/notifications.py).
  TG_SITE_URL              empty     the site's address as users reach it (https://tuyengiao.example.vn), put
                                     before the links in e-mails; empty: the links are paths.
  TG_SSL_REDIRECT          true      production only: redirect HTTP to HTTPS (false when the proxy does it).
  TG_HSTS_SECONDS          31536000  production only: Strict-Transport-Security max-age.
  LOG_LEVEL                WARNING   level of the root logger (console).
  TG_LOG_FORMAT            json/text one JSON object per line (default in production) or plain text (lib/logs.py).
  TG_SLOW_REQUEST_MS       1000      a request slower than this is logged at WARNING (lib/logs.py).
  TG_API_RATE              600/minute  calls allowed per API token and window (second, minute, hour, day);
                                     a fixed window in Django's cache (tuyengiao/api/auth.py).
  TG_CACHE_URL             empty     Django's cache: redis://127.0.0.1:6379/1 (Redis, shared by every process
                                     of the server, so the API's rate limit is exact); empty: each process keeps
                                     its own in memory (development, tests).
  TG_FIGURE_CACHE_SECONDS  604800    how long an unused entry of the pivot's figure cache stays (figurecache.py).

Outside this module, ``SOFFICE`` (reports/documents_out.py) names the LibreOffice binary used for PDF papers
(default: ``soffice``, then ``libreoffice`` on the PATH).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tuyengiao.lib.env import ConfigError, envbool, envint, envlist, envrate, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("TG_DATA_DIR", str(BASE_DIR / "var")))

PRODUCTION = envbool("TG_PRODUCTION", False)
DEBUG = envbool("DEBUG", not PRODUCTION)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105 - refused in production
SECRET_KEY = envstr("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    # Real entropy, not only length: "x" * 60 is refused (at least 20 different characters).
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 20:
        raise ImproperlyConfigured(
            "TG_PRODUCTION=true needs a random SECRET_KEY (or SECRET_KEY_FILE): at least 50 characters, at least "
            "20 of them different. Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("TG_PRODUCTION=true needs ALLOWED_HOSTS (comma-separated).")
    if DEBUG:
        raise ImproperlyConfigured("TG_PRODUCTION=true cannot run with DEBUG=true.")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # the widget templates, for FORM_RENDERER
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs' Swagger UI from its own static files (no CDN)
    "tuyengiao.accounts",
    "tuyengiao.ops",
    "tuyengiao.units",
    "tuyengiao.documents",
    "tuyengiao.reports",
    "tuyengiao.meetings",
    "tuyengiao.followup",
    "tuyengiao.people",
    "tuyengiao.dissemination",
    "tuyengiao.awards",
    "tuyengiao.outputs",
    "tuyengiao.networks",
    "tuyengiao.api",
    "tuyengiao.analytics",
    "tuyengiao.portal",
    "tuyengiao.front",
]

MIDDLEWARE = [
    "tuyengiao.lib.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tuyengiao.lib.middleware.ContentSecurityPolicyMiddleware",
    # Anonymous GETs of the public portal (/cong/) answered from the page cache before sessions, CSRF and
    # authentication run (tuyengiao/portal/cache.py).
    "tuyengiao.portal.cache.PortalCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tuyengiao.api.middleware.JsonErrorsMiddleware",
    "tuyengiao.lib.middleware.CleanInputMiddleware",
    "tuyengiao.lib.storage.ServiceUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tuyengiao.accounts.middleware.IdleTimeoutMiddleware",
    "tuyengiao.accounts.middleware.RequireAdminTwoFactorMiddleware",
    "tuyengiao.accounts.middleware.RequirePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that a lock-out answers after authentication has run.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves collected static files; in development runserver serves them from the apps.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "tuyengiao.urls"
WSGI_APPLICATION = "tuyengiao.wsgi.application"

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
                "tuyengiao.accounts.context_processors.session_timeout",
                "tuyengiao.front.navigation.context",
            ],
        },
    }
]

# Forms are rendered with the project's templates (templates/django/forms/field.html: Bootstrap 5).
FORM_RENDERER = "tuyengiao.lib.forms.FormRenderer"

# --- Database -----------------------------------------------------------------
# SQLite by default, tuned for a small multi-user server: WAL journal, a busy
# timeout instead of immediate "database is locked", IMMEDIATE write transactions.
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: our statements are short, and compiling them cost more than it saved (a province's
        # consolidation took 1.1 s with JIT and 0.3 s without; docs/performance.md).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        # Tests use their own database: "test_" + the configured name (test_test for the CI's
        # database `test`), or TEST_DATABASE_NAME, so parallel runs on other databases never clash.
        name = DATABASES["default"].get("NAME") or "tuyengiao"
        DATABASES["default"].setdefault("TEST", {})["NAME"] = envstr("TEST_DATABASE_NAME", f"test_{name}")
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "tuyengiao.sqlite3"),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = envint("TG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("TG_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Tuyên giáo số"

# Sessions end after this many idle minutes; pages show a countdown before that.
SESSION_IDLE_MINUTES = envint("TG_SESSION_IDLE_MINUTES", 30)

# Task reminders go this many days before a deadline (followup/reminders.py), e.g. "7,1".
try:
    TG_TASK_REMINDER_DAYS = tuple(int(day) for day in envlist("TG_TASK_REMINDER_DAYS", "7,1"))
except ValueError as exc:
    raise ConfigError("TG_TASK_REMINDER_DAYS must be whole numbers of days separated by commas, e.g. 7,1") from exc
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Language and formats -----------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tuyengiao.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Uploads larger than this are dropped while they stream in (tuyengiao/lib/uploads.py).
TG_MAX_UPLOAD_MB = envint("TG_MAX_UPLOAD_MB", 25)
TG_IMPORT_RETENTION_DAYS = envint("TG_IMPORT_RETENTION_DAYS", 30)
FILE_UPLOAD_HANDLERS = [
    "tuyengiao.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "tuyengiao.lib.storage.UploadStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Background tasks -----------------------------------------------------------
# django-tasks. "database" (default): tasks wait in the database for the worker,
# `manage.py db_worker` (started by `make run`). "immediate": run at once in the
# web process (the tests use it; handy without a worker, but requests then wait).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = envstr("TG_TASK_BACKEND", "database")
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TG_TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASK_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND]}}

# --- E-mail ---------------------------------------------------------------------
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "tuyengiao@localhost")
TG_MAIL_BATCH_MINUTES = envint("TG_MAIL_BATCH_MINUTES", 15)
TG_SITE_URL = envstr("TG_SITE_URL", "").rstrip("/")
if not PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Security -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("TG_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes from the machine itself speak plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("TG_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Backups serialise datetimes to the microsecond (tuyengiao/ops/serializer.py).
SERIALIZATION_MODULES = {"jsonfull": "tuyengiao.ops.serializer"}

TG_SLOW_REQUEST_MS = envint("TG_SLOW_REQUEST_MS", 1000)

# The open API (tuyengiao/api, docs/api.md): calls per token per window.
TG_API_RATE = envrate("TG_API_RATE", "600/minute")

# The cache: Redis when TG_CACHE_URL names one (shared by the server's processes: one rate-limit window per token,
# not one per process); otherwise Django's per-process memory.
TG_CACHE_URL = envstr("TG_CACHE_URL", "")
if TG_CACHE_URL:
    if not TG_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"TG_CACHE_URL phải là địa chỉ Redis (redis://máy:cổng/số), không phải {TG_CACHE_URL!r}.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TG_CACHE_URL,
            "KEY_PREFIX": "tg",
        }
    }
# Consolidated figures the pivot table keeps in that cache (tuyengiao/reports/figurecache.py): how long an entry
# nobody asks for stays. Entries are keyed by the data they were computed from, so this is memory, not freshness.
TG_FIGURE_CACHE_SECONDS = envint("TG_FIGURE_CACHE_SECONDS", 7 * 24 * 3600)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "tuyengiao.lib.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": envstr("TG_LOG_FORMAT", "json" if PRODUCTION else "text"),
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
USE_THOUSAND_SEPARATOR = True
