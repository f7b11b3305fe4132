"""The integration's routes: ``path("", include("maestrano.django.urls"))``.

The init and consume routes are at the paths of ``config.init_url()`` / ``consume_url()``, the
webhooks at the config's ``webhook`` templates (one ``:name`` per segment, an optional trailing
tenant segment); metadata at ``maestrano/metadata``, logout at ``maestrano/logout``. The
patterns are built from ``settings.MAESTRANO`` when the URLconf is first loaded. Namespace
``maestrano``: ``LOGIN_URL = "maestrano:init"`` sends ``login_required`` views to SSO.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List
from urllib.parse import urlsplit

from django.urls import URLPattern, re_path

from . import views
from .conf import get_config

app_name = "maestrano"


def exact(url_or_path: str) -> str:
    """The ``re_path`` regex of exactly this URL's path (an optional trailing slash)."""
    return "^" + re.escape(urlsplit(url_or_path).path.strip("/")) + "/?$"


def template(path: str) -> str:
    """The ``re_path`` regex of a webhook template: ``:name`` segments match any one segment;
    one more segment (a tenant) may follow. The view checks the call itself."""
    parts = [p for p in path.split("?")[0].split("/") if p]
    segments = ["[^/]+" if p.startswith(":") else re.escape(p) for p in parts]
    return "^" + "/+".join(segments) + "(?:/+[^/]+)?/*$"


def _patterns() -> List[URLPattern]:
    config = get_config()
    hooks: Dict[str, Any] = config.to_dict()["webhook"]
    webhook_paths: Dict[str, str] = {
        "webhook-groups": hooks["account"]["groups_path"],
        "webhook-group-users": hooks["account"]["group_users_path"],
        "webhook-connec": hooks["connec"]["notifications_path"],
    }
    return [
        re_path(exact(config.init_url()), views.init, name="init"),
        re_path(exact(config.consume_url()), views.consume, name="consume"),
        re_path(exact("/maestrano/metadata"), views.metadata, name="metadata"),
        re_path(exact("/maestrano/logout"), views.logout, name="logout"),
        *(re_path(template(path), views.webhook, name=name) for name, path in webhook_paths.items() if path),
    ]


urlpatterns = _patterns()
