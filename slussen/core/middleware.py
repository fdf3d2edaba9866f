from dataclasses import asdict

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Swedish unless the person chose otherwise (the language cookie set by the switch).

    The browser's Accept-Language is deliberately ignored: the region's services are in
    Swedish by default, whatever language the computer happens to be set to.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class HtmxHistoryMiddleware:
    """A list page and its htmx part share an address: a search typed into the register (or
    any list that updates as one types) pushes ``?q=…`` into the history, and the part that
    answered it is the rows alone. Going back to that address after leaving the page then
    showed the rows alone, without the page, its styles or its search box: the browser took
    the part it had kept for the address (nothing said it differs by ``HX-Request``), or htmx,
    without a copy of the page, asked for it again as an htmx request and got the part.

    Every answer says it differs by ``HX-Request``; a request of htmx's to restore the
    history is answered as a page (its ``HX-Request`` dropped before ``django_htmx`` reads
    it): every view that answers htmx with a part keeps the back button, with no code of
    its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true":
            request.META.pop("HTTP_HX_REQUEST", None)
            request.__dict__.pop("headers", None)  # read again from the META without it
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's, the policy of the settings built once rather than on every response.

    Building the headers (enforced and report-only) cost some 60 µs of every request's
    processor time, the same strings each time unless the response or the request brings
    something of its own: a response's ``_csp_config``/``_csp_update``/``_csp_replace`` (as
    the log-out form after single sign-on does) or a nonce a template asked for. Those are
    built by django-csp as before; everything else of its response handling is its own."""

    def process_response(self, request, response):
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(request, response, report_only=report_only)
            policy = _policy(parts, report_only)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written would not be in it.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


_POLICIES: dict[bool, str] = {}  # report_only -> the settings' policy


def _policy(parts, report_only) -> str:
    if parts.config is None and parts.update is None and parts.replace is None:
        if parts.nonce is None:
            if report_only not in _POLICIES:
                _POLICIES[report_only] = build_policy(report_only=report_only)
            return _POLICIES[report_only]
    return build_policy(**asdict(parts), report_only=report_only)


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _POLICIES.clear()
