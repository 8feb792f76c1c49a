//! Keys and what they do: sealing personal data (AES-256-GCM), keyed hashes for look-ups
//! and for the secrets a requester holds, signatures on proof-of-work challenges, and
//! randomness from the runtime's CSPRNG.
//!
//! Two Worker secrets: `DATA_KEY` (32 bytes, hex) with its id `DATA_KEY_ID` seals data;
//! `SIGNING_KEY` (at least 32 bytes, hex) signs and hashes, each use under its own label.
//! A retired data key stays readable as `DATA_KEY_PREVIOUS` / `DATA_KEY_PREVIOUS_ID`.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::wasm_bindgen;
use worker::Env;

use crate::shared::error::ApiError;

#[wasm_bindgen]
extern "C" {
    /// Web Crypto's CSPRNG, which workerd provides as the global `crypto`.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(bytes: &mut [u8]);
}

/// `n` random bytes.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0; n];
    get_random_values(&mut bytes);
    bytes
}

/// A random token of `bytes` bytes, as hex.
pub fn random_hex(bytes: usize) -> String {
    hex(&random_bytes(bytes))
}

/// A random 6-digit code, uniformly drawn.
pub fn random_code() -> String {
    loop {
        let bytes = random_bytes(4);
        let n = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        // Reject the top sliver so every code is equally likely.
        if n < u32::MAX - u32::MAX % 1_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    // Every sealed value is hex: a table, not a `format!` per byte (that was the form
    // path's largest CPU cost).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(DIGITS[usize::from(b >> 4)] as char);
        text.push(DIGITS[usize::from(b & 15)] as char);
    }
    text
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// SHA-256, as hex: for high-entropy secrets (tokens) that need no key.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

/// SHA-256 of bytes, as hex.
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Compares two strings in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A sealed column of one row: what a sealed value is bound to. The same table, row and
/// column open it; nothing else does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column<'a> {
    table: &'static str,
    row: &'a str,
    name: &'a str,
}

impl<'a> Column<'a> {
    pub const fn new(table: &'static str, row: &'a str, name: &'a str) -> Self {
        Self { table, row, name }
    }

    /// The additional authenticated data: `table:row:column`.
    fn context(&self) -> String {
        format!("{}:{}:{}", self.table, self.row, self.name)
    }
}

/// The keys of this deployment.
pub struct Keys {
    current: (String, Aes256Gcm),
    previous: Option<(String, Aes256Gcm)>,
    signing: Vec<u8>,
}

/// Why keys could not be loaded: a deployment without its secrets takes no personal data.
fn not_configured(what: &str) -> ApiError {
    ApiError::Unavailable(format!("{what} is not configured (see README: secrets)"))
}

fn cipher(hex_key: &str, name: &str) -> Result<Aes256Gcm, ApiError> {
    let key = unhex(hex_key.trim()).filter(|k| k.len() == 32);
    let key = key.ok_or_else(|| not_configured(&format!("{name} (32 bytes as hex)")))?;
    Aes256Gcm::new_from_slice(&key).map_err(|_| not_configured(name))
}

impl Keys {
    pub fn from_env(env: &Env) -> Result<Self, ApiError> {
        let secret = |name: &str| env.secret(name).ok().map(|s| s.to_string());
        let var = |name: &str| env.var(name).ok().map(|s| s.to_string());
        let either = |name: &str| secret(name).or_else(|| var(name));
        let data_key = either("DATA_KEY").ok_or_else(|| not_configured("DATA_KEY"))?;
        let key_id = either("DATA_KEY_ID").unwrap_or_else(|| "k1".to_owned());
        let previous = match (either("DATA_KEY_PREVIOUS"), either("DATA_KEY_PREVIOUS_ID")) {
            (Some(key), Some(id)) => Some((id, cipher(&key, "DATA_KEY_PREVIOUS")?)),
            _ => None,
        };
        let signing = either("SIGNING_KEY")
            .and_then(|k| unhex(k.trim()))
            .filter(|k| k.len() >= 32)
            .ok_or_else(|| not_configured("SIGNING_KEY (at least 32 bytes as hex)"))?;
        Ok(Self::new(
            (key_id, cipher(&data_key, "DATA_KEY")?),
            previous,
            signing,
        ))
    }

    fn new(
        current: (String, Aes256Gcm),
        previous: Option<(String, Aes256Gcm)>,
        signing: Vec<u8>,
    ) -> Self {
        Self {
            current,
            previous,
            signing,
        }
    }

    /// The id of the key `seal` uses, stored beside the sealed values.
    pub fn key_id(&self) -> &str {
        &self.current.0
    }

    /// Encrypts `plaintext` for `column` (bound to its table, row and column: a sealed
    /// value moved to another row or column no longer opens). Hex of nonce ‖ ciphertext.
    pub fn seal(&self, column: Column<'_>, plaintext: &str) -> Result<String, ApiError> {
        self.seal_with_nonce(column, plaintext, &random_bytes(12))
    }

    fn seal_with_nonce(
        &self,
        column: Column<'_>,
        plaintext: &str,
        nonce: &[u8],
    ) -> Result<String, ApiError> {
        let context = column.context();
        let sealed = self
            .current
            .1
            .encrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| ApiError::Internal("sealing failed".into()))?;
        Ok(format!("{}{}", hex(nonce), hex(&sealed)))
    }

    /// Decrypts a value sealed for `column` with the key `key_id`.
    pub fn open(&self, key_id: &str, column: Column<'_>, sealed: &str) -> Result<String, ApiError> {
        let context = column.context();
        let cipher = if key_id == self.current.0 {
            &self.current.1
        } else {
            match &self.previous {
                Some((id, cipher)) if id == key_id => cipher,
                _ => return Err(ApiError::Internal(format!("no key with id {key_id}"))),
            }
        };
        let bytes = unhex(sealed).filter(|b| b.len() > 12);
        let bytes = bytes.ok_or_else(|| ApiError::Internal("malformed sealed value".into()))?;
        let plain = cipher
            .decrypt(
                Nonce::from_slice(&bytes[..12]),
                Payload {
                    msg: &bytes[12..],
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| ApiError::Internal(format!("{context} does not open")))?;
        String::from_utf8(plain).map_err(|_| ApiError::Internal("sealed text is not UTF-8".into()))
    }

    /// A nullable sealed column of a row: `None` when it holds nothing, or when the row's
    /// key is gone with its personal data (erased).
    pub fn open_kept(
        &self,
        key_id: Option<&str>,
        column: Column<'_>,
        sealed: Option<&str>,
    ) -> Result<Option<String>, ApiError> {
        match (key_id, sealed) {
            (Some(key_id), Some(sealed)) => self.open(key_id, column, sealed).map(Some),
            _ => Ok(None),
        }
    }

    /// HMAC-SHA-256 of `message` under the signing key and `label`, as hex.
    pub fn mac(&self, label: &str, message: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.signing).expect("HMAC takes any key");
        mac.update(label.as_bytes());
        mac.update(&[0]);
        mac.update(message.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        let key = "11".repeat(32);
        Keys::new(
            ("k2".into(), cipher(&key, "k").unwrap()),
            Some(("k1".into(), cipher(&"22".repeat(32), "k").unwrap())),
            vec![7; 32],
        )
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_context() {
        let keys = keys();
        let sealed = keys
            .seal_with_nonce(
                Column::new("privacy_requests", "pr_1", "email"),
                "ada@example.com",
                &[3; 12],
            )
            .unwrap();
        assert!(!sealed.contains("ada"));
        assert_eq!(
            keys.open(
                "k2",
                Column::new("privacy_requests", "pr_1", "email"),
                &sealed
            )
            .unwrap(),
            "ada@example.com"
        );
        assert!(keys
            .open(
                "k2",
                Column::new("privacy_requests", "pr_2", "email"),
                &sealed
            )
            .is_err());
        assert!(keys
            .open(
                "k1",
                Column::new("privacy_requests", "pr_1", "email"),
                &sealed
            )
            .is_err());
        assert!(keys
            .open(
                "k9",
                Column::new("privacy_requests", "pr_1", "email"),
                &sealed
            )
            .is_err());
    }

    #[test]
    fn the_previous_key_still_opens_what_it_sealed() {
        let old = Keys::new(
            ("k1".into(), cipher(&"22".repeat(32), "k").unwrap()),
            None,
            vec![7; 32],
        );
        let sealed = old
            .seal_with_nonce(Column::new("t", "r", "c"), "text", &[1; 12])
            .unwrap();
        assert_eq!(
            keys()
                .open("k1", Column::new("t", "r", "c"), &sealed)
                .unwrap(),
            "text"
        );
    }

    #[test]
    fn macs_differ_by_label_and_message() {
        let keys = keys();
        assert_eq!(keys.mac("email", "a@b.c"), keys.mac("email", "a@b.c"));
        assert_ne!(keys.mac("email", "a@b.c"), keys.mac("code", "a@b.c"));
        assert_ne!(keys.mac("email", "a@b.c"), keys.mac("email", "a@b.d"));
        assert_eq!(keys.mac("x", "y").len(), 64);
    }

    #[test]
    fn hex_round_trips_and_refuses_odd_input() {
        assert_eq!(unhex(&hex(&[0, 15, 255])), Some(vec![0, 15, 255]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
