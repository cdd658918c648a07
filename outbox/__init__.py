"""One outbox for every message a row says is due (outbox/delivery.py sends, outbox/publish.py queues)."""
