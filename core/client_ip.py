"""The address a request comes from, for the sign-in lockout (django-axes).

Behind a balancer every request arrives from the balancer's address, so locking "this user name
on this computer" would lock it on every computer at once. Only when the request comes from a
proxy the deployment trusts (TRUSTED_PROXIES) is X-Forwarded-For read, from the right: the first
address that is not a trusted proxy is the client. A client cannot forge its way past that,
because the addresses it writes itself stand to the left of the ones the proxies append.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([part.strip() for part in forwarded.split(",")]):
        if not _is_address(address):
            break
        if address not in trusted:
            return address
    return remote


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
