"""Django settings for Sanxiang, driven by environment variables (see .env.example)."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from sanxiang.envvars import (
    ImproperlyConfiguredVariable,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_required,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("SANXIANG_VAR_DIR", "var") or "var").resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

# "demo" generates its own secrets under var/; "production" has no silent defaults.
DEPLOYMENT = env_choice("SANXIANG_DEPLOYMENT", "demo", ("demo", "production"))
PRODUCTION = DEPLOYMENT == "production"
# Off unless asked for (SANXIANG_DEBUG=1 on a developer's machine): the demo is reachable by
# others, and Django's debug pages show settings, code and every URL to anonymous visitors.
DEBUG = env_bool("SANXIANG_DEBUG", default=False)


def _demo_secret(name: str) -> str:
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


if PRODUCTION:
    SECRET_KEY = env_required("SANXIANG_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfiguredVariable("SANXIANG_SECRET_KEY must be at least 50 characters")
else:
    SECRET_KEY = env_str("SANXIANG_SECRET_KEY") or _demo_secret("secret_key")

ALLOWED_HOSTS = env_list(
    "SANXIANG_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfiguredVariable("SANXIANG_ALLOWED_HOSTS must be set in production")
CSRF_TRUSTED_ORIGINS = env_list("SANXIANG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Sanxiang apps, in dependency order (docs/contributing.md → The layer rule).
    "sanxiang.core",
    "sanxiang.ledger",
    "sanxiang.agencies",
    "sanxiang.cases",
    "sanxiang.records",
    "sanxiang.review",
    "sanxiang.decisions",
    "sanxiang.publicity",
    "sanxiang.supervision",
    "sanxiang.api",  # it assembles every app's api.py
    "sanxiang.installation",  # backup and restore know every app: on top
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sanxiang.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sanxiang.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "sanxiang.api.middleware.ApiCallLogMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sanxiang.core.sessions.SessionTimeoutMiddleware",
    "sanxiang.core.audit.PermissionDeniedAuditMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sanxiang.core.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sanxiang.urls"
WSGI_APPLICATION = "sanxiang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# Database: SQLite (WAL) under var/ by default; DATABASE_URL overrides (SQLite or PostgreSQL).
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "sanxiang.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env_str("SANXIANG_TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # ASVS 2.1.1 (level 2): at least 12 characters.
        "OPTIONS": {"min_length": env_int("SANXIANG_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Repeated login failures (django-axes): lock the username for a while, whatever the address.
AXES_FAILURE_LIMIT = env_int("SANXIANG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SANXIANG_LOGIN_LOCKOUT_MINUTES", 30) / 60
# By user name only: a whole office often shares one NAT address, and locking it out by
# address would stop everyone there; guessing is still stopped per account.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor sign-in (TOTP): the roles that must give a one-time code (admin also covers
# superusers). Production requires it of every role that reads parties' files (officers,
# reviewers, heads, publishers, supervisors) and of administrators; the demo of no one, so
# that its logins work at once. Anyone may opt in.
TWO_FACTOR_ROLES = env_list(
    "SANXIANG_2FA_ROLES",
    ["officer", "reviewer", "head", "publisher", "supervisor", "admin"] if PRODUCTION else [],
)
OTP_TOTP_ISSUER = "三项制度平台"

# Sessions (ASVS 3.3.2, level 2): signed out after SESSION_HOURS whatever happens, after
# SESSION_IDLE_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SANXIANG_SESSION_HOURS", 8) * 3600
SESSION_IDLE_SECONDS = env_int("SANXIANG_SESSION_IDLE_MINUTES", 30) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Re-authentication ("sudo mode", core/reauth.py): how long a sign-in or a confirmation
# covers deciding, publishing, withdrawing and exporting before the password is asked again.
REAUTH_SECONDS = env_int("SANXIANG_REAUTH_SECONDS", 15 * 60)
if REAUTH_SECONDS < 0 or SESSION_IDLE_SECONDS <= 0:
    raise ImproperlyConfiguredVariable(
        "SANXIANG_REAUTH_SECONDS must be 0 or more and SANXIANG_SESSION_IDLE_MINUTES above 0"
    )

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SANXIANG_STATIC_ROOT", str(VAR_DIR / "static")) or "")
MEDIA_ROOT = Path(env_str("SANXIANG_MEDIA_ROOT", str(VAR_DIR / "media")) or "")
MEDIA_URL = "/media/"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production WhiteNoise serves the apps' static files straight from their folders
# (no collectstatic needed for the demo, with or without DEBUG).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger uploads are spooled here, not in the system's temp folder, so that what a killed
# worker leaves behind is found and removed by ``sanxiang tick`` (core.housekeeping) once
# older than TEMP_FILES_MAX_AGE_MINUTES; the ledger's staging files follow the same age.
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "tmp" / "uploads")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
TEMP_FILES_MAX_AGE_MINUTES = env_int("SANXIANG_TEMP_FILES_MAX_AGE_MINUTES", 60)
# A resumable recording upload not continued for this long is abandoned: its session and
# staged bytes are removed by the tick (records.abandoned-uploads).
RECORDS_UPLOAD_ABANDONED_HOURS = env_int("SANXIANG_UPLOAD_ABANDONED_HOURS", 24)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Security headers; production turns on HTTPS-only behaviour.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SANXIANG_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SANXIANG_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SANXIANG_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("SANXIANG_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

EMAIL_HOST = env_str("SANXIANG_EMAIL_HOST")
EMAIL_PORT = env_int("SANXIANG_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("SANXIANG_EMAIL_FROM", "sanxiang@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# ``sanxiang tick`` runs one at a time: a PostgreSQL advisory lock, or on SQLite an exclusive
# lock on this file (core/tick.py).
TICK_LOCK_FILE = VAR_DIR / "tick.lock"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SANXIANG_LOG_LEVEL", "WARNING")},
}

# Ledger: the tamper-evident log, its signing key and the evidence store (.env.example).
# The hash is fixed when the first entry is written; changing it later is refused.
LEDGER_HASH_ALGORITHM = env_choice("SANXIANG_LEDGER_HASH", "sha256", ("sha256", "sm3"))
# The log's origin: the first line of every checkpoint (C2SP tlog-checkpoint) and the name
# of its note key, unique to this installation, e.g. "zfj.dongli.gov.cn/sanxiang". Witnesses
# know the log by it: it is fixed by the first checkpoint. The demo makes one under VAR_DIR
# (a demo restored elsewhere keeps the origin of its checkpoints: ``signing.log_origin``).
_origin = env_str("SANXIANG_LEDGER_ORIGIN")
LEDGER_ORIGIN_CONFIGURED = _origin is not None
if _origin is None:
    if PRODUCTION:
        raise ImproperlyConfiguredVariable(
            "SANXIANG_LEDGER_ORIGIN must be set in production (e.g. the agency's domain and "
            "log name, such as zfj.example.gov.cn/sanxiang)"
        )
    _origin_file = VAR_DIR / "ledger_origin"
    if not _origin_file.exists():
        _origin_file.write_text(f"demo.sanxiang.invalid/{secrets.token_hex(4)}", encoding="utf-8")
    _origin = _origin_file.read_text(encoding="utf-8").strip()
LEDGER_ORIGIN: str = _origin
if (
    not LEDGER_ORIGIN
    or len(LEDGER_ORIGIN) > 200
    or "+" in LEDGER_ORIGIN
    or any(c.isspace() or ord(c) < 0x20 for c in LEDGER_ORIGIN)
    or LEDGER_ORIGIN == "sanxiang-tree-head/v1"
):
    raise ImproperlyConfiguredVariable(
        "SANXIANG_LEDGER_ORIGIN must be 1 to 200 characters with no space and no plus sign"
    )
# Ed25519 private key, PEM (PKCS#8). The demo generates one under VAR_DIR.
LEDGER_SIGNING_KEY = env_str("SANXIANG_LEDGER_SIGNING_KEY")
if PRODUCTION and not LEDGER_SIGNING_KEY:
    raise ImproperlyConfiguredVariable(
        "SANXIANG_LEDGER_SIGNING_KEY (or SANXIANG_LEDGER_SIGNING_KEY_FILE) must be set in production"
    )
LEDGER_DEMO_KEY_PATH = VAR_DIR / "keys" / "ledger-ed25519.pem"
# Witnessing other installations' logs (`sanxiang witness URL`): the cosigner's name and its
# own Ed25519 key (PEM), never the log's signing key. The demo generates one under VAR_DIR.
WITNESS_NAME = env_str("SANXIANG_WITNESS_NAME") or f"{LEDGER_ORIGIN}/witness"
WITNESS_KEY = env_str("SANXIANG_WITNESS_KEY")
WITNESS_DEMO_KEY_PATH = VAR_DIR / "keys" / "witness-ed25519.pem"
if "+" in WITNESS_NAME or any(c.isspace() for c in WITNESS_NAME):
    raise ImproperlyConfiguredVariable("SANXIANG_WITNESS_NAME must have no space and no plus sign")
# Trusted timestamps (RFC 3161, 可信时间戳): when a time-stamping authority is configured,
# every checkpoint is stamped by it (`sanxiang tick`). Its CA certificate(s), PEM, verify the
# tokens; a token that does not verify is not stored.
LEDGER_TSA_URL = env_str("SANXIANG_LEDGER_TSA_URL")
LEDGER_TSA_CA = env_str("SANXIANG_LEDGER_TSA_CA")
if LEDGER_TSA_URL and not LEDGER_TSA_CA:
    raise ImproperlyConfiguredVariable(
        "SANXIANG_LEDGER_TSA_CA (or SANXIANG_LEDGER_TSA_CA_FILE) must be set with "
        "SANXIANG_LEDGER_TSA_URL: the authority's CA certificate verifies its tokens"
    )
LEDGER_STORAGE = env_choice("SANXIANG_LEDGER_STORAGE", "local", ("local", "s3"))
if LEDGER_STORAGE == "s3":
    STORAGES["ledger"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("SANXIANG_S3_BUCKET"),
            "endpoint_url": env_str("SANXIANG_S3_ENDPOINT_URL"),
            "access_key": env_str("SANXIANG_S3_ACCESS_KEY_ID"),
            "secret_key": env_str("SANXIANG_S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("SANXIANG_S3_REGION", "us-east-1"),
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }
else:
    # No location: blobs live under MEDIA_ROOT/ledger/ and follow MEDIA_ROOT. Overwriting is
    # an atomic rename of identical content (names are content hashes).
    STORAGES["ledger"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"allow_overwrite": True},
    }

# Personal data at rest (sanxiang.core.pii): parties' ID numbers, phones and addresses are
# encrypted with AES-256-GCM, or SM4-GCM for 国密 deployments. Keys: "id:base64" (32 bytes
# each), newest first; the hash key (32 bytes, base64) makes the look-up hash of ID numbers.
# The demo generates both under VAR_DIR/keys/; production requires them.
PII_CIPHER = env_choice("SANXIANG_PII_CIPHER", "aes-256-gcm", ("aes-256-gcm", "sm4-gcm"))
PII_KEYS = env_str("SANXIANG_PII_KEYS")
PII_HASH_KEY = env_str("SANXIANG_PII_HASH_KEY")
if PRODUCTION and not (PII_KEYS and PII_HASH_KEY):
    raise ImproperlyConfiguredVariable(
        "SANXIANG_PII_KEYS and SANXIANG_PII_HASH_KEY (or their _FILE forms) must be set in "
        "production: without them parties' personal data cannot be stored or read"
    )

# Cases: the period an agency gives a party to state and defend after the prior notice,
# in working days. The law sets none (行政处罚法 第六十二条); 5 is common practice.
CASES_STATEMENT_WORKING_DAYS = env_int("SANXIANG_CASES_STATEMENT_WORKING_DAYS", 5)
# Cases: the period (working days) within which an on-the-spot decision is filed with the
# agency (备案; 行政处罚法 第五十二条 sets none; rule penalty.summary.filing): 1 to 15.
CASES_SUMMARY_FILING_WORKING_DAYS = env_int("SANXIANG_CASES_SUMMARY_FILING_WORKING_DAYS", 5)
if not 1 <= CASES_SUMMARY_FILING_WORKING_DAYS <= 15:
    raise ImproperlyConfiguredVariable(
        "SANXIANG_CASES_SUMMARY_FILING_WORKING_DAYS must be between 1 and 15 (working days)"
    )
# Cases: 行政处罚法 第六十三条 leaves 较大数额 / 较大价值 to local rules. Yuan, at or above which
# the party has a right to a hearing, for natural persons / organisations; with their source.
# The defaults follow 《市场监督管理行政处罚听证办法》第五条 (一万元 / 十万元); Tianjin's own figures
# are not confirmed: set them and their source from the local rule.
CASES_HEARING_FINE_PERSON = env_int(
    "SANXIANG_CASES_HEARING_FINE_PERSON", env_int("SANXIANG_REVIEW_LARGE_FINE_PERSON", 10000)
)
CASES_HEARING_FINE_ORGANISATION = env_int(
    "SANXIANG_CASES_HEARING_FINE_ORGANISATION",
    env_int("SANXIANG_REVIEW_LARGE_FINE_ORGANISATION", 100000),
)
CASES_HEARING_CONFISCATION_PERSON = env_int("SANXIANG_CASES_HEARING_CONFISCATION_PERSON", 10000)
CASES_HEARING_CONFISCATION_ORGANISATION = env_int(
    "SANXIANG_CASES_HEARING_CONFISCATION_ORGANISATION", 100000
)
CASES_HEARING_THRESHOLDS_SOURCE = (
    env_str("SANXIANG_CASES_HEARING_THRESHOLDS_SOURCE")
    or "参照《市场监督管理行政处罚听证办法》第五条（自然人一万元、法人或者其他组织十万元）；"
    "本地标准未核实，应按本省市规定设置"
)

# Records: the largest audio/video file accepted (bytes; uploads come in chunks).
RECORDS_MAX_UPLOAD_BYTES = env_int("SANXIANG_RECORDS_MAX_UPLOAD_BYTES", 8 * 1024**3)
RECORDS_CHUNK_BYTES = 8 * 1024 * 1024
# Records: how long a reader's stated reason (调阅事由) holds before it is asked again.
RECORDS_ACCESS_REASON_MINUTES = env_int("SANXIANG_RECORDS_ACCESS_REASON_MINUTES", 120)
# Records: the LibreOffice program for Word → PDF; when it is missing, pages say PDF is unavailable.
RECORDS_SOFFICE = env_str("SANXIANG_RECORDS_SOFFICE", "soffice") or "soffice"

# Cache: shared by every server process, so that the API's rate limits hold across them.
# Unset: files under VAR_DIR/cache (all processes of one machine, no setup); redis://… or
# rediss://… (Django's Redis backend): several machines; locmem://: one process only (tests).
_cache_url = env_str("SANXIANG_CACHE_URL")
if _cache_url is None:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
elif _cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": env_str("SANXIANG_CACHE_PREFIX", "sanxiang") or "sanxiang",
        }
    }
elif _cache_url.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfiguredVariable(
        "SANXIANG_CACHE_URL must start with redis://, rediss://, unix:// or locmem://"
    )

# Uploaded Office files (.xlsx, .docx) are checked against these before any parser reads
# them (sanxiang.core.officefiles): unpacked size, packing ratio, parts, and per sheet the
# rows and columns, shared texts and cell formats. The defaults admit a 20,000-row list.
OFFICE_FILE_LIMITS = {
    "max_unpacked_mb": env_int("SANXIANG_OFFICE_MAX_UNPACKED_MB", 200),
    "max_ratio": env_int("SANXIANG_OFFICE_MAX_RATIO", 200),
    "max_parts": env_int("SANXIANG_OFFICE_MAX_PARTS", 1000),
    "max_rows": env_int("SANXIANG_OFFICE_MAX_ROWS", 100_000),
    "max_columns": env_int("SANXIANG_OFFICE_MAX_COLUMNS", 1000),
    "max_shared_strings": env_int("SANXIANG_OFFICE_MAX_SHARED_STRINGS", 1_000_000),
    "max_styles": env_int("SANXIANG_OFFICE_MAX_STYLES", 64_000),
}

# API: the REST API at /api/v1/ (sanxiang.api, docs/guide/api.md). Rates are requests per
# minute, counted in the shared cache above.
API_RATE_PER_TOKEN = env_int("SANXIANG_API_RATE_PER_TOKEN", 600)
API_RATE_ANONYMOUS = env_int("SANXIANG_API_RATE_ANONYMOUS", 60)
API_TOKEN_MAX_DAYS = env_int("SANXIANG_API_TOKEN_MAX_DAYS", 366)
# The header a trusted proxy puts the caller's address in (e.g. X-Forwarded-For, X-Real-IP);
# unset: REMOTE_ADDR. Believed only from SANXIANG_TRUSTED_PROXIES (addresses or networks;
# empty: every peer is the proxy). One function reads them: sanxiang.core.clients.
_address_header = env_str("SANXIANG_CLIENT_ADDRESS_HEADER") or env_str(
    "SANXIANG_API_CLIENT_ADDRESS_HEADER"
)
CLIENT_ADDRESS_HEADER = (
    "HTTP_" + _address_header.upper().replace("-", "_") if _address_header else None
)
TRUSTED_PROXIES = env_list("SANXIANG_TRUSTED_PROXIES", [])
for _network in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfiguredVariable(
            f"SANXIANG_TRUSTED_PROXIES: {_network!r} is not an address or network"
        ) from _error
# Sign-in failures allowed from one address, over every user name, per window (seconds);
# the per-account lock-out (AXES_*) stays as it is. An office behind one NAT shares this.
LOGIN_FAILURES_PER_ADDRESS = env_int("SANXIANG_LOGIN_FAILURES_PER_ADDRESS", 30)
LOGIN_FAILURES_WINDOW_SECONDS = env_int("SANXIANG_LOGIN_FAILURES_WINDOW_SECONDS", 900)
# Push to the supervision platform (sanxiang.api.push): events are sent by ``tick``, signed
# with HMAC-SHA256 of "<timestamp>.<body>" under the secret; no URL: pushing is off.
API_PUSH_URL = env_str("SANXIANG_API_PUSH_URL")
API_PUSH_SECRET = env_str("SANXIANG_API_PUSH_SECRET")
API_PUSH_TIMEOUT = env_int("SANXIANG_API_PUSH_TIMEOUT", 10)
API_PUSH_MAX_ATTEMPTS = env_int("SANXIANG_API_PUSH_MAX_ATTEMPTS", 8)
API_PUSH_BACKOFF_SECONDS = env_int("SANXIANG_API_PUSH_BACKOFF_SECONDS", 60)
# Push each agency's monthly statistics and its published annual reports as well.
API_PUSH_STATISTICS = env_bool("SANXIANG_API_PUSH_STATISTICS", True)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["sanxiang.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["sanxiang.api.access.HasAgencyScope"],
    "DEFAULT_THROTTLE_CLASSES": ["sanxiang.api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "sanxiang.api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sanxiang.core.rest.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sanxiang API",
    "DESCRIPTION": "三项制度平台接口 / REST API of the Sanxiang platform (docs/guide/api.md)",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "sanxiang.agencies.choices.AgencyKind",
        "ReviewerKindEnum": "sanxiang.agencies.choices.ReviewerKind",
        "TrainingKindEnum": "sanxiang.agencies.choices.TrainingKind",
        "CredentialEventKindEnum": "sanxiang.agencies.models.CredentialEvent.Kind",
        "PowerCategoryEnum": "sanxiang.agencies.choices.PowerCategory",
        "PublicCategoryEnum": "sanxiang.publicity.choices.PublicCategory",
        "ServiceMethodEnum": "sanxiang.cases.choices.ServiceMethod",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sanxiang.api.schema.add_error_responses",
    ],
}

# Review: legal review of major decisions (sanxiang.review, docs/guide/reviewer.md).
# The review period in working days from the day the materials are complete (坎门街道 rule: 5).
REVIEW_WORKING_DAYS = env_int("SANXIANG_REVIEW_WORKING_DAYS", 5)
REVIEW_MAX_EXTENSION_WORKING_DAYS = env_int("SANXIANG_REVIEW_MAX_EXTENSION_WORKING_DAYS", 10)
# A review due within this many calendar days shows as "due soon".
REVIEW_DUE_SOON_DAYS = env_int("SANXIANG_REVIEW_DUE_SOON_DAYS", 2)
# 实施方案 二(三)2(1): every general-procedure penalty is reviewed (off: only 第五十八条's cases).
REVIEW_ALL_GENERAL_PENALTIES = env_bool("SANXIANG_REVIEW_ALL_GENERAL_PENALTIES", True)
# 较大数额罚款 (行政处罚法 第六十三条): one rule, in cases (CASES_HEARING_* above); old names kept.
REVIEW_LARGE_FINE_PERSON = CASES_HEARING_FINE_PERSON
REVIEW_LARGE_FINE_ORGANISATION = CASES_HEARING_FINE_ORGANISATION
# 实施方案 二(三)1(2): reviewers at least this share (percent) of the agency's officers.
REVIEW_MIN_REVIEWER_PERCENT = env_int("SANXIANG_REVIEW_MIN_REVIEWER_PERCENT", 5)

# Supervision: the annual statistics report (sanxiang.supervision, docs/guide/supervisor.md).
# Due date (MM-DD) of the report for the year before: the plan's 10 January ("01-10"); the
# national rule is 31 January ("01-31"). An agency's own date (admin) takes precedence.
SUPERVISION_REPORT_DUE = env_str("SANXIANG_SUPERVISION_REPORT_DUE", "01-10") or "01-10"
_due = [int(p) if p.isdigit() else 0 for p in SUPERVISION_REPORT_DUE.split("-")]
if len(_due) != 2 or not (1 <= _due[0] <= 12 and 1 <= _due[1] <= 31):
    raise ImproperlyConfiguredVariable(
        f"SANXIANG_SUPERVISION_REPORT_DUE={SUPERVISION_REPORT_DUE!r} is not MM-DD (e.g. 01-31)"
    )
SUPERVISION_REPORT_DUE_MONTH, SUPERVISION_REPORT_DUE_DAY = _due
