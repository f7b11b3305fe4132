"""A small Django project integrated with Maestrano through ``maestrano.django``."""
