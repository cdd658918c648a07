from .publish import one_broker_try


class OneBrokerTryPerRequest:
    """With the broker down, a request tries it once: the messages after the first failure wait for the sweep,
    instead of each costing the request a connection timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_broker_try():
            return self.get_response(request)
