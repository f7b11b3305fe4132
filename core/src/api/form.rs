//! Form encoding of Account API parameters (the Ruby SDK's `flatten_params`): nested objects
//! become `k[sub]`, arrays `k[]`, `null` values are dropped, every byte outside the RFC 3986
//! unreserved set is percent-encoded.

use crate::error::{Error, ErrorKind, Result};
use crate::url::escape;
use serde_json::{Map, Value};

/// `params` (a JSON object, or null for none) as `(name, value)` pairs in input order.
pub fn flatten(params: &Value) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    match params {
        Value::Null => {}
        Value::Object(map) => flatten_object(map, None, &mut out),
        other => {
            return Err(Error::new(
                ErrorKind::ApiInvalidRequest,
                format!(
                    "request parameters must be an object, found {}",
                    crate::config::type_name(other)
                ),
            ))
        }
    }
    Ok(out)
}

/// `params` as `a=1&b%5Bc%5D=2` (empty when there are none).
pub fn encode(params: &Value) -> Result<String> {
    Ok(flatten(params)?
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&"))
}

fn flatten_object(map: &Map<String, Value>, prefix: Option<&str>, out: &mut Vec<(String, String)>) {
    for (k, v) in map {
        let name = match prefix {
            Some(p) => format!("{p}[{k}]"),
            None => k.clone(),
        };
        flatten_value(v, name, out);
    }
}

fn flatten_value(v: &Value, name: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push((name, b.to_string())),
        Value::Number(n) => out.push((name, n.to_string())),
        Value::String(s) => out.push((name, s.clone())),
        Value::Array(items) => {
            for item in items {
                flatten_value(item, format!("{name}[]"), out);
            }
        }
        Value::Object(map) => flatten_object(map, Some(&name), out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattens_like_the_ruby_sdk() {
        let p = json!({"group_id": "cld-1", "price_cents": 2300, "third_party": false,
            "description": "Bill for something", "skip": null,
            "meta": {"a": "x y", "tags": ["t1", "t2"]}});
        assert_eq!(
            encode(&p).unwrap(),
            "group_id=cld-1&price_cents=2300&third_party=false&description=Bill%20for%20something\
             &meta%5Ba%5D=x%20y&meta%5Btags%5D%5B%5D=t1&meta%5Btags%5D%5B%5D=t2"
        );
        assert_eq!(encode(&Value::Null).unwrap(), "");
        assert_eq!(
            encode(&json!([1])).unwrap_err().kind(),
            ErrorKind::ApiInvalidRequest
        );
    }
}
