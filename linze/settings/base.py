"""Settings shared by every environment. Secrets and addresses come from the environment."""

import datetime
from pathlib import Path

import environ
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "guardian",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "linze",
    "agencies",
    "disputes",
    "mediation",
    "alerts",
    "notifications",
    "supervision",
    "dashboards",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "linze.audit.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and the messages: its 400 page is drawn in the portal's layout.
    "linze.middleware.NullCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "linze.sessions.SessionTimeoutMiddleware",
    "linze.two_factor.TwoFactorMiddleware",
    # Last, so that it turns the lock-out that a sign-in view ran into into the answer (linze/auth.py).
    "axes.middleware.AxesMiddleware",
]

# Personal data encrypted at rest (linze/crypto.py). Newest key first; the production settings refuse
# these development keys, which are public.
DEVELOPMENT_PERSONAL_DATA_KEY = "0KCRaYHbGzYehR6x77TJr6jmno7BVjfLHGjfSo4aSwQ="
DEVELOPMENT_PERSONAL_DATA_INDEX_KEY = "y9KBHIg0N7J5hh6bfdRVin5PzUz0sJ4Fpkp1Gxv8jSM"
PERSONAL_DATA_KEYS = env.list("PERSONAL_DATA_KEYS", default=[DEVELOPMENT_PERSONAL_DATA_KEY])
PERSONAL_DATA_INDEX_KEY = env("PERSONAL_DATA_INDEX_KEY", default=DEVELOPMENT_PERSONAL_DATA_INDEX_KEY)

# Security headers. Scripts come from the portal alone (static/js, static/vendor): no inline script and
# no event-handler attribute anywhere, so 'unsafe-inline' is absent from script-src. Styles keep it
# for the style attributes of a few layouts and of the SVG charts ECharts draws. Nothing is loaded
# from another host: the portal runs on a network cut off from the internet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", "blob:"],
        "font-src": [csp.SELF, "data:"],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# The browser features no page uses stay off for every page and anything embedded in it.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The audit log (linze/audit.py): every save and delete of these models is recorded with what
# changed, who changed it and from where — the rules, the bodies and who may act for them.
AUDITED_MODELS = [
    "auth.User",
    "auth.Group",
    "agencies.Region",
    "agencies.Body",
    "agencies.Membership",
    "disputes.Category",
    "disputes.DeadlinePolicy",
    "disputes.LadderStep",
    "alerts.WarningRule",
    "dashboards.CourtlessRule",
    "linze.HolidayCalendarDay",
]

ROOT_URLCONF = "linze.urls"
WSGI_APPLICATION = "linze.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "disputes.context_processors.navigation",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# Widgets drawn in Python where Django's templates would draw them many times a page (linze/forms.py).
FORM_RENDERER = "linze.forms.Renderer"

# PostgreSQL is the only database, in development, tests and production alike.
DATABASES = {"default": env.db_url("DATABASE_URL", default="postgres://linze:linze@127.0.0.1:55432/linze")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica of the primary, for the pages that only read (linze/db.py). Optional.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["linze.db.ReplicaRouter"]
DATABASE_REPLICA_READS = env.bool("DATABASE_REPLICA_READS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:56379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "linze",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

# The badges of a user's work (open, overdue, due soon, referrals waiting) are kept this long in the
# cache; any timeline event starts them afresh at once, so only the passing of time (a deadline that
# passes without an event) waits for it. 0: counted at every page.
WORK_COUNTS_SECONDS = env.int("WORK_COUNTS_SECONDS", default=30)

AUTHENTICATION_BACKENDS = [
    # First: a locked account or address is refused before any password is checked (linze/auth.py).
    "linze.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# The password policy: at least 10 characters, not one of the 20,000 commonest, not like the user's
# name or e-mail, not digits only. In production a sign-in with a password the policy refuses (or the
# demonstration password) is sent to change it first (linze/auth.py LoginView).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_CHANGE_PROMPT = env.bool("PASSWORD_CHANGE_PROMPT", default=False)

# Lock-out after repeated failed sign-ins, on the login pages and the API token endpoint alike
# (django-axes; linze/auth.py). An account locks after LOGIN_FAILURE_LIMIT failures, an address after
# LOGIN_ADDRESS_FAILURE_LIMIT (an office signs in from behind one address); both for
# LOGIN_LOCKOUT_MINUTES, or until an administrator deletes the attempt in the admin (访问尝试).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "linze.auth.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "linze.auth.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes trims an account's failure log to its newest 1,000 rows by default: an attacked account's record
# must survive the attack (the rows are small; an administrator prunes with `axes_reset_failure_logs`).
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = env.int("LOGIN_FAILURE_LOG_PER_ACCOUNT", default=100_000)
AXES_VERBOSE = False
# The address is the connection's unless the portal sits behind a proxy that sets X-Forwarded-For
# (LOGIN_PROXY_COUNT=1): a header a client sends itself must not choose the address that is counted.
AXES_IPWARE_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Two-factor sign-in with an authenticator app (TOTP; linze/two_factor.py): offered to everyone,
# required for superusers.
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env.bool("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", default=True)
OTP_TOTP_ISSUER = "临泽诉源治理"

# A session ends after SESSION_IDLE_MINUTES without a request and SESSION_LIFETIME_HOURS after sign-in,
# whichever comes first (linze/sessions.py).
SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_LIFETIME = datetime.timedelta(hours=env.int("SESSION_LIFETIME_HOURS", default=10))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "linze.tasks.record_heartbeat", "schedule": 60.0},
    "deadline-sweep": {"task": "disputes.tasks.deadline_sweep", "schedule": 300.0},
    "supervision-sweep": {"task": "supervision.tasks.supervision_sweep", "schedule": 900.0},
    "warning-sweep": {"task": "alerts.tasks.warning_sweep", "schedule": 900.0},
    "outbox-drain": {"task": "notifications.tasks.outbox_drain", "schedule": 60.0},
    "export-sweep": {"task": "dashboards.tasks.export_sweep", "schedule": 60.0},
    # The cockpit's monthly summary: settled months that are stale, missing or a day old.
    "figures-refresh": {"task": "dashboards.indicators.tasks.figures_refresh", "schedule": 600.0},
}

# Exports of the dispute register (dashboards/exports): up to this many rows the file is written in the
# request; above, a Celery task writes it and the page shows its progress. A background export's file
# is kept this many hours, then deleted by the export sweep (its record stays). A running export whose
# progress has not moved for this many seconds is taken to be dead (its worker killed) and run again.
DASHBOARD_EXPORT_SYNC_MAX_ROWS = env.int("DASHBOARD_EXPORT_SYNC_MAX_ROWS", default=3000)
DASHBOARD_EXPORT_KEEP_HOURS = env.int("DASHBOARD_EXPORT_KEEP_HOURS", default=72)
DASHBOARD_EXPORT_STALE_SECONDS = env.int("DASHBOARD_EXPORT_STALE_SECONDS", default=120)
# Rows read per query and written between two progress reports of a background export.
DASHBOARD_EXPORT_CHUNK_ROWS = env.int("DASHBOARD_EXPORT_CHUNK_ROWS", default=2000)

# Notifications leaving the portal (notifications/backends.py): a backend class per channel, with its
# options as JSON. Console and file backends for development and tests; a real gateway is a class path
# from the environment, e.g. NOTIFICATION_SMS_BACKEND=linze_sms.GatewayBackend and
# NOTIFICATION_SMS_OPTIONS='{"url": "...", "api_key": "..."}'; notifications.backends.DjangoMailBackend
# sends e-mail through EMAIL_BACKEND. Failed sends are retried with exponential backoff from
# NOTIFICATION_RETRY_BACKOFF seconds, NOTIFICATION_MAX_ATTEMPTS times in all.
NOTIFICATION_SMS_BACKEND = env("NOTIFICATION_SMS_BACKEND", default="notifications.backends.ConsoleBackend")
NOTIFICATION_EMAIL_BACKEND = env(
    "NOTIFICATION_EMAIL_BACKEND", default="notifications.backends.ConsoleBackend"
)
NOTIFICATION_SMS_OPTIONS = env.json("NOTIFICATION_SMS_OPTIONS", default={})
NOTIFICATION_EMAIL_OPTIONS = env.json("NOTIFICATION_EMAIL_OPTIONS", default={})
NOTIFICATION_FILE_PATH = env(
    "NOTIFICATION_FILE_PATH", default=str(BASE_DIR / "artifacts" / "notifications.jsonl")
)
NOTIFICATION_RETRY_BACKOFF = env.int("NOTIFICATION_RETRY_BACKOFF", default=30)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=10)

# The administrator's site answers under this path (env ADMIN_PATH), not at a guessable /admin/ on the
# public host; it stays for staff only (Django's own check).
ADMIN_URL_PATH = (env("ADMIN_PATH", default="admin/").strip("/") or "admin") + "/"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # The browsable API (HTML) is for signed-in users: anyone else gets JSON (linze/api.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "linze.api.BrowsableForSignedInUsers",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "linze.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "linze.api.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "linze.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Linze dispute-resolution portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is for signed-in users only (it names every endpoint and field).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "DisputeStatusEnum": "disputes.choices.Status",
        "ReferralStatusEnum": "disputes.choices.ReferralStatus",
    },
}

# Structured logging to stdout: one JSON object per line, ready for any collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "linze.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO", "propagate": True}},
}

DEMO_PASSWORD = env("DEMO_PASSWORD", default="linze-demo-2026")
# Demo accounts exist only where a setting allows them; production never does.
DEMO_ACCOUNTS_ALLOWED = True
