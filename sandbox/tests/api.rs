//! The sandbox's HTTP APIs against a real process: Account API, Connec!, developer platform,
//! outbound calls to a recording fake app, parallel writes and persistence across a restart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use maestrano_core::Presets;
use serde_json::{json, Value};

#[test]
fn account_api() {
    let dir = TempDir::new("account");
    let server = Server::start(dir.path(), &[]);
    let (id, key) = server.app_auth();
    let auth = Some((id.as_str(), key.as_str()));
    let api = |path: &str| format!("{}/api/v1/{path}", server.url);

    // Authentication.
    for bad in [
        None,
        Some((id.as_str(), "wrong")),
        Some(("app-x", key.as_str())),
    ] {
        let (status, _, text) = get(&api("ping"), bad);
        assert_eq!(status, 401);
        assert_eq!(
            text,
            r#"{"success":false,"errors":{"authentication":["Invalid API token"]},"data":{}}"#
        );
    }
    let (status, body, _) = get(&api("ping"), auth);
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["msg"],
        "Ping successful! (API Authentication successful)"
    );

    // Groups, users, resellers.
    let (_, body, _) = get(&api("account/groups"), auth);
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
    let (_, body, _) = get(&api("account/groups/cld-1"), auth);
    let keys: Vec<&str> = body["data"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "object",
            "id",
            "created_at",
            "updated_at",
            "has_credit_card",
            "status",
            "name",
            "free_trial_end_at",
            "email",
            "currency",
            "timezone",
            "country",
            "city",
            "main_accounting"
        ]
    );
    let (status, _, text) = get(&api("account/groups/cld-404"), auth);
    assert_eq!(status, 404);
    assert_eq!(
        text,
        r#"{"success":false,"errors":{"id":["does not exist"]},"data":{}}"#
    );
    let (_, body, _) = get(&api("account/users?group_id=cld-2"), auth);
    let ids: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["usr-1", "usr-2"]);
    let (_, body, _) = get(&api("account/users/usr-2"), auth);
    assert_eq!(body["data"]["object"], "account_user");
    assert_eq!(body["data"]["sso_session"].as_str().unwrap().len(), 36);
    assert_eq!(
        get(&api("account/users/usr-4"), auth).0,
        404,
        "not a user of this app"
    );
    let (_, body, _) = get(&api("account/users?name=Jane"), auth);
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    let (_, body, _) = get(&api("account/users?unknown_column=1"), auth);
    assert_eq!(body["data"], json!([]));
    let (_, body, _) = get(&api("account/resellers/rsl-449s8fsd/groups"), auth);
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
    assert_eq!(
        get(&api("account/resellers"), auth).1["data"][0]["object"],
        "account_reseller"
    );

    // Bills: create (form-encoded, as the SDKs send), list, retrieve, cancel.
    let (status, body, _) = post_form(
        &api("account/bills"),
        auth,
        &[
            ("group_id", "cld-1"),
            ("price_cents", "2300"),
            ("description", "Bill for something"),
            ("currency", "AUD"),
            ("units", "1"),
            ("period_started_at", "2016-06-01T00:00:00Z"),
            ("period_ended_at", "2016-07-01T00:00:00Z"),
            ("not_whitelisted", "ignored"),
        ],
    );
    assert_eq!(status, 200, "{body}");
    let bill = &body["data"];
    assert_eq!(bill["object"], "account_bill");
    assert_eq!(bill["status"], "submitted");
    assert_eq!(bill["units"], "1.0");
    assert_eq!(bill["period_started_at"], "2016-06-01T00:00:00Z");
    let bill_id = bill["id"].as_str().unwrap().to_owned();
    // JSON bodies are accepted too.
    let (status, body, _) = send_json(
        "POST",
        &api("account/bills"),
        auth,
        &json!({"group_id": "cld-2", "price_cents": 500, "description": "Other"}),
    );
    assert_eq!(status, 200, "{body}");
    let (_, body, _) = get(&api("account/bills?group_id=cld-1"), auth);
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    let (_, body, _) = get(&api(&format!("account/bills/{bill_id}")), auth);
    assert_eq!(body["data"]["id"], bill_id.as_str());
    assert_eq!(get(&api("account/bills/bill-999"), auth).0, 404);
    assert_eq!(get(&api("account/bills/garbage"), auth).0, 404);

    // Validation errors.
    let (status, _, text) = post_form(
        &api("account/bills"),
        auth,
        &[
            ("group_id", "cld-404"),
            ("price_cents", "100"),
            ("description", "x"),
        ],
    );
    assert_eq!(status, 400);
    assert_eq!(
        text,
        r#"{"success":false,"errors":{"group_id":["does not exist or cannot be charged by your service"]},"data":{}}"#
    );
    let (status, body, _) = post_form(&api("account/bills"), auth, &[("group_id", "cld-1")]);
    assert_eq!(status, 400);
    assert_eq!(
        body["errors"],
        json!({"price_cents": ["can't be blank", "is not a number"], "description": ["can't be blank"]})
    );
    let (status, body, _) = post_form(
        &api("account/bills"),
        auth,
        &[
            ("group_id", "cld-1"),
            ("price_cents", "abc"),
            ("description", "x"),
        ],
    );
    assert_eq!(status, 400);
    assert_eq!(body["errors"]["price_cents"], json!(["is not a number"]));
    let (status, _, _) = send_json("POST", &api("account/bills"), auth, &json!([1]));
    assert_eq!(status, 400);

    // Cancel; an invoiced bill cannot be cancelled.
    let (status, body, _) = delete(&api(&format!("account/bills/{bill_id}")), auth);
    assert_eq!(status, 200);
    assert_eq!(body["data"]["status"], "cancelled");
    let (_, body, _) = post_form(
        &api("account/bills"),
        auth,
        &[
            ("group_id", "cld-1"),
            ("price_cents", "100"),
            ("description", "to invoice"),
        ],
    );
    let invoiced = body["data"]["id"].as_str().unwrap().to_owned();
    let (status, _, _) = post_form(
        &format!("{}/admin/api/bills/{invoiced}/invoice", server.url),
        None,
        &[],
    );
    assert_eq!(status, 200);
    let (status, _, text) = delete(&api(&format!("account/bills/{invoiced}")), auth);
    assert_eq!(status, 400);
    assert_eq!(
        text,
        r#"{"success":false,"errors":{"status":["has already been set to invoiced and cannot be changed"]},"data":{}}"#
    );
    assert_eq!(delete(&api("account/bills/bill-999"), auth).0, 404);

    // Recurring bills (an initial fee also creates a bill).
    let (status, body, _) = post_form(
        &api("account/recurring_bills"),
        auth,
        &[
            ("group_id", "cld-3"),
            ("price_cents", "1000"),
            ("description", "Monthly plan"),
            ("period", "Month"),
            ("initial_cents", "250"),
        ],
    );
    assert_eq!(status, 200, "{body}");
    let rbill = &body["data"];
    assert_eq!(rbill["object"], "account_recurring_bill");
    assert_eq!(rbill["period"], "month");
    assert_eq!(rbill["frequency"], 1);
    assert_eq!(rbill["cycles"], Value::Null);
    let rbill_id = rbill["id"].as_str().unwrap().to_owned();
    let (_, body, _) = get(&api("account/bills?group_id=cld-3"), auth);
    assert_eq!(body["data"][0]["description"], "Initial: Monthly plan");
    let (status, body, _) = post_form(
        &api("account/recurring_bills"),
        auth,
        &[
            ("group_id", "cld-3"),
            ("price_cents", "1000"),
            ("description", "x"),
            ("period", "fortnight"),
            ("start_date", "2001-01-01T00:00:00Z"),
        ],
    );
    assert_eq!(status, 400);
    assert!(
        body["errors"]["period"].is_array() && body["errors"]["start_date"].is_array(),
        "{body}"
    );
    let (status, body, _) = delete(&api(&format!("account/recurring_bills/{rbill_id}")), auth);
    assert_eq!(status, 200);
    assert_eq!(body["data"]["status"], "cancelled");
    assert_eq!(
        get(&api("account/recurring_bills"), auth).1["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(get(&api("account/recurring_bills/rbill-77"), auth).0, 404);
}

#[test]
fn fifty_parallel_bills_all_persist_and_survive_a_restart() {
    let dir = TempDir::new("parallel");
    let server = Server::start(dir.path(), &["--app-url", "http://127.0.0.1:9"]);
    let (id, key) = server.app_auth();
    let url = format!("{}/api/v1/account/bills", server.url);
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let (url, id, key) = (url.clone(), id.clone(), key.clone());
            std::thread::spawn(move || {
                let price = (100 + i).to_string();
                post_form(
                    &url,
                    Some((&id, &key)),
                    &[
                        ("group_id", "cld-1"),
                        ("price_cents", &price),
                        ("description", "parallel"),
                    ],
                )
                .0
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    let (_, body, _) = get(&format!("{url}?description=parallel"), Some((&id, &key)));
    assert_eq!(body["data"].as_array().unwrap().len(), 50);

    // A Connec! document and a regenerated session token, then a restart.
    let connec = format!("{}/api/v2/cld-1/people", server.url);
    let (status, body, _) = send_json(
        "POST",
        &connec,
        Some((&id, &key)),
        &json!({"people": {"first_name": "Ada"}}),
    );
    assert_eq!(status, 201);
    let person = body["people"]["id"].as_str().unwrap().to_owned();
    let (_, token, _) = post_form(
        &format!("{}/admin/api/users/usr-2/logout", server.url),
        None,
        &[],
    );
    // The app is unreachable: the outbound call reports it instead of failing.
    let (status, body, _) = get(&format!("{}/admin/api/metadata", server.url), None);
    assert_eq!(status, 200);
    assert!(
        body["error"].as_str().unwrap().contains("unreachable"),
        "{body}"
    );
    let fingerprint = server.state["idp"]["x509_fingerprint"].clone();
    server.stop();

    let mut server = Server::start(dir.path(), &[]);
    assert_eq!(
        server.app_auth(),
        (id.clone(), key.clone()),
        "same credentials"
    );
    assert_eq!(
        server.state["app_url"], "http://127.0.0.1:9",
        "app URL remembered"
    );
    assert_eq!(
        server.state["idp"]["x509_fingerprint"], fingerprint,
        "same IdP key"
    );
    let (_, body, _) = get(
        &format!("{}/api/v1/account/bills?description=parallel", server.url),
        Some((&id, &key)),
    );
    assert_eq!(body["data"].as_array().unwrap().len(), 50);
    let (status, body, _) = get(
        &format!("{}/api/v2/cld-1/people/{person}", server.url),
        Some((&id, &key)),
    );
    assert_eq!(status, 200);
    assert_eq!(body["people"]["first_name"], "Ada");
    let users = server.refresh()["users"].clone();
    let usr2 = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "usr-2")
        .unwrap();
    assert_eq!(usr2["sso_session"], token["sso_session"]);
}

#[test]
fn connec_api() {
    let dir = TempDir::new("connec");
    let server = Server::start(dir.path(), &[]);
    let (id, key) = server.app_auth();
    let auth = Some((id.as_str(), key.as_str()));
    let people = format!("{}/api/v2/cld-1/people", server.url);

    let mut ids = Vec::new();
    for (first, last) in [("John", "Doe"), ("Ada", "Lovelace"), ("Alan", "Turing")] {
        let (status, body, _) = send_json(
            "POST",
            &people,
            auth,
            &json!({"people": {"first_name": first, "last_name": last}}),
        );
        assert_eq!(status, 201, "{body}");
        let doc = &body["people"];
        assert_eq!(doc["group_id"], "cld-1");
        assert_eq!(doc["type"], "people");
        assert_eq!(doc["id"].as_str().unwrap().len(), 36);
        assert!(doc["created_at"].is_string() && doc["updated_at"].is_string());
        ids.push(doc["id"].as_str().unwrap().to_owned());
    }

    // Pagination with an absolute next URL.
    let (status, body, _) = get(&format!("{people}?$top=2"), auth);
    assert_eq!(status, 200);
    assert_eq!(body["people"].as_array().unwrap().len(), 2);
    assert_eq!(body["pagination"]["total"], 3);
    let next = body["pagination"]["next"].as_str().unwrap().to_owned();
    assert_eq!(next, format!("{people}?%24skip=2&%24top=2"));
    let (_, body, _) = get(&next, auth);
    assert_eq!(body["people"].as_array().unwrap().len(), 1);
    assert_eq!(body["people"][0]["first_name"], "Alan");
    assert!(body["pagination"].get("next").is_none());
    let (_, body, _) = get(&people, auth);
    assert_eq!(
        body["pagination"],
        json!({"top": 100, "skip": 0, "total": 3})
    );

    // $filter and $orderby.
    let (_, body, _) = get(
        &format!("{people}?%24filter=first_name%20eq%20%27Ada%27"),
        auth,
    );
    assert_eq!(body["people"].as_array().unwrap().len(), 1);
    let (_, body, _) = get(
        &format!("{people}?%24filter=first_name%20gt%20%27Alan%27&%24orderby=first_name%20desc"),
        auth,
    );
    let names: Vec<&str> = body["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["first_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["John"]);
    let (_, body, _) = get(&format!("{people}?$orderby=last_name+desc"), auth);
    assert_eq!(body["people"][0]["last_name"], "Turing");
    assert_eq!(get(&format!("{people}?$filter=bogus"), auth).0, 400);

    // Get and merged update.
    let one = format!("{people}/{}", ids[0]);
    let (status, body, _) = get(&one, auth);
    assert_eq!(status, 200);
    assert_eq!(body["people"]["last_name"], "Doe");
    let (status, body, _) = send_json(
        "PUT",
        &one,
        auth,
        &json!({"people": {"email": {"address": "j@d.example"}, "id": "ignored"}}),
    );
    assert_eq!(status, 200);
    assert_eq!(body["people"]["first_name"], "John");
    assert_eq!(body["people"]["email"]["address"], "j@d.example");
    assert_eq!(body["people"]["id"], ids[0].as_str());

    // Batch.
    let (status, body, _) = send_json(
        "POST",
        &format!("{}/batch", server.url),
        auth,
        &json!({"sequential": true, "ops": [
            {"method": "post", "url": "/api/v2/cld-1/organizations/", "params": {"organizations": {"name": "Doe Corp"}}},
            {"method": "put", "url": format!("/api/v2/cld-1/people/{}", ids[1]), "params": {"people": {"title": "Countess"}}},
            {"method": "get", "url": "/api/v2/cld-1/people/nope", "params": {}},
            {"method": "post", "url": "/api/v2/cld-1/foos", "params": {"foos": {}}},
        ]}),
    );
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(
        results
            .iter()
            .map(|r| r["status"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [201, 200, 404, 400]
    );
    assert_eq!(results[0]["body"]["organizations"]["name"], "Doe Corp");
    assert_eq!(results[1]["body"]["people"]["title"], "Countess");

    // Errors.
    let check = |(status, body, _): (u16, Value, String), want: u16, code: &str| {
        assert_eq!(status, want, "{body}");
        let e = &body["errors"][0];
        assert_eq!(e["status"], want.to_string());
        assert_eq!(e["code"], code);
        for k in ["id", "href", "title", "detail"] {
            assert!(e.get(k).is_some(), "{k} in {e}");
        }
    };
    check(get(&people, None), 401, "unauthorized-access");
    check(
        get(&people, Some((&id, "wrong"))),
        401,
        "unauthorized-access",
    );
    check(
        get(&format!("{}/api/v2/cld-99/people", server.url), auth),
        401,
        "unauthorized-access",
    );
    check(
        get(&format!("{}/api/v2/cld-1/foos", server.url), auth),
        400,
        "unknown-resource",
    );
    check(
        get(&format!("{people}/nope"), auth),
        404,
        "resource-not-found",
    );
    check(
        send_json(
            "PUT",
            &format!("{people}/nope"),
            auth,
            &json!({"people": {}}),
        ),
        404,
        "resource-not-found",
    );
    check(
        send_json("POST", &people, auth, &json!({"persons": {}})),
        400,
        "invalid-request",
    );
    check(
        send_json("POST", &people, auth, &json!({"people": {"id": "x"}})),
        409,
        "resource-conflict",
    );
}

#[test]
fn developer_platform_reply_loads_as_presets() {
    let dir = TempDir::new("devpl");
    let server = Server::start(dir.path(), &["--app-url", "http://localhost:8080/"]);
    let url = format!("{}/api/config/v1/marketplaces", server.url);
    let (status, body, _) = get(&url, Some(("env-x", "nope")));
    assert_eq!(status, 401);
    assert_eq!(body, json!({"error": "Invalid credentials"}));
    assert_eq!(get(&url, None).0, 401);
    let (key, secret) = server.devpl_auth();
    let (status, body, _) = get(&url, Some((&key, &secret)));
    assert_eq!(status, 200);
    let list = body["marketplaces"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let m = &list[0];
    let presets = Presets::from_json(&json!({ m["marketplace"].as_str().unwrap(): m })).unwrap();
    let (_, config) = presets.iter().next().unwrap();
    let (id, api_key) = server.app_auth();
    assert_eq!(
        config.api_credentials().unwrap(),
        (id.as_str(), api_key.as_str())
    );
    assert_eq!(config.api_host().unwrap(), server.url);
    assert_eq!(config.connec_host().unwrap(), server.url);
    assert_eq!(config.app.host, "http://localhost:8080");
    assert_eq!(config.sso.idm, "http://localhost:8080");
    assert_eq!(config.sso.idp.as_deref(), Some(server.url.as_str()));
    assert_eq!(
        m["sso"]["x509_fingerprint"],
        server.state["idp"]["x509_fingerprint"]
    );
    assert_eq!(
        m["webhook"]["account"]["groups_path"],
        "/maestrano/account/groups/:id"
    );
    assert_eq!(
        m["webhooks"]["account"]["group_user_path"],
        "/maestrano/account/groups/:group_id/users/:id"
    );

    // --print-credentials-json reads the same data folder.
    drop(server);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maestrano-sandbox"))
        .args(["--print-credentials-json", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let creds: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(creds["app_id"], id.as_str());
    assert_eq!(creds["api_key"], api_key.as_str());
    assert_eq!(creds["devplatform"]["key"], key.as_str());
    assert_eq!(creds["users"].as_array().unwrap().len(), 4);
}

#[test]
fn outbound_calls_reach_the_app_with_basic_auth() {
    let app = FakeApp::start();
    let dir = TempDir::new("outbound");
    let server = Server::start(dir.path(), &["--app-url", &app.url]);
    let (id, key) = server.app_auth();
    let basic = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("{id}:{key}")
        )
    );
    let admin = |path: &str| format!("{}/admin/api/{path}", server.url);

    let (status, body, _) = post_form(&admin("groups/cld-1/cancel"), None, &[]);
    assert_eq!(status, 200);
    assert_eq!(body["status"], 200);
    assert_eq!(body["body"], json!({"success": true}));
    let (status, body, _) = post_form(&admin("groups/cld-2/users/usr-2/remove"), None, &[]);
    assert_eq!((status, body["status"].as_u64()), (200, Some(200)));
    let (status, body, _) = send_json(
        "POST",
        &admin("connec/notify"),
        None,
        &json!({"group_id": "cld-1", "collection": "people", "record": {"first_name": "Grace"}}),
    );
    assert_eq!(status, 200, "{body}");
    let person = body["record"]["id"].as_str().unwrap().to_owned();
    let (status, _, _) = get(&admin("metadata"), None);
    assert_eq!(status, 200);
    assert_eq!(post_form(&admin("groups/cld-404/cancel"), None, &[]).0, 404);

    assert!(eventually(|| app.recorded().len() >= 4));
    let seen = app.recorded();
    let summary: Vec<(String, String)> = seen
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "DELETE".to_owned(),
                "/maestrano/account/groups/cld-1".to_owned()
            ),
            (
                "DELETE".to_owned(),
                "/maestrano/account/groups/cld-2/users/usr-2".to_owned()
            ),
            (
                "POST".to_owned(),
                "/maestrano/connec/notifications".to_owned()
            ),
            ("GET".to_owned(), "/maestrano/metadata".to_owned()),
        ]
    );
    for r in &seen {
        assert_eq!(r.authorization.as_deref(), Some(basic.as_str()));
    }
    let notification: Value = serde_json::from_str(&seen[2].body).unwrap();
    assert_eq!(notification["people"][0]["first_name"], "Grace");
    assert_eq!(notification["people"][0]["group_id"], "cld-1");
    // The notified record is stored and served by Connec!.
    let (status, body, _) = get(
        &format!("{}/api/v2/cld-1/people/{person}", server.url),
        Some((&id, &key)),
    );
    assert_eq!(status, 200);
    assert_eq!(body["people"]["first_name"], "Grace");

    // The admin page shows the last call and the buttons.
    let (status, _, page) = get(&format!("{}/", server.url), None);
    assert_eq!(status, 200);
    assert!(page.contains("id=\"last-outbound\"") && page.contains("/maestrano/metadata"));
    assert!(page.contains("class=\"logout-user\"") && page.contains("class=\"cancel-group\""));
    assert!(page.contains("Smith &amp; Sons &lt;Pty&gt;"));
}
