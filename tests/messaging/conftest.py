from tests.hardening.test_redis_down import broker_down  # noqa: F401 (fixture)
from tests.reminders.conftest import _compiled_messages, sms_outbox  # noqa: F401 (fixtures)
from tests.stays.conftest import bungalows  # noqa: F401 (fixture)
