"""Settings for newsdiffs, read from the environment.

With no environment at all the archive runs on a SQLite file under var/ and
runs its jobs in-process. Every variable is listed in the README.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsdiffs.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_required_text,
    env_schedule,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSDIFFS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _secret_key():
    key = env_str("SECRET_KEY")
    if key:
        return key
    # Development convenience: a key generated once and kept, so sessions
    # survive restarts. Production sets SECRET_KEY.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Search's stored tsvector field and its lookups (PostgreSQL; the column
    # stays empty on SQLite).
    "django.contrib.postgres",
    "django_rq",
    "axes",
    "articles",
    "articles.reader",
    "notify",
    "quality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.reader.requestguard.NulCharacterGuardMiddleware",
    "articles.reader.visibility.TakenDownMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdiffs.urls"
WSGI_APPLICATION = "newsdiffs.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]


_PG_SETTINGS = "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"


def _databases():
    url = env_str("DATABASE_URL")
    if not url:
        url = f"sqlite:///{VAR_DIR / 'newsdiffs.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as error:  # dj-database-url raises several types
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # IMMEDIATE takes the write lock when a transaction starts, so two
        # checks of one article serialise instead of failing with "locked".
        # WAL: pages are read while a check writes, and a commit appends to the
        # log instead of rewriting a journal. synchronous=NORMAL keeps every
        # commit through a crash or kill of any process; only a power cut can
        # take the last few back.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
        # A file, not memory, since concurrency tests use several connections.
        # tests/conftest.py names it after the test process when its session
        # starts (a name taken here, at import, would be shared by forks).
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Every query here wants a page of rows: parallel workers only add
        # their start-up (20 of a search's 29 ms, bench/scale.py), and on SSDs
        # a random read costs little more than a sequential one (at the 4.0
        # default the planner scanned all the articles rather than look up
        # the few hundred that have a rare word). "" leaves the server's own.
        options = env_str("NEWSDIFFS_PG_SETTINGS", _PG_SETTINGS)
        if options and "options" not in config.setdefault("OPTIONS", {}):
            config["OPTIONS"]["options"] = options
    return {"default": config}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Jobs: with REDIS_URL they go to RQ workers; without, they run in-process.
REDIS_URL = env_str("REDIS_URL")
RQ_QUEUES = {
    "default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600},
}
# The "Queues" link in the admin header leads to the dashboard when there are
# queues to show; without Redis there are none.
RQ_SHOW_ADMIN_LINK = bool(REDIS_URL)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsdiffs",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Security -----------------------------------------------------------------
# One switch for a deployment served over HTTPS: redirect plain HTTP, send
# HSTS, and keep the session and CSRF cookies off plain HTTP. Off by default,
# since `make run` and the demo serve plain HTTP on 127.0.0.1.
NEWSDIFFS_HTTPS = env_bool("NEWSDIFFS_HTTPS", False)
SECURE_SSL_REDIRECT = NEWSDIFFS_HTTPS
SESSION_COOKIE_SECURE = NEWSDIFFS_HTTPS
CSRF_COOKIE_SECURE = NEWSDIFFS_HTTPS
SECURE_HSTS_SECONDS = (
    env_int("NEWSDIFFS_HSTS_SECONDS", 365 * 86400, minimum=0) if NEWSDIFFS_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NEWSDIFFS_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("NEWSDIFFS_HSTS_PRELOAD", True)


def _proxy_ssl_header():
    """("HTTP_X_FORWARDED_PROTO", "https") from "X-Forwarded-Proto: https", or None.

    Only behind a proxy that sets this header itself on every request: a
    client could otherwise claim HTTPS over plain HTTP.
    """
    raw = env_str("NEWSDIFFS_PROXY_SSL_HEADER").strip()
    if not raw:
        return None
    name, colon, value = raw.partition(":")
    if not colon or not name.strip() or not value.strip():
        raise ImproperlyConfigured(
            f"NEWSDIFFS_PROXY_SSL_HEADER must look like 'X-Forwarded-Proto: https', got {raw!r}"
        )
    return ("HTTP_" + name.strip().upper().replace("-", "_"), value.strip())


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header()

# Content-Security-Policy on every answer (Django's own middleware): scripts
# and stylesheets only from this site's static files, so markup injected by a
# scraped page that escaped escaping still cannot run. Lead images are the
# news sites' own pictures, hence any http(s) image. Style attributes stay
# allowed: the history's change bars are sized with one.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "https:", "http:", "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Admin logins: after NEWSDIFFS_LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused (429) for
# NEWSDIFFS_LOGIN_COOLOFF_MINUTES, even with the right password. Per pair, so
# a guesser cannot lock the real admin out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "newsdiffs.loginthrottle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSDIFFS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSDIFFS_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The address is REMOTE_ADDR unless told how many proxies stand in front,
# so a client cannot pick its own address with X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("NEWSDIFFS_PROXY_COUNT", 0, minimum=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# 24-hour times with the zone in the admin too, as the public pages show them.
FORMAT_MODULE_PATH = ["newsdiffs.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files from their source folders without collectstatic, so a
# fresh clone works; production may still run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# One line per event on stdout, with the process (web, scheduler, worker) and
# the article or source id passed as `extra`, so one check can be followed
# across processes: grep "article=42". The rq worker's own logger propagates
# here too, so its lines share the format.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": "newsdiffs.logformat.OneLineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "filters": {"server_errors_only": {"()": "newsdiffs.logformat.ServerErrorsOnly"}},
    "root": {"handlers": ["stdout"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes announces itself at every start, commands included.
        "axes.apps": {"level": "WARNING"},
        # 4xx answers are in the access lines already: one line per request.
        "django.request": {"filters": ["server_errors_only"]},
        # Django's own defaults print these in other formats (runserver's
        # "[date] GET ..." lines, DEBUG's console copy of every warning).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

# --- Fetching -------------------------------------------------------------
NEWSDIFFS_ALLOW_PRIVATE_URLS = env_bool("NEWSDIFFS_ALLOW_PRIVATE_URLS", False)
# Sites and their robots.txt rules know the archive by this name.
NEWSDIFFS_USER_AGENT = env_required_text(
    "NEWSDIFFS_USER_AGENT",
    "newsdiffs/1.0 (news revision archive; +https://github.com/newsdiffs/newsdiffs)",
)
NEWSDIFFS_CONNECT_TIMEOUT = env_float("NEWSDIFFS_CONNECT_TIMEOUT", 5.0, minimum=0.1)
NEWSDIFFS_READ_TIMEOUT = env_float("NEWSDIFFS_READ_TIMEOUT", 20.0, minimum=0.1)
NEWSDIFFS_MAX_BODY_BYTES = env_int("NEWSDIFFS_MAX_BODY_BYTES", 5_000_000, minimum=1024)
NEWSDIFFS_MAX_REDIRECTS = env_int("NEWSDIFFS_MAX_REDIRECTS", 5, minimum=0)
NEWSDIFFS_RETRIES = env_int("NEWSDIFFS_RETRIES", 2, minimum=0)
NEWSDIFFS_RETRY_BACKOFF = env_float("NEWSDIFFS_RETRY_BACKOFF", 2.0, minimum=0)
NEWSDIFFS_MAX_RETRY_AFTER = env_float("NEWSDIFFS_MAX_RETRY_AFTER", 120.0, minimum=0)
NEWSDIFFS_HOST_DELAY = env_float("NEWSDIFFS_HOST_DELAY", 1.0, minimum=0)
NEWSDIFFS_ROBOTS_CACHE_SECONDS = env_int("NEWSDIFFS_ROBOTS_CACHE_SECONDS", 3600, minimum=0)

# --- Scheduling -----------------------------------------------------------
# AGE:INTERVAL pairs: while the last change is younger than AGE, re-check
# every INTERVAL. Past the last age the last interval holds until the
# article stops.
NEWSDIFFS_SCHEDULE = env_schedule("NEWSDIFFS_SCHEDULE", "3h:15m,24h:1h,7d:3h,30d:1d")
NEWSDIFFS_STOP_AFTER_DAYS = env_int("NEWSDIFFS_STOP_AFTER_DAYS", 40, minimum=1)
NEWSDIFFS_GONE_AFTER = env_int("NEWSDIFFS_GONE_AFTER", 3, minimum=1)
NEWSDIFFS_FAILING_AFTER = env_int("NEWSDIFFS_FAILING_AFTER", 3, minimum=1)
NEWSDIFFS_FAILURE_BACKOFF_MINUTES = env_int("NEWSDIFFS_FAILURE_BACKOFF_MINUTES", 15, minimum=1)
NEWSDIFFS_FAILURE_BACKOFF_MAX_HOURS = env_int("NEWSDIFFS_FAILURE_BACKOFF_MAX_HOURS", 24, minimum=1)
# A young article that tests headlines is checked this often while it is
# this young (never more often than its source allows).
NEWSDIFFS_HEADLINE_TEST_RECHECK_MINUTES = env_int(
    "NEWSDIFFS_HEADLINE_TEST_RECHECK_MINUTES", 5, minimum=1
)
NEWSDIFFS_HEADLINE_TEST_WATCH_HOURS = env_int("NEWSDIFFS_HEADLINE_TEST_WATCH_HOURS", 24, minimum=1)
NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES = env_int(
    "NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES", 10, minimum=1
)
# A much shorter text that is no wall is archived once this many fetches in
# a row have shown exactly it (a newsroom trimmed the story).
NEWSDIFFS_SHRINK_CONFIRMATIONS = env_int("NEWSDIFFS_SHRINK_CONFIRMATIONS", 3, minimum=1)
NEWSDIFFS_DISCOVERY_INTERVAL_MINUTES = env_int(
    "NEWSDIFFS_DISCOVERY_INTERVAL_MINUTES", 15, minimum=1
)
NEWSDIFFS_MAX_LINKS_PER_PAGE = env_int("NEWSDIFFS_MAX_LINKS_PER_PAGE", 1000, minimum=1)
NEWSDIFFS_TICK_SECONDS = env_int("NEWSDIFFS_TICK_SECONDS", 60, minimum=1)
NEWSDIFFS_TICK_BATCH = env_int("NEWSDIFFS_TICK_BATCH", 500, minimum=1)
# Due articles are checked this many to a job (one read, the quiet checks
# written together); a job takes no new article after this many seconds.
NEWSDIFFS_CHECK_BATCH = env_int("NEWSDIFFS_CHECK_BATCH", 20, minimum=1)
NEWSDIFFS_CHECK_BATCH_SECONDS = env_int("NEWSDIFFS_CHECK_BATCH_SECONDS", 120, minimum=1)
# How long a claimed article waits for its job before another tick claims it
# again (its job lost with the queue), and how long a running check's claim
# holds between renewals (its worker killed).
NEWSDIFFS_QUEUE_LEASE_SECONDS = env_int("NEWSDIFFS_QUEUE_LEASE_SECONDS", 600, minimum=1)
NEWSDIFFS_RUN_LEASE_SECONDS = env_int("NEWSDIFFS_RUN_LEASE_SECONDS", 90, minimum=3)
NEWSDIFFS_CHECK_LOG_MAX_ROWS = env_int("NEWSDIFFS_CHECK_LOG_MAX_ROWS", 200_000, minimum=100)
NEWSDIFFS_CHECK_LOG_DAYS = env_int("NEWSDIFFS_CHECK_LOG_DAYS", 30, minimum=1)
# An article's quiet checks (unchanged, 304) fold into one log row for this long.
NEWSDIFFS_QUIET_FOLD_MINUTES = env_int("NEWSDIFFS_QUIET_FOLD_MINUTES", 60, minimum=0)

# --- Operations: /healthz and the admin's source health --------------------
# /healthz fails when the scheduler's last tick is older than this.
NEWSDIFFS_HEALTH_SCHEDULER_MAX_AGE_SECONDS = env_int(
    "NEWSDIFFS_HEALTH_SCHEDULER_MAX_AGE_SECONDS", 300, minimum=1
)
# /healthz fails when more jobs than this wait in one queue (workers behind).
NEWSDIFFS_HEALTH_MAX_QUEUED = env_int("NEWSDIFFS_HEALTH_MAX_QUEUED", 10_000, minimum=1)
NEWSDIFFS_HEALTH_REDIS_TIMEOUT = env_float("NEWSDIFFS_HEALTH_REDIS_TIMEOUT", 2.0, minimum=0.1)

# --- Reader's site ----------------------------------------------------------
NEWSDIFFS_PAGE_SIZE = env_int("NEWSDIFFS_PAGE_SIZE", 50, minimum=1)
NEWSDIFFS_API_PAGE_SIZE = env_int("NEWSDIFFS_API_PAGE_SIZE", 100, minimum=1)
NEWSDIFFS_FEED_ITEMS = env_int("NEWSDIFFS_FEED_ITEMS", 30, minimum=1)
# Comparisons of non-adjacent versions are kept in the cache this long.
NEWSDIFFS_DIFF_CACHE_SECONDS = env_int("NEWSDIFFS_DIFF_CACHE_SECONDS", 7 * 86400, minimum=0)
# The per-source totals on /sources/ are recomputed at most this often.
NEWSDIFFS_SOURCES_CACHE_SECONDS = env_int("NEWSDIFFS_SOURCES_CACHE_SECONDS", 300, minimum=0)
# PostgreSQL text search configuration for /search/.
NEWSDIFFS_SEARCH_CONFIG = env_str("NEWSDIFFS_SEARCH_CONFIG", "english")
# Results a page of search: each one's text is read and matched exactly
# (some milliseconds each), so fewer than a list's articles.
NEWSDIFFS_SEARCH_PAGE_SIZE = env_int("NEWSDIFFS_SEARCH_PAGE_SIZE", 20, minimum=1)
# Versions each scheduler tick indexes for search, of those their check did
# not index (articles.storage.searchindex).
NEWSDIFFS_SEARCH_INDEX_BATCH = env_int("NEWSDIFFS_SEARCH_INDEX_BATCH", 500, minimum=1)

# --- Fetcher ----------------------------------------------------------------
# A robots.txt that timed out or answered 5xx/429 counts as "allow" for this
# long before it is asked for again (capped by NEWSDIFFS_ROBOTS_CACHE_SECONDS).
NEWSDIFFS_ROBOTS_ERROR_CACHE_SECONDS = env_int(
    "NEWSDIFFS_ROBOTS_ERROR_CACHE_SECONDS", 60, minimum=0
)
# Longest time spent reading one response body, so a server that drips a byte
# just inside the read timeout cannot hold a worker for hours.
NEWSDIFFS_BODY_TIMEOUT = env_float("NEWSDIFFS_BODY_TIMEOUT", 60.0, minimum=0.1)
# Bounds of one page's extraction (articles/checking/bounded.py): a page that
# needs more is refused as "too big to extract". A 1 MB page of ordinary
# markup takes well under a second and some tens of megabytes.
NEWSDIFFS_EXTRACTION_SECONDS = env_float("NEWSDIFFS_EXTRACTION_SECONDS", 10.0, minimum=0.1)
NEWSDIFFS_EXTRACTION_MEMORY_MB = env_int("NEWSDIFFS_EXTRACTION_MEMORY_MB", 512, minimum=64)

# --- Notifications and the Wayback Machine (notify/) --------------------------
# Where the archive's pages live, for the links in webhooks and messages.
NEWSDIFFS_PUBLIC_URL = env_str("NEWSDIFFS_PUBLIC_URL", "http://127.0.0.1:8000")
# Seconds to wait for a receiver's answer (and to read it); what is read of it.
NEWSDIFFS_DELIVERY_TIMEOUT = env_float("NEWSDIFFS_DELIVERY_TIMEOUT", 10.0, minimum=0.1)
NEWSDIFFS_DELIVERY_MAX_RESPONSE_BYTES = env_int(
    "NEWSDIFFS_DELIVERY_MAX_RESPONSE_BYTES", 65536, minimum=1024
)
# A sending delivery's claim: longer than one send can take, so a running
# send keeps it, and a worker killed mid-send gives it up this soon.
NEWSDIFFS_DELIVERY_LEASE_SECONDS = env_int("NEWSDIFFS_DELIVERY_LEASE_SECONDS", 120, minimum=5)
# Attempts before a delivery is marked failed (waits: 1 min, 5 min, 30 min, 2 h, 6 h...).
NEWSDIFFS_DELIVERY_MAX_ATTEMPTS = env_int("NEWSDIFFS_DELIVERY_MAX_ATTEMPTS", 8, minimum=1)
# Delivered rows of the delivery log are kept this long; failed ones until deleted.
NEWSDIFFS_DELIVERY_LOG_DAYS = env_int("NEWSDIFFS_DELIVERY_LOG_DAYS", 30, minimum=1)
# At most one delivery per subscription this often, unless it sets its own.
NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS = env_int(
    "NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS", 10, minimum=0
)
NEWSDIFFS_WAYBACK_ENDPOINT = env_str("NEWSDIFFS_WAYBACK_ENDPOINT", "https://web.archive.org/save")
NEWSDIFFS_WAYBACK_ACCESS_KEY = env_str("NEWSDIFFS_WAYBACK_ACCESS_KEY")
NEWSDIFFS_WAYBACK_SECRET_KEY = env_str("NEWSDIFFS_WAYBACK_SECRET_KEY")
# At most one Save Page Now request per news site (host) this often.
NEWSDIFFS_WAYBACK_HOST_INTERVAL_SECONDS = env_int(
    "NEWSDIFFS_WAYBACK_HOST_INTERVAL_SECONDS", 30, minimum=0
)
NEWSDIFFS_WAYBACK_POLL_SECONDS = env_int("NEWSDIFFS_WAYBACK_POLL_SECONDS", 15, minimum=1)
NEWSDIFFS_WAYBACK_MAX_POLLS = env_int("NEWSDIFFS_WAYBACK_MAX_POLLS", 40, minimum=1)

# Plain email notifications go through Django's SMTP mailer.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25, minimum=1),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": NEWSDIFFS_DELIVERY_TIMEOUT,
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsdiffs@localhost")
