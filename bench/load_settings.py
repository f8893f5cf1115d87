"""Production settings for the load test, less HTTPS: plain HTTP on 127.0.0.1 only.

A deployment ends TLS at the balancer and keeps config.settings.production as it is; here
the balancer speaks HTTP, so secure-only cookies would never come back.
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# nginx on this machine is the balancer in front of both servers.
TRUSTED_PROXIES = ["127.0.0.1"]
