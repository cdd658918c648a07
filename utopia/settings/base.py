"""Settings for every environment. Production differs from development only through the environment.

Every variable is documented in `.env.example`. With DEBUG off (the default) the secret key, the
database and the allowed hosts must be given; with DEBUG on, development defaults apply (SQLite, no
broker, mail printed to the console).
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "phonenumber_field",
    "csp",
    "outbox",
    "volunteers",
    "sites",
    "shifts",
    "stays",
    "records",
    "donations",
    "store",
    "api",
    # The API's schema and its docs page (Swagger UI from the sidecar's static files, nothing from another host).
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # With the broker down, one try per request; the rest waits for the sweep (outbox/publish.py).
    "outbox.middleware.OneBrokerTryPerRequest",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages over a weak signal: HTML gzipped (12-18 KiB saved on the home page). Below WhiteNoise, whose static files
    # come compressed already; above everything that writes the body. BREACH: Django masks the CSRF token afresh in
    # every response, and this middleware pads each answer with random bytes (README, "Compression").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "volunteers.i18n.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Every response to a logged-in person is private, no-store unless its view is marked public.
    "utopia.middleware.PrivateByDefaultMiddleware",
    # Last, so a view's database error becomes the friendly 503 page (see utopia/middleware.py).
    "utopia.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "utopia.urls"
WSGI_APPLICATION = "utopia.wsgi.application"

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
            ],
        },
    },
]

# Development falls back to a local SQLite file; production must say where its database is.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}" if DEBUG else None),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")

# The cache holds allauth's rate limits and sessions: Redis when there is one, process memory otherwise.
# A Redis outage must not turn the login page into a 500 (utopia/cache.py).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "utopia.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "utopia",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions are read from Redis and written through to the database: a page saves a query, and a Redis
    # outage or restart loses no session (the read falls back to the database).
    # volunteers.sessions: Django's cached_db, with a logout that sticks when Redis fails at that moment.
    SESSION_ENGINE = "volunteers.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "utopia"}}

AUTH_USER_MODEL = "volunteers.Volunteer"
# Django's and allauth's backends, each loading the person with what every page's navigation needs.
AUTHENTICATION_BACKENDS = [
    "volunteers.backends.ModelBackend",
    "volunteers.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: log in by email, no usernames.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# One password field: a phone shows what is typed on demand, and a forgotten password is reset by email.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {  # nosec B105  # rate limits, not passwords
    "login": "30/m/ip",
    "login_failed": "20/5m/ip,5/5m/key",  # per IP higher than per account: offices and camps share one address
    "signup": "60/h/ip",  # an induction session signs up a room of people on one wifi
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # The public donation offer form (donations.views.offer), per address like login; counted on every POST.
    "donation_offer": "10/h/ip",
}
# Behind a TLS proxy, the number of proxies that append to X-Forwarded-For (see README).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 0, minimum=0)
# The volunteer's own fields at signup, stored once and complete through volunteers.services.
ACCOUNT_SIGNUP_FORM_CLASS = "volunteers.forms.VolunteerSignupForm"
ACCOUNT_ADAPTER = "volunteers.adapter.VolunteerAccountAdapter"
# One email address per person (the Volunteer.email column); a change is verified before it applies.
ACCOUNT_CHANGE_EMAIL = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates read "Tue 8 Dec 2026" (utopia/formats/en); French keeps Django's French formats.
FORMAT_MODULE_PATH = ["utopia.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "FR"

STATIC_URL = "/static/"
# Where collectstatic writes (the benchmark uses a folder of its own).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "utopia <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. The three switches default to on in production and can be turned off for plain HTTP
# on loopback (the benchmark does this).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # forms carry the token
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp 4): no inline script or style anywhere; a template that ever needs an
# inline script reads `request.csp_nonce`, and only then is the nonce added to the header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
    },
}

# Celery: without a broker (the `make run` default) tasks run in-process, so the product still works.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Paris"
CELERY_ENABLE_UTC = True
# Keep messages: acknowledge after the work is done, requeue when a worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Above any countdown or ETA we use, so Redis never redelivers a message that is only waiting.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker outage fails a publish quickly instead of holding the request (outbox/publish.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BEAT_SCHEDULE = {
    # Every outbox (outbox.registry): reminders due, notifications whose queue message was lost (Redis down,
    # worker killed) or whose send failed, stay reminders, account emails, the messages about donation offers.
    # None is lost. A sweep not started within 4 minutes is dropped (the next one does the same work), so sweeps
    # queued while the workers were down do not pile up.
    "send-due-messages": {
        "task": "outbox.tasks.send_due_messages",
        "schedule": 5 * 60,
        "options": {"expires": 4 * 60},
    },
    "generate-shifts-ahead": {"task": "shifts.tasks.generate_shifts_ahead", "schedule": crontab(hour=2, minute=15)},
    # Nightly: erase the accounts inactive for that long (volunteers.services.anonymise_inactive).
    "anonymise-inactive-volunteers": {
        "task": "volunteers.tasks.anonymise_inactive_volunteers",
        "schedule": crontab(hour=3, minute=30),
    },
    # Donations: messages to donors and coordinators go through the outbox's sweep above; offers are deleted
    # 90 days after they closed.
    "delete-closed-offers": {"task": "donations.tasks.delete_closed_offers", "schedule": crontab(hour=3, minute=45)},
    # Safe teams (shifts.teams.alerts): teams at risk, teams not back, checks about to expire.
    "send-team-alerts": {
        "task": "shifts.tasks.send_team_alerts",
        "schedule": 15 * 60,
        "options": {"expires": 10 * 60},
    },
    "send-overdue-alerts": {
        "task": "shifts.tasks.send_overdue_alerts",
        "schedule": 5 * 60,
        "options": {"expires": 4 * 60},
    },
    "send-expiry-notices": {"task": "shifts.tasks.send_expiry_notices", "schedule": crontab(hour=8, minute=0)},
}
# Transient send failures (SMTP, network) are retried with exponential backoff and jitter, at most this often;
# beyond that the periodic sweep tries again, up to UTOPIA_NOTIFICATION_MAX_ATTEMPTS in all.
UTOPIA_NOTIFICATION_MAX_RETRIES = env_int("UTOPIA_NOTIFICATION_MAX_RETRIES", 5, minimum=0)
UTOPIA_NOTIFICATION_MAX_ATTEMPTS = env_int("UTOPIA_NOTIFICATION_MAX_ATTEMPTS", 8, minimum=1)
# SMS: shifts.messaging.sms.ConsoleBackend (default, prints), shifts.messaging.sms.LocmemBackend (tests) or
# shifts.messaging.sms.HttpBackend, which POSTs {"to", "from", "text"} as JSON to UTOPIA_SMS_HTTP_URL with
# "Authorization: Bearer <token>".
UTOPIA_SMS_BACKEND = env_str("UTOPIA_SMS_BACKEND", "shifts.messaging.sms.ConsoleBackend")
UTOPIA_SMS_HTTP_URL = env_str("UTOPIA_SMS_HTTP_URL", "")
UTOPIA_SMS_HTTP_TOKEN = env_str("UTOPIA_SMS_HTTP_TOKEN", "")
UTOPIA_SMS_SENDER = env_str("UTOPIA_SMS_SENDER", "utopia")
# Seconds before an SMS provider call gives up (EMAIL_TIMEOUT does the same for SMTP).
UTOPIA_SMS_TIMEOUT = env_int("UTOPIA_SMS_TIMEOUT", 10, minimum=1)
# Days a signed "I'm coming" / "I can't come" link stays valid at most (the shift itself ends it sooner).
UTOPIA_REPLY_LINK_MAX_AGE_DAYS = env_int("UTOPIA_REPLY_LINK_MAX_AGE_DAYS", 30, minimum=1)

# The product's own knobs.
# The organisation's name, as every email the product sends (ours and allauth's) signs it.
UTOPIA_ORGANISATION_NAME = env_str("UTOPIA_ORGANISATION_NAME", "Utopia 56")
UTOPIA_REMINDER_HOURS = env_int("UTOPIA_REMINDER_HOURS", 24, minimum=1)
UTOPIA_REMINDER_MAX_ATTEMPTS = env_int("UTOPIA_REMINDER_MAX_ATTEMPTS", 5, minimum=1)
UTOPIA_GENERATE_DAYS_AHEAD = env_int("UTOPIA_GENERATE_DAYS_AHEAD", 14, minimum=1)
UTOPIA_LATE_CANCELLATION_HOURS = env_int("UTOPIA_LATE_CANCELLATION_HOURS", 24, minimum=0)
UTOPIA_INACTIVITY_YEARS = env_int("UTOPIA_INACTIVITY_YEARS", 3, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# `make bench` mounts its baseline page only when this is on.
UTOPIA_BENCH = env_bool("UTOPIA_BENCH", False)

# The read-only API (api/). Django REST framework works without being an installed app; installed, its French
# catalogue would outrank Django's own for the site's forms ("Enter a valid email address." worded otherwise). The
# API needs neither its templates nor its static files (JSON only; the docs page is drf-spectacular's).
REST_FRAMEWORK = {
    # Public endpoints know nobody (no session, no cookie); the roster endpoint names its own token scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"api_token": env_str("UTOPIA_API_TOKEN_RATE", "120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "utopia API",
    "DESCRIPTION": "Read-only: sites, needs and open shifts (public), and a site's day for its coordinators (token).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the drf-spectacular-sidecar package's static files: nothing loaded from another host.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
