"""HTTP helpers shared by the rate limits (core/throttle.py) and the forms of every app."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address for rate limiting (RATELIMIT_IP_META_KEY when CLIENT_IP_HEADER is
    set): the last address of that header, the one our own reverse proxy appended. Earlier
    entries come from the client and can be forged."""
    header = settings.CLIENT_IP_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        candidate = raw.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104  # nosec B104  # a key, not a bind
