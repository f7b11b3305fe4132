//! Typed Account API objects (docs/spec.md §5, docs/platform.md §3). Every known field is
//! typed; fields the platform adds are kept in `extra` (and written back out), never dropped.
//! Times stay the strings the platform sent (RFC 3339, sometimes with milliseconds).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// A one-off charge to a group (`account_bill`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bill {
    /// `bill-…`.
    pub id: String,
    /// The charged group (`cld-…`).
    #[serde(default)]
    pub group_id: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Amount in cents.
    #[serde(default, deserialize_with = "int")]
    pub price_cents: Option<i64>,
    /// `submitted`, `invoiced` or `cancelled`.
    #[serde(default)]
    pub status: Option<String>,
    /// ISO 4217 currency (the platform defaults to AUD).
    #[serde(default)]
    pub currency: Option<String>,
    /// Quantity (a decimal; the platform may send it as a string).
    #[serde(default, deserialize_with = "decimal")]
    pub units: Option<f64>,
    /// What is charged.
    #[serde(default)]
    pub description: Option<String>,
    /// Start of the billed period.
    #[serde(default)]
    pub period_started_at: Option<String>,
    /// End of the billed period.
    #[serde(default)]
    pub period_ended_at: Option<String>,
    /// Whether a third party is billed.
    #[serde(default, deserialize_with = "boolean")]
    pub third_party: Option<bool>,
    /// Fields the platform sent that are not listed above (e.g. `object`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A charge repeated every period (`account_recurring_bill`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecurringBill {
    /// `rbill-…`.
    pub id: String,
    /// The charged group.
    #[serde(default)]
    pub group_id: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Amount per cycle in cents.
    #[serde(default, deserialize_with = "int")]
    pub price_cents: Option<i64>,
    /// `submitted`, `active`, `expired` or `cancelled`.
    #[serde(default)]
    pub status: Option<String>,
    /// ISO 4217 currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// What is charged.
    #[serde(default)]
    pub description: Option<String>,
    /// First charge.
    #[serde(default)]
    pub start_date: Option<String>,
    /// `month`, `day`, `week`, `semimonth` or `year`.
    #[serde(default)]
    pub period: Option<String>,
    /// Periods between charges.
    #[serde(default, deserialize_with = "int")]
    pub frequency: Option<i64>,
    /// Number of charges (none: until cancelled).
    #[serde(default, deserialize_with = "int")]
    pub cycles: Option<i64>,
    /// One-off amount charged first, in cents.
    #[serde(default, deserialize_with = "int")]
    pub initial_cents: Option<i64>,
    /// When it last ran.
    #[serde(default)]
    pub last_execution_at: Option<String>,
    /// When it runs next.
    #[serde(default)]
    pub next_execution_at: Option<String>,
    /// Charges left.
    #[serde(default, deserialize_with = "int")]
    pub remaining_cycles: Option<i64>,
    /// Fields not listed above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A platform user (`account_user`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// `usr-…`.
    pub id: String,
    /// First name.
    #[serde(default)]
    pub name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub surname: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Company name.
    #[serde(default)]
    pub company_name: Option<String>,
    /// ISO 3166 alpha-2 country.
    #[serde(default)]
    pub country: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields not listed above (e.g. `sso_session`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A customer organisation using the app (`account_group`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// `cld-…`.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Contact email.
    #[serde(default)]
    pub email: Option<String>,
    /// `running`, `terminated`, …
    #[serde(default)]
    pub status: Option<String>,
    /// Whether the group can be charged.
    #[serde(default, deserialize_with = "boolean")]
    pub has_credit_card: Option<bool>,
    /// End of the free trial.
    #[serde(default)]
    pub free_trial_end_at: Option<String>,
    /// ISO 4217 currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// ISO 3166 alpha-2 country.
    #[serde(default)]
    pub country: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// Time zone (IANA name).
    #[serde(default)]
    pub timezone: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields not listed above (e.g. `metadata`, `main_accounting`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A reseller of the marketplace (`account_reseller`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reseller {
    /// `rsl-…`.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Reseller code.
    #[serde(default)]
    pub code: Option<String>,
    /// ISO 3166 alpha-2 country.
    #[serde(default)]
    pub country: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields not listed above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An integer sent as a number or a numeric string.
fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::Error;
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected an integer, found {n}"))),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("expected an integer, found {s:?}"))),
        Some(v) => Err(D::Error::custom(format!("expected an integer, found {v}"))),
    }
}

/// A decimal sent as a number or a numeric string (Rails encodes BigDecimal as a string).
fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    use serde::de::Error;
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected a decimal, found {s:?}"))),
        Some(v) => Err(D::Error::custom(format!("expected a decimal, found {v}"))),
    }
}

/// A boolean sent as `true`/`false` or `"true"`/`"false"`.
fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    use serde::de::Error;
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::String(s)) if s == "true" => Ok(Some(true)),
        Some(Value::String(s)) if s == "false" => Ok(Some(false)),
        Some(v) => Err(D::Error::custom(format!("expected a boolean, found {v}"))),
    }
}
