//! [`RawJson`]: a piece of a line kept as JSON text until someone asks for it.

use serde::Serialize;
use serde_json::value::RawValue;

/// A JSON value kept verbatim (tool arguments, tool `details`, custom `data`, unknown lines). Serializes as the
/// JSON it holds; compares by text.
///
/// ```
/// use clawscope_core::transcript::RawJson;
///
/// let raw = RawJson::from_json(r#"{"command":"df -h /"}"#).unwrap();
/// assert_eq!(raw.get(), r#"{"command":"df -h /"}"#);
/// let value: serde_json::Value = raw.parse().unwrap();
/// assert_eq!(value["command"], "df -h /");
/// assert_eq!(serde_json::to_string(&raw).unwrap(), r#"{"command":"df -h /"}"#);
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Wraps JSON text; `None` when it is not valid JSON.
    pub fn from_json(text: &str) -> Option<Self> {
        RawValue::from_string(text.to_owned()).ok().map(RawJson)
    }

    pub(crate) fn from_raw(raw: &RawValue) -> Self {
        RawJson(raw.to_owned())
    }

    /// JSON `null`.
    pub fn null() -> Self {
        RawJson(RawValue::NULL.to_owned())
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The underlying [`RawValue`].
    pub fn as_raw_value(&self) -> &RawValue {
        &self.0
    }

    /// Deserializes the value.
    pub fn parse<'a, T: serde::Deserialize<'a>>(&'a self) -> serde_json::Result<T> {
        serde_json::from_str(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}
