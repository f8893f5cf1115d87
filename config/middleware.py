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
