import time

from django.conf import settings


class VietnameseFirstMiddleware:
    """Ignore the browser's Accept-Language so Vietnamese stays the default.

    Unit computers often run an English operating system; the interface must still open in
    Vietnamese. English is shown only when the user picks it (the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


# The session key holding when the session was last renewed (seconds since the epoch).
RENEWED_AT = "_renewed_at"


class SessionRenewalMiddleware:
    """Keep an active user's session alive without writing it on every request.

    A session ends SESSION_COOKIE_AGE seconds after it was last saved. Saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) cost each page a database write and a commit; here an
    active session is saved again once SESSION_RENEW_SECONDS have passed since its last save,
    so it ends between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after
    the last activity. Sits just inside SessionMiddleware, which does the saving.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        since = now - session.get(RENEWED_AT, 0)
        # A renewal stamped in the future (another server's clock ahead) counts as due.
        if session.modified or not 0 <= since < settings.SESSION_RENEW_SECONDS:
            # Marks the session modified: SessionMiddleware saves it with a new expiry.
            session[RENEWED_AT] = now
        return response


def stamp_session_renewal(sender, request, user, **kwargs) -> None:
    """Signing in saves the session (a new key): it counts as its renewal, so the first page
    after it writes nothing. Connected to user_logged_in in accounts.apps."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())
