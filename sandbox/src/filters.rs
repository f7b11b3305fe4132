//! Filtering lists of JSON objects: the Account API's query-parameter filters (the old
//! sandbox's `field`, `field_after`, `field_before`, … on each listed object's fields) and the
//! comparisons Connec!'s `$filter` uses.

use std::cmp::Ordering;

use maestrano_core::time::UnixTime;
use serde_json::Value;

/// Query parameters that are never filters.
const RESERVED: &[&str] = &["noauth"];

/// Suffixes and the orderings they accept, longest first.
const SUFFIXES: &[(&str, &[Ordering])] = &[
    ("_strictly_greater_than", &[Ordering::Greater]),
    ("_strictly_lower_than", &[Ordering::Less]),
    ("_strictly_after", &[Ordering::Greater]),
    ("_strictly_before", &[Ordering::Less]),
    ("_greater_than", &[Ordering::Greater, Ordering::Equal]),
    ("_lower_than", &[Ordering::Less, Ordering::Equal]),
    ("_after", &[Ordering::Greater, Ordering::Equal]),
    ("_before", &[Ordering::Less, Ordering::Equal]),
];

/// Compares a JSON field with a literal from a query: numbers numerically, times (RFC 3339) as
/// instants, booleans and everything else as text. `None` when they cannot be compared.
pub fn compare(field: &Value, literal: &str) -> Option<Ordering> {
    match field {
        Value::Number(n) => {
            let (a, b) = (n.as_f64()?, literal.trim().parse::<f64>().ok()?);
            a.partial_cmp(&b)
        }
        Value::Bool(b) => Some(b.to_string().as_str().cmp(literal)),
        Value::String(s) => match (UnixTime::parse(s), UnixTime::parse(literal)) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => Some(s.as_str().cmp(literal)),
        },
        Value::Null => Some(if literal.is_empty() || literal == "null" {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        _ => None,
    }
}

/// Keeps the objects matching every filter of `query` (parameters listed in `handled` and
/// bracketed names such as `a[b]` are skipped). A filter naming no field of the objects
/// matches nothing, as in the old sandbox.
pub fn apply_filters(
    items: Vec<Value>,
    query: &[(String, String)],
    handled: &[&str],
) -> Vec<Value> {
    let filters: Vec<(&str, &str, &[Ordering])> = query
        .iter()
        .filter(|(k, _)| {
            !handled.contains(&k.as_str()) && !RESERVED.contains(&k.as_str()) && !k.contains('[')
        })
        .map(|(k, v)| {
            let known = |f: &str| items.iter().any(|i| i.get(f).is_some());
            let (field, orderings) = SUFFIXES
                .iter()
                .find_map(|(suffix, ord)| {
                    k.strip_suffix(suffix)
                        .filter(|f| known(f))
                        .map(|f| (f, *ord))
                })
                .unwrap_or((k.as_str(), &[Ordering::Equal][..]));
            (field, v.as_str(), orderings)
        })
        .collect();
    items
        .into_iter()
        .filter(|item| {
            filters.iter().all(|(field, literal, orderings)| {
                item.get(*field)
                    .and_then(|v| compare(v, literal))
                    .is_some_and(|o| orderings.contains(&o))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn equality_suffixes_and_unknown_fields() {
        let items = vec![
            json!({"id": "a", "n": 1, "t": "2020-01-01T00:00:00Z"}),
            json!({"id": "b", "n": 5, "t": "2021-01-01T00:00:00Z"}),
        ];
        assert_eq!(
            apply_filters(items.clone(), &q(&[("id", "b")]), &[]).len(),
            1
        );
        assert_eq!(
            apply_filters(items.clone(), &q(&[("n_greater_than", "1")]), &[]).len(),
            2
        );
        assert_eq!(
            apply_filters(items.clone(), &q(&[("n_strictly_greater_than", "1")]), &[]).len(),
            1
        );
        assert_eq!(
            apply_filters(
                items.clone(),
                &q(&[("t_after", "2020-06-01T00:00:00+00:00")]),
                &[]
            )
            .len(),
            1
        );
        assert_eq!(
            apply_filters(items.clone(), &q(&[("nope", "x")]), &[]).len(),
            0
        );
        assert_eq!(
            apply_filters(items, &q(&[("nope", "x")]), &["nope"]).len(),
            2
        );
    }
}
