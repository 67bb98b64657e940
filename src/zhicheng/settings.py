"""Settings. Embedded default: SQLite and local files under ZHICHENG_DATA_DIR (./var).

DATABASE_URL=postgres://... switches to PostgreSQL with no other change.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("ZHICHENG_DATA_DIR", PROJECT_DIR / "var")).resolve()
# Data files (uploads, the SQLite database and its journal, the secret key) hold personal data: everything
# this process creates is readable by the service account only, and so is the data directory itself.
os.umask(0o077)
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
try:
    DATA_DIR.chmod(0o700)  # a directory made before this rule (or by a looser umask) is closed too
except PermissionError:  # not ours (a shared mount): its owner decides
    pass


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",
    # shared apps
    "zhicheng.orgs",
    "zhicheng.codes",
    "zhicheng.workdays",
    "zhicheng.audit",
    "zhicheng.workflow",
    "zhicheng.files",
    "zhicheng.documents",
    "zhicheng.messaging",
    "zhicheng.integrity",
    "zhicheng.scheduling",
    # stage apps
    "zhicheng.campaigns",
    "zhicheng.dossier",
    "zhicheng.eligibility",
    "zhicheng.unit_review",
    "zhicheng.scoring",
    "zhicheng.publicity",
    "zhicheng.unit_submission",
    "zhicheng.office_review",
    "zhicheng.committee",
    "zhicheng.results",
    "zhicheng.notices",
    "zhicheng.web",
    "zhicheng.demo",
    "zhicheng.backoffice",
    "zhicheng.statistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "zhicheng.orgs.middleware.AuthenticationMiddleware",  # the account comes with the session's read
    "zhicheng.web.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhicheng.api.middleware.ApiBodyGuard",  # before the guard: it reads every body
    "zhicheng.web.guard.ControlCharacterGuard",
    "zhicheng.web.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhicheng.urls"
WSGI_APPLICATION = "zhicheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhicheng.messaging.context_processors.unread",
            ],
        },
    },
    {
        # The pages opened most on deadline day (the dossier overview and its section pages) render their content
        # with Jinja2, several times faster than Django's engine; web/base.html stays the one layout around them
        # (zhicheng.jinja.render_page). Templates in each app's jinja2/ folder.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "zhicheng.jinja.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'zhicheng.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Threads per gunicorn worker (deploy/gunicorn.conf.py exports it): one pooled connection each.
    _threads = int(os.environ.get("ZHICHENG_THREADS", "4"))
    if os.environ.get("ZHICHENG_DB_POOL", "1") == "1":
        # psycopg's pool per worker process: a connection is taken per request and given back, already open
        # (a new one costs ~3 ms). Django requires CONN_MAX_AGE = 0 with the pool; the pool checks health.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("ZHICHENG_DB_POOL_MIN", "1")),
            "max_size": int(os.environ.get("ZHICHENG_DB_POOL_MAX", str(_threads))),
            "timeout": int(os.environ.get("ZHICHENG_DB_POOL_TIMEOUT", "10")),
        }
    else:
        # Keep connections across requests and check them before reuse.
        DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if os.environ.get("ZHICHENG_DB_PREPARE", "1") == "1":
        # Server-side binding, so that psycopg prepares a statement after it has run `prepare_threshold` times
        # on a connection: PostgreSQL then skips parsing and planning the same query again (the overview's
        # joins). Needs direct connections or a session-mode pooler (not PgBouncer's transaction mode).
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["server_side_binding"] = True
        _options["prepare_threshold"] = int(os.environ.get("ZHICHENG_DB_PREPARE_THRESHOLD", "5"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Keep each thread's connection across requests: opening one (the file, Django's ~30 SQL functions, the
    # PRAGMAs) cost about 2 ms of every request, /healthz included.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # WAL + a busy timeout so concurrent autosaves wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME")} if os.environ.get(
    "TEST_DATABASE_NAME"
) else {}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zhicheng.orgs.backends.IdNumberOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "zhicheng.orgs.hashers.OwaspArgon2PasswordHasher",  # OWASP minimum; older Argon2 hashes upgrade at login
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Logins on deadline morning (orgs.hashers.login_slot), per worker process: at most LOGIN_CONCURRENCY password
# checks at once, and at most LOGIN_QUEUE logins waiting for a check, each at most LOGIN_SLOT_WAIT seconds; any
# other login is answered 503 “当前登录人数较多，请稍候几秒再试” with Retry-After: LOGIN_RETRY_AFTER (seconds), and
# is not counted as a failed login. By default logins hold at most half of the worker's threads (ZHICHENG_THREADS,
# exported by deploy/gunicorn.conf.py), at least one: the other threads keep serving pages during a login storm
# (docs/PERFORMANCE.md, "Login storm"). Keep CONCURRENCY + QUEUE below the threads when overriding them.
LOGIN_CONCURRENCY = int(os.environ.get("ZHICHENG_LOGIN_CONCURRENCY", "1"))
LOGIN_QUEUE = int(os.environ.get("ZHICHENG_LOGIN_QUEUE") or max(
    0, int(os.environ.get("ZHICHENG_THREADS") or "4") // 2 - LOGIN_CONCURRENCY))
LOGIN_SLOT_WAIT = float(os.environ.get("ZHICHENG_LOGIN_SLOT_WAIT", "1"))
LOGIN_RETRY_AFTER = int(os.environ.get("ZHICHENG_LOGIN_RETRY_AFTER", "3"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhicheng.orgs.passwords.DengbaoPasswordValidator"},
    {"NAME": "zhicheng.orgs.passwords.ChineseCommonPasswordValidator"},
    {"NAME": "zhicheng.orgs.passwords.PasswordHistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# 等保: lock after 5 consecutive failures, unlock after 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "zhicheng.orgs.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "web/locked.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "zhicheng.http.client_ip"  # the lockout records the same address as the audit trail

# Reverse proxies whose X-Forwarded-For is believed (zhicheng.http.client_ip): addresses or networks,
# comma-separated, e.g. "127.0.0.1" for nginx on the same host (deploy/nginx.conf). None by default: then
# REMOTE_ADDR is the client and X-Forwarded-For is ignored (a client can write anything in it).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("ZHICHENG_TRUSTED_PROXIES", "").split(",") if p.strip()]

SESSION_ENGINE = "zhicheng.orgs.sessions"  # the database store; one read brings session, account and roles
SESSION_COOKIE_AGE = 8 * 3600  # absolute timeout
SESSION_IDLE_SECONDS = 30 * 60
SESSION_WARN_SECONDS = 5 * 60  # the page warns this long before the idle timeout, offering to extend it
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "zhicheng.web.views.csrf_failure"
SESSION_COOKIE_SECURE = os.environ.get("HTTPS", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SESSION_COOKIE_SECURE:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads above 1 MB go to a temporary file, never whole in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "zhicheng.files.handlers.SizeLimitUploadHandler",  # stops reading past the upload limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "tmp")
(DATA_DIR / "tmp").mkdir(mode=0o700, exist_ok=True)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CJK_FONT_PATH = os.environ.get("CJK_FONT_PATH", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# 等保 requires locking the account (not the address) after 5 failures; axes warns about that choice.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Messages (消息): e-mail through Django's mail backend — by default written to files under DATA_DIR/mail
# (no mail server in the embedded setup); production sets ZHICHENG_EMAIL_BACKEND and EMAIL_HOST etc.
EMAIL_BACKEND = os.environ.get("ZHICHENG_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "职称申报系统 <noreply@localhost>")
SMS_BACKEND = os.environ.get("ZHICHENG_SMS_BACKEND", "zhicheng.messaging.sms.LoggingSmsBackend")

# Scheduled jobs (zhicheng.scheduling): in-process by default (`run_jobs --loop`, started by ./run); on Celery
# when CELERY_BROKER_URL is set (redis://… or amqp://…; zhicheng/celery.py, README “定时任务”).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
