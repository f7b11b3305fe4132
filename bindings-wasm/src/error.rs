//! Core errors as JS `Error`s carrying the stable `kind`.

use wasm_bindgen::JsValue;

/// Turns a core error into `Error{name: "MaestranoError", kind, message}`.
pub(crate) fn to_js(e: maestrano_core::Error) -> JsValue {
    let err = js_sys::Error::new(e.message());
    err.set_name("MaestranoError");
    // Setting a property on a fresh, extensible Error cannot fail.
    let _ = js_sys::Reflect::set(&err, &"kind".into(), &e.kind().as_str().into());
    if let Some(h) = e.http() {
        let http = serde_json::json!({
            "status": h.status,
            "param": h.param,
            "messages": h.messages,
            "body_excerpt": h.body_excerpt,
        });
        let _ = js_sys::Reflect::set(&err, &"http".into(), &http.to_string().into());
    }
    err.into()
}

/// Result alias of the bindings.
pub(crate) type Result<T> = std::result::Result<T, JsValue>;

/// `?`-friendly conversion.
pub(crate) trait IntoJs<T> {
    fn js(self) -> Result<T>;
}

impl<T> IntoJs<T> for maestrano_core::Result<T> {
    fn js(self) -> Result<T> {
        self.map_err(to_js)
    }
}
