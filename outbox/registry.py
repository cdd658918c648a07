"""The outboxes, registered at start-up by the apps that own them (AppConfig.ready).

Each is a name (a model label, "shifts.Notification"), how to send one row (`deliver(pk, reraise=...)`) and
how to sweep what is due (`sweep(budget_seconds=...)`). outbox.tasks sends and sweeps through this table,
so the outbox imports no app built on it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    name: str
    sweep: Callable[..., int]
    deliver: Callable[..., bool] | None = None


BOXES: dict[str, Box] = {}


def register(name: str, *, sweep: Callable[..., int], deliver: Callable[..., bool] | None = None) -> None:
    BOXES[name] = Box(name=name, sweep=sweep, deliver=deliver)


def of(name: str) -> Box:
    return BOXES[name]
