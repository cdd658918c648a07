"""Text messages through a pluggable backend (settings.UTOPIA_SMS_BACKEND), like Django's email backends.

- ConsoleBackend (default): logs the message; nothing leaves the machine.
- LocmemBackend: keeps messages in `shifts.messaging.sms.outbox` (tests).
- HttpBackend: a generic JSON POST to a provider (UTOPIA_SMS_HTTP_URL), with a timeout so a stuck provider
  never blocks a worker.

A backend raises SmsError (or OSError) when a message did not go out.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

from outbox.delivery import TransientError

logger = logging.getLogger(__name__)

# LocmemBackend appends here, as django.core.mail.outbox does for email.
outbox: list[dict] = []


class SmsError(TransientError):
    pass


class BaseBackend:
    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


class LocmemBackend(BaseBackend):
    def send(self, *, to: str, text: str) -> None:
        outbox.append({"to": to, "text": text})


class HttpBackend(BaseBackend):
    """POST {"to", "from", "text"} as JSON with a bearer token; any 2xx answer means accepted."""

    def send(self, *, to: str, text: str) -> None:
        url = settings.UTOPIA_SMS_HTTP_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("UTOPIA_SMS_HTTP_URL is not set to an http(s) address")
        payload = json.dumps({"to": to, "from": settings.UTOPIA_SMS_SENDER, "text": text}).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if settings.UTOPIA_SMS_HTTP_TOKEN:
            headers["Authorization"] = f"Bearer {settings.UTOPIA_SMS_HTTP_TOKEN}"
        request = urllib.request.Request(url, data=payload, headers=headers, method="POST")  # noqa: S310 - scheme checked above  # nosec B310
        try:
            with urllib.request.urlopen(request, timeout=settings.UTOPIA_SMS_TIMEOUT) as response:  # noqa: S310 - scheme checked above  # nosec B310
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"SMS provider answered {error.code}") from None
        if not 200 <= status < 300:
            raise SmsError(f"SMS provider answered {status}")


def get_backend() -> BaseBackend:
    return import_string(settings.UTOPIA_SMS_BACKEND)()


def send_sms(*, to: str, text: str) -> None:
    get_backend().send(to=to, text=text)
