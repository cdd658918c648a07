"""One outbox for every message a row says is due (see outbox/delivery.py)."""
