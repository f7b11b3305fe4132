//! The Account API under `/api/v1/` (docs/platform.md §3): HTTP Basic `app id:api key`, the
//! `{success, errors, data}` envelope, form-encoded (or JSON) bodies.
//!
//! One deliberate difference from the old sandbox: an unknown id answers **404** (the old
//! sandbox answered HTTP 200 with `success: false`); the body is the same
//! `{"success":false,"errors":{"id":["does not exist"]},"data":{}}`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use maestrano_core::time::UnixTime;
use serde_json::{json, Map, Value};

use crate::db::{parse_prefixed_id, App, Bill, Db, Group, RecurringBill, User};
use crate::filters::apply_filters;
use crate::state::Shared;
use crate::util::{
    basic_credentials, body_params, iso, now, now_iso, parse_pairs, secret_eq, value_text,
};

/// The mocked reseller (the old sandbox hard-coded it too).
const RESELLER_ID: &str = "rsl-449s8fsd";

/// The routes, mounted at the root.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/api/v1/ping", get(ping))
        .route(
            "/api/v1/account/groups",
            get(list_groups).options(preflight),
        )
        .route("/api/v1/account/groups/{id}", get(show_group))
        .route("/api/v1/account/users", get(list_users).options(preflight))
        .route("/api/v1/account/users/{id}", get(show_user))
        .route(
            "/api/v1/account/bills",
            get(list_bills).post(create_bill).options(preflight),
        )
        .route(
            "/api/v1/account/bills/{id}",
            get(show_bill).delete(cancel_bill),
        )
        .route(
            "/api/v1/account/recurring_bills",
            get(list_recurring_bills)
                .post(create_recurring_bill)
                .options(preflight),
        )
        .route(
            "/api/v1/account/recurring_bills/{id}",
            get(show_recurring_bill).delete(cancel_recurring_bill),
        )
        .route("/api/v1/account/resellers", get(list_resellers))
        .route("/api/v1/account/resellers/{id}", get(show_reseller))
        .route(
            "/api/v1/account/resellers/{id}/groups",
            get(reseller_groups),
        )
}

/// A failed Account API call, answered with the envelope.
#[derive(Debug)]
pub enum AccountError {
    /// 401 `Invalid API token`.
    Unauthorized,
    /// 404 `id does not exist`.
    NotFound,
    /// 400 with field → messages.
    Invalid(Map<String, Value>),
    /// 500 system error (the cause is logged, not sent).
    Internal(String),
}

impl From<rusqlite::Error> for AccountError {
    fn from(e: rusqlite::Error) -> Self {
        AccountError::Internal(format!("database: {e}"))
    }
}

fn envelope(status: StatusCode, success: bool, errors: Value, data: Value) -> Response {
    let mut response = (
        status,
        Json(json!({"success": success, "errors": errors, "data": data})),
    )
        .into_response();
    cors(response.headers_mut());
    response
}

fn cors(headers: &mut HeaderMap) {
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("POST, PUT, DELETE, GET, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("Origin, X-Requested-With, Content-Type, Accept, Authorization"),
    );
}

impl IntoResponse for AccountError {
    fn into_response(self) -> Response {
        let (status, errors) = match self {
            AccountError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                json!({"authentication": ["Invalid API token"]}),
            ),
            AccountError::NotFound => (StatusCode::NOT_FOUND, json!({"id": ["does not exist"]})),
            AccountError::Invalid(errors) => (StatusCode::BAD_REQUEST, Value::Object(errors)),
            AccountError::Internal(cause) => {
                eprintln!("account API: internal error: {cause}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"system": ["A system error occured. Please retry later or contact support@maestrano.com if the issue persists."]}),
                )
            }
        };
        envelope(status, false, errors, json!({}))
    }
}

type ApiResult = Result<Response, AccountError>;

fn ok(data: Value) -> ApiResult {
    Ok(envelope(StatusCode::OK, true, json!({}), data))
}

fn invalid(field: &str, messages: &[&str]) -> AccountError {
    let mut errors = Map::new();
    errors.insert(field.into(), json!(messages));
    AccountError::Invalid(errors)
}

/// Checks HTTP Basic `app id:api key` and returns the app.
fn authenticate(s: &Shared, headers: &HeaderMap) -> Result<App, AccountError> {
    let (id, key) = basic_credentials(headers).ok_or(AccountError::Unauthorized)?;
    let app = s.app()?.ok_or(AccountError::Unauthorized)?;
    if secret_eq(&id, &app.uid) && secret_eq(&key, &app.api_key) {
        Ok(app)
    } else {
        Err(AccountError::Unauthorized)
    }
}

async fn preflight() -> Response {
    let mut response = StatusCode::OK.into_response();
    cors(response.headers_mut());
    response
}

async fn ping(State(s): State<Shared>, headers: HeaderMap) -> ApiResult {
    authenticate(&s, &headers)?;
    ok(json!({"msg": "Ping successful! (API Authentication successful)"}))
}

// ---- JSON views (docs/platform.md §3, fixtures/platform/account) ----

/// `account_group`.
pub fn group_json(g: &Group) -> Value {
    json!({
        "object": "account_group",
        "id": g.uid,
        "created_at": g.created_at,
        "updated_at": g.updated_at,
        "has_credit_card": g.has_credit_card,
        "status": g.status,
        "name": g.name,
        "free_trial_end_at": g.free_trial_end_at,
        "email": g.email,
        "currency": g.currency,
        "timezone": g.timezone,
        "country": g.country,
        "city": g.city,
        "main_accounting": g.main_accounting,
    })
}

/// `account_user`.
pub fn user_json(u: &User) -> Value {
    json!({
        "object": "account_user",
        "id": u.uid,
        "name": u.name,
        "surname": u.surname,
        "email": u.email,
        "company_name": u.company_name,
        "country": u.country,
        "sso_session": u.sso_session,
        "created_at": u.created_at,
        "updated_at": u.updated_at,
    })
}

/// `account_bill`.
pub fn bill_json(b: &Bill) -> Value {
    json!({
        "object": "account_bill",
        "id": format!("bill-{}", b.id),
        "group_id": b.group_uid,
        "created_at": b.created_at,
        "updated_at": b.updated_at,
        "price_cents": b.price_cents,
        "status": b.status,
        "currency": b.currency,
        "units": b.units,
        "description": b.description,
        "period_started_at": b.period_started_at,
        "period_ended_at": b.period_ended_at,
        "third_party": b.third_party,
    })
}

/// `account_recurring_bill`.
pub fn recurring_bill_json(b: &RecurringBill) -> Value {
    json!({
        "object": "account_recurring_bill",
        "id": format!("rbill-{}", b.id),
        "group_id": b.group_uid,
        "created_at": b.created_at,
        "updated_at": b.updated_at,
        "price_cents": b.price_cents,
        "status": b.status,
        "currency": b.currency,
        "description": b.description,
        "start_date": b.start_date,
        "period": b.period,
        "frequency": b.frequency,
        "cycles": b.cycles,
        "initial_cents": b.initial_cents,
        "last_execution_at": b.last_execution_at,
        "next_execution_at": b.next_execution_at,
        "remaining_cycles": b.remaining_cycles,
    })
}

fn reseller_json() -> Value {
    json!({
        "object": "account_reseller",
        "id": RESELLER_ID,
        "created_at": "2016-02-28T08:00:00Z",
        "updated_at": "2016-06-18T08:00:00Z",
        "name": "Blue Consulting",
        "code": "US-204512-BCL",
        "country": "AU",
    })
}

/// Applies the query-string filters to a list (see [`crate::filters`]).
fn filtered(items: Vec<Value>, query: &[(String, String)], handled: &[&str]) -> ApiResult {
    ok(Value::Array(apply_filters(items, query, handled)))
}

fn query_pairs(query: Option<String>) -> Vec<(String, String)> {
    query.as_deref().map(parse_pairs).unwrap_or_default()
}

// ---- groups and users ----

async fn list_groups(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let items = s.db.groups(&app.uid)?.iter().map(group_json).collect();
    filtered(items, &query_pairs(query), &[])
}

async fn show_group(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let group = s.db.group(&app.uid, &id)?.ok_or(AccountError::NotFound)?;
    ok(group_json(&group))
}

async fn list_users(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let query = query_pairs(query);
    let users = match crate::util::last_value(&query, "group_id") {
        Some(group) => {
            if s.db.group(&app.uid, group)?.is_none() {
                Vec::new()
            } else {
                s.db.group_members(group)?
                    .into_iter()
                    .map(|(u, _)| u)
                    .collect()
            }
        }
        None => s.db.app_users(&app.uid)?,
    };
    filtered(users.iter().map(user_json).collect(), &query, &["group_id"])
}

async fn show_user(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    // Only users of this app's groups are visible to it.
    let user =
        s.db.app_users(&app.uid)?
            .into_iter()
            .find(|u| u.uid == id)
            .ok_or(AccountError::NotFound)?;
    ok(user_json(&user))
}

// ---- bills ----

async fn list_bills(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let items = s.db.bills(&app.uid)?.iter().map(bill_json).collect();
    filtered(items, &query_pairs(query), &[])
}

async fn show_bill(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let bill = parse_prefixed_id(&id, "bill-")
        .map(|n| s.db.bill(&app.uid, n))
        .transpose()?
        .flatten()
        .ok_or(AccountError::NotFound)?;
    ok(bill_json(&bill))
}

/// Collects validation messages per field, in the order they are found.
#[derive(Default)]
struct Errors(Map<String, Value>);

impl Errors {
    fn add(&mut self, field: &str, message: &str) {
        let entry = self
            .0
            .entry(field.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(Value::String(message.to_owned()));
        }
    }

    fn into_result(self) -> Result<(), AccountError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AccountError::Invalid(self.0))
        }
    }
}

/// The request parameters, restricted to `whitelist` (anything else is ignored, as Rails'
/// strong parameters did), blank strings as absent.
fn whitelisted(params: &Map<String, Value>, whitelist: &[&str]) -> Map<String, Value> {
    params
        .iter()
        .filter(|(k, _)| whitelist.contains(&k.as_str()))
        .filter(|(_, v)| value_text(v).is_some_and(|t| !t.trim().is_empty()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn text(params: &Map<String, Value>, key: &str) -> Option<String> {
    params
        .get(key)
        .and_then(value_text)
        .map(|t| t.trim().to_owned())
}

/// An integer field: absent → `None`; not a whole number → a message.
fn integer(params: &Map<String, Value>, key: &str, errors: &mut Errors) -> Option<i64> {
    let raw = text(params, key)?;
    match raw.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            match raw.parse::<f64>() {
                Ok(_) => errors.add(key, "must be an integer"),
                Err(_) => errors.add(key, "is not a number"),
            }
            None
        }
    }
}

/// A time field: absent → `None`; unparseable → a message.
fn time(params: &Map<String, Value>, key: &str, errors: &mut Errors) -> Option<UnixTime> {
    let raw = text(params, key)?;
    match parse_time(&raw) {
        Some(t) => Some(t),
        None => {
            errors.add(key, "is not a valid date");
            None
        }
    }
}

/// RFC 3339 / xs:dateTime, or a bare date (midnight UTC).
fn parse_time(raw: &str) -> Option<UnixTime> {
    UnixTime::parse(raw).or_else(|| UnixTime::parse(&format!("{raw}T00:00:00Z")))
}

fn boolean(params: &Map<String, Value>, key: &str) -> bool {
    matches!(
        text(params, key).as_deref(),
        Some("true" | "1" | "t" | "yes" | "on")
    )
}

/// Checks `group_id`: it must be one of the app's groups.
fn charged_group(
    app: &App,
    db: &Db,
    params: &Map<String, Value>,
    errors: &mut Errors,
) -> Result<Option<Group>, AccountError> {
    let group = match text(params, "group_id") {
        Some(id) => db.group(&app.uid, &id)?,
        None => None,
    };
    if group.is_none() {
        errors.add(
            "group_id",
            "does not exist or cannot be charged by your service",
        );
    }
    Ok(group)
}

fn currency(params: &Map<String, Value>, errors: &mut Errors) -> String {
    match text(params, "currency") {
        None => "AUD".into(),
        Some(c) if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
            c.to_ascii_uppercase()
        }
        Some(_) => {
            errors.add("currency", "is not a valid ISO 4217 currency code");
            String::new()
        }
    }
}

fn price_cents(params: &Map<String, Value>, key: &str, errors: &mut Errors) -> Option<i64> {
    if text(params, key).is_none() {
        errors.add(key, "can't be blank");
        errors.add(key, "is not a number");
        return None;
    }
    let n = integer(params, key, errors)?;
    if n < 0 {
        errors.add(key, "must be greater than or equal to 0");
    }
    Some(n)
}

fn description(params: &Map<String, Value>, errors: &mut Errors) -> String {
    let d = text(params, "description").unwrap_or_default();
    if d.is_empty() {
        errors.add("description", "can't be blank");
    }
    d
}

/// `units` as Rails renders a BigDecimal: `"1.0"`, `"2.5"`.
fn units(params: &Map<String, Value>, errors: &mut Errors) -> Option<String> {
    let raw = text(params, "units")?;
    match raw.parse::<f64>() {
        Ok(u) if u.is_finite() && u >= 0.0 => Some(if u.fract() == 0.0 {
            format!("{u:.1}")
        } else {
            format!("{u}")
        }),
        _ => {
            errors.add("units", "is not a number");
            None
        }
    }
}

async fn create_bill(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let params = body_params(&headers, &body).map_err(|m| invalid("base", &[&m]))?;
    let params = whitelisted(
        &params,
        &[
            "group_id",
            "price_cents",
            "description",
            "units",
            "currency",
            "period_started_at",
            "period_ended_at",
            "third_party",
        ],
    );
    let mut errors = Errors::default();
    let group = charged_group(&app, &s.db, &params, &mut errors)?;
    let price = price_cents(&params, "price_cents", &mut errors);
    let description = description(&params, &mut errors);
    let currency = currency(&params, &mut errors);
    let units = units(&params, &mut errors);
    let started = time(&params, "period_started_at", &mut errors);
    let ended = time(&params, "period_ended_at", &mut errors);
    if let (Some(a), Some(b)) = (started, ended) {
        if b < a {
            errors.add("period_ended_at", "must be after period_started_at");
        }
    }
    errors.into_result()?;
    let (Some(group), Some(price)) = (group, price) else {
        return Err(AccountError::Internal("validated fields missing".into()));
    };
    let now = now_iso();
    let bill = s.db.transaction(|conn| {
        Db::insert_bill(
            conn,
            &Bill {
                id: 0,
                group_uid: group.uid.clone(),
                price_cents: price,
                status: "submitted".into(),
                currency,
                units,
                description,
                period_started_at: started.map(iso),
                period_ended_at: ended.map(iso),
                third_party: boolean(&params, "third_party"),
                created_at: now.clone(),
                updated_at: now.clone(),
            },
        )
    })?;
    ok(bill_json(&bill))
}

async fn cancel_bill(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let bill = parse_prefixed_id(&id, "bill-")
        .map(|n| s.db.bill(&app.uid, n))
        .transpose()?
        .flatten()
        .ok_or(AccountError::NotFound)?;
    if bill.status == "invoiced" {
        return Err(invalid(
            "status",
            &["has already been set to invoiced and cannot be changed"],
        ));
    }
    s.db.set_bill_status(bill.id, "cancelled", &now_iso())?;
    let bill =
        s.db.bill(&app.uid, bill.id)?
            .ok_or(AccountError::NotFound)?;
    ok(bill_json(&bill))
}

// ---- recurring bills ----

async fn list_recurring_bills(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let items =
        s.db.recurring_bills(&app.uid)?
            .iter()
            .map(recurring_bill_json)
            .collect();
    filtered(items, &query_pairs(query), &[])
}

fn find_recurring_bill(s: &Shared, app: &App, id: &str) -> Result<RecurringBill, AccountError> {
    parse_prefixed_id(id, "rbill-")
        .map(|n| s.db.recurring_bill(&app.uid, n))
        .transpose()?
        .flatten()
        .ok_or(AccountError::NotFound)
}

async fn show_recurring_bill(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    ok(recurring_bill_json(&find_recurring_bill(&s, &app, &id)?))
}

async fn create_recurring_bill(
    State(s): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let params = body_params(&headers, &body).map_err(|m| invalid("base", &[&m]))?;
    let params = whitelisted(
        &params,
        &[
            "group_id",
            "period",
            "frequency",
            "cycles",
            "price_cents",
            "description",
            "currency",
            "start_date",
            "initial_cents",
        ],
    );
    let mut errors = Errors::default();
    let group = charged_group(&app, &s.db, &params, &mut errors)?;
    let price = price_cents(&params, "price_cents", &mut errors);
    let description = description(&params, &mut errors);
    let currency = currency(&params, &mut errors);
    let period = text(&params, "period")
        .unwrap_or_else(|| "month".into())
        .to_ascii_lowercase();
    if !["month", "day", "week", "semimonth", "year"].contains(&period.as_str()) {
        errors.add("period", "is not included in the list");
    }
    let frequency = integer(&params, "frequency", &mut errors).unwrap_or(1);
    if frequency < 1 {
        errors.add("frequency", "must be greater than 0");
    }
    let cycles = integer(&params, "cycles", &mut errors);
    if cycles.is_some_and(|c| c < 1) {
        errors.add("cycles", "must be greater than 0");
    }
    let initial_cents = integer(&params, "initial_cents", &mut errors).unwrap_or(0);
    if initial_cents < 0 {
        errors.add("initial_cents", "must be greater than or equal to 0");
    }
    let now = now();
    let start = time(&params, "start_date", &mut errors).unwrap_or(now);
    if start < now.add_secs(-3600) {
        errors.add("start_date", "can't be more than 1 hour in the past");
    }
    errors.into_result()?;
    let (Some(group), Some(price)) = (group, price) else {
        return Err(AccountError::Internal("validated fields missing".into()));
    };
    let stamp = iso(now);
    let bill = s.db.transaction(|conn| {
        if initial_cents > 0 {
            Db::insert_bill(
                conn,
                &Bill {
                    id: 0,
                    group_uid: group.uid.clone(),
                    price_cents: initial_cents,
                    status: "submitted".into(),
                    currency: currency.clone(),
                    units: None,
                    description: format!("Initial: {description}"),
                    period_started_at: None,
                    period_ended_at: None,
                    third_party: false,
                    created_at: stamp.clone(),
                    updated_at: stamp.clone(),
                },
            )?;
        }
        Db::insert_recurring_bill(
            conn,
            &RecurringBill {
                id: 0,
                group_uid: group.uid.clone(),
                price_cents: price,
                status: "submitted".into(),
                currency: currency.clone(),
                description: description.clone(),
                start_date: iso(start),
                period: period.clone(),
                frequency,
                cycles,
                initial_cents,
                last_execution_at: None,
                next_execution_at: Some(iso(start)),
                remaining_cycles: cycles,
                created_at: stamp.clone(),
                updated_at: stamp.clone(),
            },
        )
    })?;
    ok(recurring_bill_json(&bill))
}

async fn cancel_recurring_bill(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    let bill = find_recurring_bill(&s, &app, &id)?;
    if bill.status == "expired" {
        return Err(invalid(
            "status",
            &["has already been set to expired and cannot be changed"],
        ));
    }
    s.db.set_recurring_bill_status(bill.id, "cancelled", &now_iso())?;
    ok(recurring_bill_json(&find_recurring_bill(&s, &app, &id)?))
}

// ---- resellers (mocked, as in the old sandbox) ----

async fn list_resellers(
    State(s): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult {
    authenticate(&s, &headers)?;
    filtered(vec![reseller_json()], &query_pairs(query), &[])
}

async fn show_reseller(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult {
    authenticate(&s, &headers)?;
    if id != RESELLER_ID {
        return Err(AccountError::NotFound);
    }
    ok(reseller_json())
}

async fn reseller_groups(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult {
    let app = authenticate(&s, &headers)?;
    if id != RESELLER_ID {
        return Err(AccountError::NotFound);
    }
    let items = s.db.groups(&app.uid)?.iter().map(group_json).collect();
    filtered(items, &query_pairs(query), &[])
}
