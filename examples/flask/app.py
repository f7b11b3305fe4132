"""A small Flask app integrated with Maestrano through the ``maestrano.flask`` extension.

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

from flask import Flask, jsonify, redirect, request, session

import maestrano
from maestrano import MaestranoError, web
from maestrano.flask import Maestrano, current_user, login_required


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
    client = maestrano.Client(config)
    cancelled_groups: set[str] = set()
    removed_members: set[str] = set()
    events: list[str] = []
    mno = Maestrano(app, config=config, logout_path="/logout")

    @mno.on_sign_in
    def refuse_cancelled_groups(signin: web.SignIn):
        group = signin.user["group_uid"]
        if group in cancelled_groups:
            return page("Access refused", f"<p>Group {html.escape(group)} has cancelled this app.</p>", 403)
        return None

    @mno.on_group_cancelled
    def group_cancelled(event) -> None:
        cancelled_groups.add(event.group_id)
        events.append(f"group {event.group_id} cancelled")

    @mno.on_member_removed
    def member_removed(event) -> None:
        removed_members.add(event.local_user_id)
        events.append(f"member {event.user_id} removed from {event.group_id} (local user {event.local_user_id})")

    @mno.on_connec_notification
    def connec_notification(event, records) -> None:
        events.extend(f"Connec! {entity}: {len(changed)} record(s) changed" for entity, changed in records.items())

    @app.before_request
    def sign_out_cancelled_groups() -> None:
        user = current_user()
        if user and user["group_uid"] in cancelled_groups:
            web.sign_out_session(session)

    @app.get("/")
    @login_required
    def home():
        user = current_user()
        try:
            reply = client.connec.list(user["group_uid"], "people", top=20)
            people = "".join(
                f"<li>{html.escape(str(p.get('first_name', '')))} {html.escape(str(p.get('last_name', '')))}</li>"
                for p in reply.data
            ) or "<li>none yet</li>"
        except MaestranoError as e:
            people = f"<li>Connec! unavailable: {html.escape(str(e))}</li>"
        bill = request.args.get("bill")
        flash = f"<p id='bill-created'>Bill {html.escape(bill)} created</p>" if bill else ""
        name = f"{user['first_name'] or ''} {user['last_name'] or ''}".strip()
        return page(
            "Demo app",
            f"""{flash}<p id="whoami">Signed in as <b>{html.escape(name)}</b>
(<span id="user-uid">{html.escape(user['uid'])}</span>) in group <b id="group-uid">{html.escape(user['group_uid'])}</b>
({html.escape(user['group_name'] or '')}), role <span id="role">{html.escape(user['role'] or '')}</span>.</p>
<form method="post" action="/bills"><input name="description" value="Demo usage" id="bill-description">
<input name="price_cents" value="1500" id="bill-price"><button id="create-bill">Bill my group</button></form>
<h2>Connec! people</h2><ul id="people">{people}</ul>
<h2>Platform events</h2><ul id="events">{''.join(f'<li>{html.escape(e)}</li>' for e in events)}</ul>
<p><a href="/logout">Sign out</a></p>""",
        )

    @app.post("/bills")
    @login_required
    def create_bill():
        try:
            bill = client.bills.create(
                {
                    "group_id": current_user()["group_uid"],
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

    return app


def main() -> None:
    presets = maestrano.auto_configure(env=os.environ, file=os.environ.get("MNO_DEVPL_FILE"))
    name = os.environ.get("MNO_PRESET") or next(iter(presets))
    port = int(os.environ.get("PORT", "3000"))
    print(f"demo app (Flask) for preset {name} on http://127.0.0.1:{port}/", flush=True)
    create_app(presets[name]).run(host="127.0.0.1", port=port, threaded=True)


if __name__ == "__main__":
    main()
