#!/usr/bin/env bash
# `make demo`: the local sandbox (the platform: IdP, APIs, developer platform, webhooks) and the
# Hono demo app, auto-configured against it. Sign in at the printed URL; Ctrl-C stops both.
#
#   SANDBOX_PORT (5100), APP_PORT (3000), SANDBOX_DATA (./sandbox-data), RECHECK_SECS (60)
set -euo pipefail
cd "$(dirname "$0")/.."
SANDBOX_PORT="${SANDBOX_PORT:-5100}"
APP_PORT="${APP_PORT:-3000}"
SANDBOX_DATA="${SANDBOX_DATA:-sandbox-data}"
RECHECK_SECS="${RECHECK_SECS:-60}"
sandbox="${CARGO_TARGET_DIR:-target}/debug/maestrano-sandbox"

cargo build -q -p maestrano-sandbox
args=(--data-dir "$SANDBOX_DATA" --port "$SANDBOX_PORT" --app-url "http://127.0.0.1:$APP_PORT"
      --recheck-secs "$RECHECK_SECS")
creds="$("$sandbox" "${args[@]}" --print-credentials-json)"
field() { node -e "const c=JSON.parse(process.argv[1]);console.log($2)" "$creds"; }

"$sandbox" "${args[@]}" > "$SANDBOX_DATA/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid ${app_pid:-} 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do grep -q 'Listening on' "$SANDBOX_DATA/sandbox.log" 2>/dev/null && break; sleep 0.2; done

MNO_DEVPL_HOST="$(field "$creds" c.devplatform.host)" \
MNO_DEVPL_API_PATH="$(field "$creds" c.devplatform.api_path)" \
MNO_DEVPL_ENV_NAME="$(field "$creds" c.devplatform.env_name)" \
MNO_DEVPL_ENV_KEY="$(field "$creds" c.devplatform.key)" \
MNO_DEVPL_ENV_SECRET="$(field "$creds" c.devplatform.secret)" \
PORT="$APP_PORT" node examples/hono/server.mjs &
app_pid=$!
sleep 1

cat <<MSG

  Maestrano sandbox   http://127.0.0.1:$SANDBOX_PORT/   (admin page: users, groups, bills, webhooks)
  Demo app (Hono)     http://127.0.0.1:$APP_PORT/       ← open this and sign in through SSO

  Seeded logins (pick one on the sandbox's sign-in page):
$(field "$creds" "c.users.map(u => '    ' + u.id + '  ' + u.name + ' ' + u.surname + '  ' + (u.groups.map(g => g.id + ' (' + g.role + ')').join(', ') || 'no group: access denied')).join('\n')")

  App id $(field "$creds" c.app_id) · single logout rechecks every $RECHECK_SECS s · data in $SANDBOX_DATA/
  The Flask demo: PORT=3001 MNO_DEVPL_… python examples/flask/app.py (see examples/README.md)
  Ctrl-C stops both.
MSG
wait $app_pid
