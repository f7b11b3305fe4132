"""The local sandbox (``maestrano-sandbox``) for the integration tests: started on a free port
with a fresh data folder, stopped after; and the browser's part of SSO done over HTTP (the user
picker answered by ``user_uid``, the auto-posted form read for its ``SAMLResponse``)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, Optional

import maestrano

ROOT = Path(__file__).resolve().parents[3]


def sandbox_binary() -> Optional[str]:
    """``MAESTRANO_SANDBOX`` or the debug build in the workspace, when it exists."""
    path = os.environ.get("MAESTRANO_SANDBOX") or str(
        Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "maestrano-sandbox"
    )
    return path if os.path.exists(path) else None


class Sandbox:
    """A running sandbox: ``url``, ``credentials`` (its ``--print-credentials-json``) and
    :meth:`config` / :meth:`presets` for an app at ``app_url``."""

    def __init__(self, binary: str, app_url: str = "http://testserver", recheck_secs: int = 180) -> None:
        self.data = tempfile.mkdtemp(prefix="mno-sandbox-")
        self.app_url = app_url
        args = [binary, "--data-dir", self.data, "--port", "0", "--app-url", app_url, "--recheck-secs", str(recheck_secs)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert self.proc.stdout is not None
        log = ""
        for line in self.proc.stdout:
            log += line
            m = re.search(r"Listening on (http://127\.0\.0\.1:\d+)", line)
            if m:
                self.url = m.group(1)
                break
        else:
            raise RuntimeError(f"the sandbox did not start:\n{log}")
        self.credentials: Dict[str, Any] = json.loads(
            subprocess.run(args + ["--print-credentials-json"], check=True, capture_output=True, text=True).stdout
        )

    def env(self) -> Dict[str, str]:
        """The ``MNO_DEVPL_*`` variables of auto-configuration against this sandbox."""
        d = self.credentials["devplatform"]
        return {
            "MNO_DEVPL_HOST": self.url,
            "MNO_DEVPL_API_PATH": d["api_path"],
            "MNO_DEVPL_ENV_NAME": d["env_name"],
            "MNO_DEVPL_ENV_KEY": d["key"],
            "MNO_DEVPL_ENV_SECRET": d["secret"],
        }

    def presets(self) -> maestrano.Presets:
        """Auto-configuration against the sandbox (one preset)."""
        return maestrano.auto_configure(env=self.env())

    def config(self) -> maestrano.Config:
        """The sandbox marketplace's config, for an app at ``app_url``."""
        presets = self.presets()
        return presets[next(iter(presets))]

    def saml_response(self, idp_redirect: str, user_uid: str = "usr-2", group_id: Optional[str] = None) -> str:
        """What the browser would post back: follows the app's redirect to the IdP, picks
        ``user_uid`` (and ``group_id``) and returns the form's ``SAMLResponse`` value."""
        extra = {"user_uid": user_uid}
        if group_id:
            extra["group_id"] = group_id
        sep = "&" if "?" in idp_redirect else "?"
        with urllib.request.urlopen(idp_redirect + sep + urllib.parse.urlencode(extra), timeout=10) as r:
            page = r.read().decode()
        m = re.search(r'name="SAMLResponse" value="([^"]*)"', page)
        if not m:
            raise AssertionError(f"no SAMLResponse in the IdP page:\n{page[:2000]}")
        return html.unescape(m.group(1))

    def logout_everywhere(self, user_uid: str) -> None:
        """Ends the user's platform session (the next session check answers ``valid: false``)."""
        req = urllib.request.Request(f"{self.url}/admin/api/users/{user_uid}/logout", method="POST", data=b"")
        urllib.request.urlopen(req, timeout=10).read()

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.data, ignore_errors=True)


def repost_fields(page: str) -> Dict[str, str]:
    """The hidden fields of the consume route's re-post page (``web.repost_page``)."""
    assert 'name="maestrano_repost"' in page, page[:500]
    return {n: html.unescape(v) for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}
