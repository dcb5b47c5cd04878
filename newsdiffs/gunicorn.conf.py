"""gunicorn's settings for the archive's web UI (`gunicorn -c newsdiffs/gunicorn.conf.py`).

Options given on the command line win over these; WEB_CONCURRENCY sets the
number of workers as gunicorn always reads it, and --bind the address
(127.0.0.1:8000 by default). Logs use the archive's one
line format, access lines included.
"""

wsgi_app = "newsdiffs.wsgi:application"
# Pages are read from the database and render in milliseconds; a worker
# still busy after 30 s is stuck and gets replaced.
timeout = 30
graceful_timeout = 10
keepalive = 5
# A worker is recycled now and then so that no leak lives for ever.
max_requests = 2000
max_requests_jitter = 200
# gunicorn's control socket is one path per user: two servers on one host
# (tests, a demo beside production) would fight over it, and nothing uses it.
control_socket_disable = True
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": "newsdiffs.logformat.OneLineFormatter", "role": "gunicorn"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
