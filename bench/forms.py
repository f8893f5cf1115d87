"""The fields of a page's form as a browser would submit them (the load test's users)."""

import html.parser


class FormParser(html.parser.HTMLParser):
    """Collects the fields of the page's main form as the browser would submit them."""

    def __init__(self, action_contains: str):
        super().__init__()
        self.action_contains = action_contains
        self.in_form = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            posts_here = not action or self.action_contains in action
            self.in_form = posts_here and attrs.get("method", "get").lower() == "post"
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if "selected" in attrs or (not self.fields[self._select] and value):
                self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            self.action_contains = "\0"  # only the first matching form
