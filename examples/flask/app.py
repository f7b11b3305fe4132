"""A small Flask app integrated with Maestrano through the ``maestrano`` Python package.

SSO (init and consume), single logout (the Maestrano session is rechecked when due), account
webhooks and Connec! notifications, billing the signed-in user's group and listing its Connec!
people. Configured by auto-configuration (``MNO_DEVPL_*``), e.g. against the local sandbox:

    MNO_DEVPL_HOST=http://127.0.0.1:5100 MNO_DEVPL_ENV_NAME=sandbox \\
    MNO_DEVPL_ENV_KEY=... MNO_DEVPL_ENV_SECRET=... PORT=3000 python app.py
"""

from __future__ import annotations

import html
import os
import secrets
from urllib.parse import urlsplit

from flask import Flask, jsonify, redirect, request, session as http_session

import maestrano
from maestrano import MaestranoError, session, sso, webhooks


def page(title: str, body: str, status: int = 200):
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>",
        status,
        {"Content-Type": "text/html; charset=utf-8"},
    )


def create_app(config: maestrano.Config, secret_key: str | None = None) -> Flask:
    """The app for one preset. Webhook state is in memory (a real app uses its database)."""
    app = Flask(__name__)
    app.secret_key = secret_key or secrets.token_hex(32)
    app.config.update(SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True)
    client = maestrano.Client(config)
    replay = maestrano.ReplayCache()
    cancelled_groups: set[str] = set()
    removed_members: set[str] = set()
    events: list[str] = []
    init_path = urlsplit(config.init_url()).path
    consume_path = urlsplit(config.consume_url()).path

    @app.before_request
    def platform_calls():
        """Account webhooks and Connec! notifications, routed by the configured templates."""
        try:
            event = webhooks.match(config, request.method, request.path, request.headers.get("Authorization"))
        except MaestranoError as e:
            if e.kind == "api_authentication":
                return jsonify(error="Invalid credentials"), 401
            raise
        if event is None:
            return None
        if event.event == "group_cancelled":
            cancelled_groups.add(event.group_id)
            events.append(f"group {event.group_id} cancelled")
        elif event.event == "member_removed":
            removed_members.add(event.local_user_id)
            events.append(f"member {event.user_id} removed from {event.group_id} (local user {event.local_user_id})")
        else:
            for entity, records in webhooks.connec_notification(request.get_data()).items():
                events.append(f"Connec! {entity}: {len(records)} record(s) changed")
        return jsonify(success=True)

    @app.get("/maestrano/metadata")
    def metadata():
        if not config.authenticate_header(request.headers.get("Authorization", "")):
            return jsonify(error="Invalid credentials"), 401
        return jsonify(config.metadata())

    @app.get(init_path)
    def init():
        params = request.args.to_dict()
        r = sso.authn_request(config, params=params, group_id=params.get("group_id"))
        http_session["pending_request_id"] = r.request_id
        return redirect(r.url, 302)

    @app.post(consume_path)
    def consume():
        try:
            result = sso.validate_response(
                config, request.form.get("SAMLResponse", ""), request_id=http_session.get("pending_request_id")
            )
            replay.check(config, result)
        except MaestranoError as e:
            return page("Sign-in refused", f"<p id='sso-error'>{html.escape(e.kind)}: {html.escape(e.message)}</p>", 403)
        if result.group.uid in cancelled_groups:
            return page("Access refused", f"<p>Group {html.escape(result.group.uid)} has cancelled this app.</p>", 403)
        http_session.clear()
        http_session.update(
            user_uid=result.user.uid,
            real_uid=result.user.extra.uid,
            name=f"{result.user.info.first_name or ''} {result.user.info.last_name or ''}".strip(),
            group_uid=result.group.uid,
            group_name=result.group.info.name,
            role=result.membership.role,
            maestrano=result.session,
        )
        return redirect("/", 302)

    def signed_in() -> bool:
        """A user is signed in and the platform still agrees (rechecked when due, fail closed)."""
        if "user_uid" not in http_session:
            return False
        if http_session["group_uid"] in cancelled_groups:
            http_session.clear()
            return False
        check = session.check(config, http_session.get("maestrano") or "")
        if not check.valid:
            http_session.clear()
            return False
        if check.value:
            http_session["maestrano"] = check.value
        return True

    @app.get("/")
    def home():
        if not signed_in():
            return redirect(init_path, 302)
        try:
            reply = client.connec.list(http_session["group_uid"], "people", top=20)
            people = "".join(
                f"<li>{html.escape(str(p.get('first_name', '')))} {html.escape(str(p.get('last_name', '')))}</li>"
                for p in reply.data
            ) or "<li>none yet</li>"
        except MaestranoError as e:
            people = f"<li>Connec! unavailable: {html.escape(str(e))}</li>"
        bill = request.args.get("bill")
        flash = f"<p id='bill-created'>Bill {html.escape(bill)} created</p>" if bill else ""
        s = http_session
        return page(
            "Demo app",
            f"""{flash}<p id="whoami">Signed in as <b>{html.escape(s['name'])}</b>
(<span id="user-uid">{html.escape(s['user_uid'])}</span>) in group <b id="group-uid">{html.escape(s['group_uid'])}</b>
({html.escape(s.get('group_name') or '')}), role <span id="role">{html.escape(s.get('role') or '')}</span>.</p>
<form method="post" action="/bills"><input name="description" value="Demo usage" id="bill-description">
<input name="price_cents" value="1500" id="bill-price"><button id="create-bill">Bill my group</button></form>
<h2>Connec! people</h2><ul id="people">{people}</ul>
<h2>Platform events</h2><ul id="events">{''.join(f'<li>{html.escape(e)}</li>' for e in events)}</ul>
<p><a href="/logout">Sign out</a></p>""",
        )

    @app.post("/bills")
    def create_bill():
        if not signed_in():
            return redirect(init_path, 302)
        try:
            bill = client.bills.create(
                {
                    "group_id": http_session["group_uid"],
                    "price_cents": int(request.form.get("price_cents", "0")),
                    "description": request.form.get("description", ""),
                    "currency": "USD",
                }
            )
        except (MaestranoError, ValueError) as e:
            return page("Billing failed", f"<p id='bill-error'>{html.escape(str(e))}</p>", 400)
        return redirect(f"/?bill={bill['id']}", 302)

    @app.get("/events")
    def event_log():
        return jsonify(events=events, cancelledGroups=sorted(cancelled_groups), removedMembers=sorted(removed_members))

    @app.get("/logout")
    def logout():
        uid = http_session.get("real_uid")
        http_session.clear()
        return redirect(config.logout_url(uid), 302)

    return app


def main() -> None:
    presets = maestrano.auto_configure(env=os.environ, file=os.environ.get("MNO_DEVPL_FILE"))
    name = os.environ.get("MNO_PRESET") or next(iter(presets))
    port = int(os.environ.get("PORT", "3000"))
    print(f"demo app (Flask) for preset {name} on http://127.0.0.1:{port}/", flush=True)
    create_app(presets[name]).run(host="127.0.0.1", port=port, threaded=True)


if __name__ == "__main__":
    main()
