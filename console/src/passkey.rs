//! Passkeys in the browser: the WebAuthn ceremonies through the Level 3 JSON methods
//! (`PublicKeyCredential.parseCreationOptionsFromJSON`, `toJSON`), so the edge's options go
//! in as it sent them and the authenticator's answer comes out as base64url JSON.

use js_sys::{Function, Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a ceremony gave no credential.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// The browser has no passkeys (or not the JSON methods).
    Unsupported,
    /// The member cancelled, or the time ran out (`NotAllowedError`).
    Cancelled,
    /// Anything else the browser said.
    Failed(String),
}

/// Whether this browser can make and use passkeys.
pub fn supported() -> bool {
    credential_class().is_some_and(|class| {
        [
            "parseCreationOptionsFromJSON",
            "parseRequestOptionsFromJSON",
        ]
        .iter()
        .all(|m| Reflect::get(&class, &(*m).into()).is_ok_and(|f| f.is_function()))
    })
}

/// Makes a passkey with the edge's creation options; the credential's JSON.
pub async fn create(options: &Value) -> Result<Value, Refused> {
    ceremony("parseCreationOptionsFromJSON", "create", options).await
}

/// Signs in with a passkey, with the edge's request options; the assertion's JSON.
pub async fn get(options: &Value) -> Result<Value, Refused> {
    ceremony("parseRequestOptionsFromJSON", "get", options).await
}

fn credential_class() -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"PublicKeyCredential".into())
        .ok()
        .filter(|c| c.is_function())
}

async fn ceremony(parse: &str, call: &str, options: &Value) -> Result<Value, Refused> {
    if !supported() {
        return Err(Refused::Unsupported);
    }
    let class = credential_class().ok_or(Refused::Unsupported)?;
    let json = js_sys::JSON::parse(&options.to_string()).map_err(failed)?;
    let parse: Function = Reflect::get(&class, &parse.into())
        .map_err(failed)?
        .unchecked_into();
    let public_key = parse.call1(&class, &json).map_err(failed)?;
    let wrapper = Object::new();
    Reflect::set(&wrapper, &"publicKey".into(), &public_key).map_err(failed)?;
    let credentials = web_sys::window()
        .ok_or(Refused::Unsupported)?
        .navigator()
        .credentials();
    let method: Function = Reflect::get(&credentials, &call.into())
        .map_err(failed)?
        .unchecked_into();
    let promise: Promise = method
        .call1(&credentials, &wrapper)
        .map_err(failed)?
        .unchecked_into();
    let credential = JsFuture::from(promise).await.map_err(|error| {
        let name = Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        match name.as_deref() {
            Some("NotAllowedError" | "AbortError") => Refused::Cancelled,
            _ => failed(error),
        }
    })?;
    if credential.is_null() || credential.is_undefined() {
        return Err(Refused::Cancelled);
    }
    let to_json: Function = Reflect::get(&credential, &"toJSON".into())
        .map_err(failed)?
        .unchecked_into();
    let encoded =
        js_sys::JSON::stringify(&to_json.call0(&credential).map_err(failed)?).map_err(failed)?;
    serde_json::from_str(&String::from(encoded)).map_err(|e| Refused::Failed(e.to_string()))
}

fn failed(error: JsValue) -> Refused {
    Refused::Failed(
        Reflect::get(&error, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| format!("{error:?}")),
    )
}
