//! Typed Account API objects (docs/spec.md §5, docs/platform.md §3). Every known field is
//! typed; fields the platform adds are kept in `extra` (and written back out), never dropped.
//! Times stay the strings the platform sent (RFC 3339, sometimes with milliseconds).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// A one-off charge to a group (`account_bill`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Bill {
    /// `bill-…`.
    pub id: String,
    /// The charged group (`cld-…`).
    pub group_id: Option<String>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Amount in cents.
    pub price_cents: Option<i64>,
    /// `submitted`, `invoiced` or `cancelled`.
    pub status: Option<String>,
    /// ISO 4217 currency (the platform defaults to AUD).
    pub currency: Option<String>,
    /// Quantity (a decimal; the platform may send it as a string).
    pub units: Option<f64>,
    /// What is charged.
    pub description: Option<String>,
    /// Start of the billed period.
    pub period_started_at: Option<String>,
    /// End of the billed period.
    pub period_ended_at: Option<String>,
    /// Whether a third party is billed.
    pub third_party: Option<bool>,
    /// Fields the platform sent that are not listed above (e.g. `object`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A charge repeated every period (`account_recurring_bill`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RecurringBill {
    /// `rbill-…`.
    pub id: String,
    /// The charged group.
    pub group_id: Option<String>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Amount per cycle in cents.
    pub price_cents: Option<i64>,
    /// `submitted`, `active`, `expired` or `cancelled`.
    pub status: Option<String>,
    /// ISO 4217 currency.
    pub currency: Option<String>,
    /// What is charged.
    pub description: Option<String>,
    /// First charge.
    pub start_date: Option<String>,
    /// `month`, `day`, `week`, `semimonth` or `year`.
    pub period: Option<String>,
    /// Periods between charges.
    pub frequency: Option<i64>,
    /// Number of charges (none: until cancelled).
    pub cycles: Option<i64>,
    /// One-off amount charged first, in cents.
    pub initial_cents: Option<i64>,
    /// When it last ran.
    pub last_execution_at: Option<String>,
    /// When it runs next.
    pub next_execution_at: Option<String>,
    /// Charges left.
    pub remaining_cycles: Option<i64>,
    /// Fields not listed above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A platform user (`account_user`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct User {
    /// `usr-…`.
    pub id: String,
    /// First name.
    pub name: Option<String>,
    /// Last name.
    pub surname: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Company name.
    pub company_name: Option<String>,
    /// ISO 3166 alpha-2 country.
    pub country: Option<String>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Fields not listed above (e.g. `sso_session`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A customer organisation using the app (`account_group`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Group {
    /// `cld-…`.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Contact email.
    pub email: Option<String>,
    /// `running`, `terminated`, …
    pub status: Option<String>,
    /// Whether the group can be charged.
    pub has_credit_card: Option<bool>,
    /// End of the free trial.
    pub free_trial_end_at: Option<String>,
    /// ISO 4217 currency.
    pub currency: Option<String>,
    /// ISO 3166 alpha-2 country.
    pub country: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Time zone (IANA name).
    pub timezone: Option<String>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Fields not listed above (e.g. `metadata`, `main_accounting`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A reseller of the marketplace (`account_reseller`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Reseller {
    /// `rsl-…`.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Reseller code.
    pub code: Option<String>,
    /// ISO 3166 alpha-2 country.
    pub country: Option<String>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Fields not listed above.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The typed fields of each record (read by [`Fields`]); every other field is kept in `extra`.
/// Written out rather than derived: serde's derived reader with `flatten` buffers every field
/// and cost the wasm module about 6 KB gzipped for these five records.
macro_rules! record {
    ($ty:ident { $($field:ident: $read:ident),* $(,)? }) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut fields = Fields(Map::deserialize(d)?);
                Ok($ty {
                    id: fields.id()?,
                    $($field: fields.$read(stringify!($field))?,)*
                    extra: fields.0,
                })
            }
        }
    };
}

record!(Bill {
    group_id: text,
    created_at: text,
    updated_at: text,
    price_cents: int,
    status: text,
    currency: text,
    units: decimal,
    description: text,
    period_started_at: text,
    period_ended_at: text,
    third_party: boolean,
});

record!(RecurringBill {
    group_id: text,
    created_at: text,
    updated_at: text,
    price_cents: int,
    status: text,
    currency: text,
    description: text,
    start_date: text,
    period: text,
    frequency: int,
    cycles: int,
    initial_cents: int,
    last_execution_at: text,
    next_execution_at: text,
    remaining_cycles: int,
});

record!(User {
    name: text,
    surname: text,
    email: text,
    company_name: text,
    country: text,
    created_at: text,
    updated_at: text,
});

record!(Group {
    name: text,
    email: text,
    status: text,
    has_credit_card: boolean,
    free_trial_end_at: text,
    currency: text,
    country: text,
    city: text,
    timezone: text,
    created_at: text,
    updated_at: text,
});

record!(Reseller {
    name: text,
    code: text,
    country: text,
    created_at: text,
    updated_at: text,
});

/// A record's object while its typed fields are taken out of it (what remains is `extra`, in
/// the platform's order). An absent or null field is `None`; a value of the wrong type is an
/// error with serde's message.
struct Fields(Map<String, Value>);

impl Fields {
    fn take(&mut self, key: &str) -> Value {
        self.0.shift_remove(key).unwrap_or(Value::Null)
    }

    /// The required `id` string.
    fn id<E: serde::de::Error>(&mut self) -> Result<String, E> {
        match self.0.shift_remove("id") {
            None => Err(E::missing_field("id")),
            Some(v) => String::deserialize(v).map_err(E::custom),
        }
    }

    fn text<E: serde::de::Error>(&mut self, key: &str) -> Result<Option<String>, E> {
        Option::<String>::deserialize(self.take(key)).map_err(E::custom)
    }

    fn int<E: serde::de::Error>(&mut self, key: &str) -> Result<Option<i64>, E> {
        int(self.take(key)).map_err(E::custom)
    }

    fn decimal<E: serde::de::Error>(&mut self, key: &str) -> Result<Option<f64>, E> {
        decimal(self.take(key)).map_err(E::custom)
    }

    fn boolean<E: serde::de::Error>(&mut self, key: &str) -> Result<Option<bool>, E> {
        boolean(self.take(key)).map_err(E::custom)
    }
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
        Some(Value::String(s)) => decimal_text(s.trim())
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("expected a decimal, found {s:?}"))),
        Some(v) => Err(D::Error::custom(format!("expected a decimal, found {v}"))),
    }
}

/// A decimal string with the syntax of Rust's `f64::from_str` (`[+-]`, digits with an optional
/// `.` and fraction, or `.` and a fraction, then an optional `e`/`E` exponent), read by
/// serde_json's number parser, as a decimal sent as a JSON number is: a quantity is the same
/// `f64` whether it came as `1.5` or `"1.5"`, and the wasm module carries one float parser, not
/// two (core's costs 13 KB gzipped). Up to 15 significant digits and 22 decimals (any price or
/// quantity) the value is the correctly rounded one; beyond, serde_json's may differ from it in
/// the last bit. Infinite and NaN values are refused.
fn decimal_text(s: &str) -> Option<f64> {
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    // JSON's syntax: no leading zeros, a digit before and after the point.
    let mut json = String::with_capacity(s.len() + 2);
    if negative {
        json.push('-');
    }
    let int = int.trim_start_matches('0');
    json.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json.push('.');
        json.push_str(frac);
    }
    if let Some(e) = exponent {
        let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
        json.push('e');
        json.push_str(e);
    }
    serde_json::from_str::<f64>(&json)
        .ok()
        .filter(|f| f.is_finite())
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

#[cfg(test)]
mod tests {
    use super::{decimal_text, Bill, Group};
    use serde_json::json;

    #[test]
    fn records_take_their_typed_fields_and_keep_the_rest_in_order() {
        let bill: Bill = serde_json::from_value(json!({
            "object": "account_bill", "id": "bill-1", "z_last": 1, "price_cents": "1500",
            "units": "2.5", "third_party": "true", "group_id": null, "a_first": [true],
        }))
        .unwrap();
        assert_eq!(bill.id, "bill-1");
        assert_eq!(bill.price_cents, Some(1500));
        assert_eq!(bill.units, Some(2.5));
        assert_eq!(bill.third_party, Some(true));
        assert_eq!(bill.group_id, None);
        assert_eq!(bill.status, None);
        let extra: Vec<&str> = bill.extra.keys().map(String::as_str).collect();
        assert_eq!(extra, ["object", "z_last", "a_first"]);
        // Written back out with the typed fields, `extra` flattened.
        let out = serde_json::to_value(&bill).unwrap();
        assert_eq!(out["object"], "account_bill");
        assert_eq!(out["price_cents"], 1500);

        let err = |v| serde_json::from_value::<Group>(v).unwrap_err().to_string();
        assert_eq!(err(json!({"name": "g"})), "missing field `id`");
        assert_eq!(
            err(json!({"id": 5})),
            "invalid type: integer `5`, expected a string"
        );
        assert_eq!(
            err(json!({"id": "cld-1", "city": ["x"]})),
            "invalid type: sequence, expected a string"
        );
        assert_eq!(
            err(json!({"id": "cld-1", "has_credit_card": "yes"})),
            "expected a boolean, found \"yes\""
        );
        assert!(err(json!(["cld-1"])).starts_with("invalid type: sequence"));
    }

    #[test]
    fn decimal_text_reads_what_f64_from_str_reads() {
        let cases = concat!(
            "0 1 -1 +1 1.5 -0.25 +.5 .5 -.5 5. 007 007.50 0.000 -0 1e3 1E3 1e+3 1e-3 2.5E-10 ",
            ".5e1 5.e1 123456.789 0.1 0.2 0.3 19.99 1e308 1e-320 0e99999999999999999999 ",
            "1e-99999999999999999999"
        )
        .split(' ');
        for c in cases {
            assert_eq!(
                decimal_text(c).map(f64::to_bits),
                c.parse::<f64>().ok().map(f64::to_bits),
                "{c}"
            );
        }
        // Amounts of up to 15 significant digits and at most 22 decimals (prices and quantities
        // are): correctly rounded, as `f64::from_str` reads them.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let r = next();
            let digits = (r % 999_999_999_999_999).to_string();
            let point = (r >> 50) as usize % (digits.len() + 1);
            let decimals = digits.len() - point;
            let e = (r >> 40) as usize % (23 - decimals.min(22));
            let c = format!("{}.{}e-{e}", &digits[..point], &digits[point..]);
            assert_eq!(
                decimal_text(&c).map(f64::to_bits),
                c.parse::<f64>().ok().map(f64::to_bits),
                "{c}"
            );
        }
        // Beyond that, a string reads as the same JSON number would (one parser for both).
        for _ in 0..2_000 {
            let r = next();
            let c = format!("{}.{}e-{}", r % 1000, r, (r >> 40) % 300);
            let number: serde_json::Value = serde_json::from_str(&c).unwrap();
            assert_eq!(
                decimal_text(&c).map(f64::to_bits),
                number.as_f64().map(f64::to_bits),
                "{c}"
            );
        }
        let refused = [
            "", ".", "+", "-", "e1", ".e1", "1e", "1e+", "1e-", "+-1", "--1", "1.2.3", "1,5",
            "1_000", " 1", "0x10", "inf", "-inf", "infinity", "NaN", "1e309", "-1e400", "1e5e5",
        ];
        for c in refused {
            assert_eq!(decimal_text(c), None, "{c}");
        }
    }
}
