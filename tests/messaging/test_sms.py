"""The SMS backends: console by default, a generic JSON-over-HTTP provider with a timeout."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shifts.messaging import sms


class _Provider(BaseHTTPRequestHandler):
    received: list = []
    status = 202
    delay = 0.0

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"auth": self.headers.get("Authorization"), "json": json.loads(body)})
        time.sleep(type(self).delay)
        try:
            self.send_response(type(self).status)
            self.end_headers()
            self.wfile.write(b"{}")
        except BrokenPipeError:  # the client gave up (the timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    _Provider.received = []
    _Provider.status = 202
    _Provider.delay = 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.UTOPIA_SMS_BACKEND = "shifts.messaging.sms.HttpBackend"
    settings.UTOPIA_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.UTOPIA_SMS_HTTP_TOKEN = "provider-token"
    settings.UTOPIA_SMS_SENDER = "utopia"
    yield _Provider
    server.shutdown()
    server.server_close()


def test_http_backend_posts_json_with_the_token(provider):
    sms.send_sms(to="+33612345678", text="Rappel utopia")

    assert provider.received == [
        {"auth": "Bearer provider-token", "json": {"to": "+33612345678", "from": "utopia", "text": "Rappel utopia"}}
    ]


def test_http_backend_raises_when_the_provider_refuses(provider):
    provider.status = 500

    with pytest.raises(sms.SmsError, match="500"):
        sms.send_sms(to="+33612345678", text="x")


def test_http_backend_gives_up_after_the_timeout(provider, settings):
    settings.UTOPIA_SMS_TIMEOUT = 1
    provider.delay = 3

    with pytest.raises(OSError):  # socket timeout: a transient error
        sms.send_sms(to="+33612345678", text="x")


def test_console_backend_is_the_default_and_sends_nothing_out(settings, caplog):
    settings.UTOPIA_SMS_BACKEND = "shifts.messaging.sms.ConsoleBackend"

    with caplog.at_level("INFO", logger="shifts.messaging.sms"):
        sms.send_sms(to="+33612345678", text="hello")

    assert "SMS to +33612345678: hello" in caplog.text
