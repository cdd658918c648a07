# Moved to outbox.delivery; kept only for sites/services.py until the donations app imports it from there.
from outbox.publish import safe_delay

__all__ = ["safe_delay"]
