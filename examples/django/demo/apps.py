"""The demo's Django app: connects its receivers of the platform's calls."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """``demo``."""

    name = "demo"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
