//! [`Presets`]: named configurations, one per marketplace (docs/spec.md D1: values, never global
//! state).

use super::Config;
use crate::error::{Error, ErrorKind, Result};
use serde_json::Value;

/// An ordered collection of named [`Config`]s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presets {
    entries: Vec<(String, Config)>,
}

impl Presets {
    /// An empty collection.
    pub fn new() -> Self {
        Presets::default()
    }

    /// Loads `{ "<name>": { ...config... }, ... }`. An error names the preset it came from.
    pub fn from_json(value: &Value) -> Result<Presets> {
        let obj = value.as_object().ok_or_else(|| {
            Error::new(
                ErrorKind::ConfigInvalid,
                "presets must be a JSON object of name → configuration",
            )
        })?;
        let mut presets = Presets::new();
        for (name, cfg) in obj {
            let config = Config::from_json(cfg)
                .map_err(|e| Error::new(e.kind(), format!("preset `{name}`: {}", e.message())))?;
            presets.insert(name, config);
        }
        Ok(presets)
    }

    /// Loads presets from JSON text.
    pub fn from_json_str(text: &str) -> Result<Presets> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::ConfigInvalid,
                format!("presets are not valid JSON: {e}"),
            )
        })?;
        Presets::from_json(&value)
    }

    /// Adds or replaces the preset `name`.
    pub fn insert(&mut self, name: &str, config: Config) {
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = config,
            None => self.entries.push((name.to_string(), config)),
        }
    }

    /// The preset `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Config> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The preset `name`, or `config_missing` naming it.
    pub fn require(&self, name: &str) -> Result<&Config> {
        self.get(name).ok_or_else(|| {
            Error::new(
                ErrorKind::ConfigMissing,
                format!("no preset named `{name}`"),
            )
        })
    }

    /// Preset names in insertion order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// `(name, config)` pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Config)> {
        self.entries.iter().map(|(n, c)| (n.as_str(), c))
    }

    /// Number of presets.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no presets.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All presets as `{ name: config JSON }`.
    pub fn to_json(&self) -> Value {
        Value::Object(
            self.entries
                .iter()
                .map(|(n, c)| (n.clone(), c.to_json()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn loads_in_order_and_names_failures() {
        let p = Presets::from_json(&json!({"b": {"environment": "uat"}, "a": {}})).unwrap();
        assert_eq!(p.names().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(p.get("b").unwrap().environment, "uat");
        let e = Presets::from_json(&json!({"x": {"sso": {"enabled": 3}}})).unwrap_err();
        assert!(e.message().starts_with("preset `x`:"));
        assert_eq!(
            p.require("zz").unwrap_err().kind(),
            ErrorKind::ConfigMissing
        );
    }
}
