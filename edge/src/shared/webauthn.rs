//! Passkeys (Web Authentication Level 2): checking what the browser hands back after
//! `navigator.credentials.create()` (registration: §7.1) and `.get()` (sign-in: §7.2).
//! The edge asks for no attestation (`"none"`; a self-attested `packed` statement is
//! verified too) and requires user verification. CBOR is `ciborium`'s, the signatures
//! RustCrypto's (`p256` for ES256, `rsa` for RS256).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ciborium::value::Value;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use worker::query;

use crate::shared::crypto;
use crate::shared::error::ApiError;
use crate::shared::storage;

/// COSE algorithm identifiers the edge accepts (RFC 9053): ES256 and RS256.
pub const ES256: i64 = -7;
pub const RS256: i64 = -257;

/// Why a ceremony's answer is refused; each names what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Malformed(&'static str),
    /// `clientDataJSON.type` is not the ceremony's.
    Type,
    /// The challenge is not the one this ceremony was given.
    Challenge,
    /// Another origin than the edge's made it (a phishing page).
    Origin,
    /// The authenticator data is for another relying party.
    RelyingParty,
    /// The user was not present, or not verified (PIN, biometrics).
    UserVerification,
    Algorithm,
    Attestation(String),
    BadSignature,
    /// The signature counter did not move forward: a cloned authenticator.
    Counter,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed(what) => write!(f, "the passkey's answer is malformed: {what}"),
            Self::Type => write!(f, "the answer is for another kind of ceremony"),
            Self::Challenge => write!(f, "the answer is not to this challenge"),
            Self::Origin => write!(f, "the answer was made for another site"),
            Self::RelyingParty => write!(f, "the passkey is for another site"),
            Self::UserVerification => write!(f, "the authenticator did not verify the user"),
            Self::Algorithm => write!(f, "the passkey's algorithm is not ES256 or RS256"),
            Self::Attestation(fmt) => write!(f, "the attestation format {fmt:?} is not accepted"),
            Self::BadSignature => write!(f, "the passkey's signature does not verify"),
            Self::Counter => write!(
                f,
                "the passkey's signature counter went backwards (a cloned authenticator?)"
            ),
        }
    }
}

/// What a ceremony must have been made for.
pub struct Expected<'a> {
    /// The challenge it was given, base64url.
    pub challenge: &'a str,
    /// The edge's origin, e.g. `https://trust.example.com`.
    pub origin: &'a str,
    /// The relying party id: the origin's host.
    pub rp_id: &'a str,
}

/// The relying party id for `origin`: its host (`trust.example.com`, `localhost`).
pub fn rp_id(origin: &str) -> String {
    let rest = origin.split("://").nth(1).unwrap_or(origin);
    let host = rest.split('/').next().unwrap_or_default();
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name.to_owned(),
        _ => host.to_owned(),
    }
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Result<Vec<u8>, Refusal> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| Refusal::Malformed("not base64url"))
}

#[derive(Deserialize)]
struct ClientData {
    #[serde(rename = "type")]
    kind: String,
    challenge: String,
    origin: String,
    #[serde(default, rename = "crossOrigin")]
    cross_origin: bool,
}

fn client_data(json: &[u8], kind: &str, expected: &Expected) -> Result<(), Refusal> {
    let data: ClientData =
        serde_json::from_slice(json).map_err(|_| Refusal::Malformed("clientDataJSON"))?;
    if data.kind != kind {
        return Err(Refusal::Type);
    }
    if !crate::shared::crypto::same(&data.challenge, expected.challenge) {
        return Err(Refusal::Challenge);
    }
    if data.origin != expected.origin || data.cross_origin {
        return Err(Refusal::Origin);
    }
    Ok(())
}

/// The authenticator data's fixed part (§6.1).
struct AuthData<'a> {
    rp_id_hash: &'a [u8],
    flags: u8,
    sign_count: u32,
    rest: &'a [u8],
}

const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED: u8 = 0x40;

fn auth_data<'a>(bytes: &'a [u8], expected: &Expected) -> Result<AuthData<'a>, Refusal> {
    if bytes.len() < 37 {
        return Err(Refusal::Malformed("authenticator data too short"));
    }
    let data = AuthData {
        rp_id_hash: &bytes[..32],
        flags: bytes[32],
        sign_count: u32::from_be_bytes([bytes[33], bytes[34], bytes[35], bytes[36]]),
        rest: &bytes[37..],
    };
    if data.rp_id_hash != Sha256::digest(expected.rp_id.as_bytes()).as_slice() {
        return Err(Refusal::RelyingParty);
    }
    if data.flags & USER_PRESENT == 0 || data.flags & USER_VERIFIED == 0 {
        return Err(Refusal::UserVerification);
    }
    Ok(data)
}

fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(i) => i64::try_from(*i).ok(),
        _ => None,
    }
}

fn field(map: &[(Value, Value)], key: i64) -> Option<&Value> {
    map.iter()
        .find(|(k, _)| int(k) == Some(key))
        .map(|(_, v)| v)
}

fn text_field<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| matches!(k, Value::Text(t) if t == key))
        .map(|(_, v)| v)
}

fn bytes_of(value: Option<&Value>) -> Option<&[u8]> {
    match value {
        Some(Value::Bytes(b)) => Some(b),
        _ => None,
    }
}

/// A credential's public key, as COSE_Key (RFC 9052 §7) holds it.
pub struct PublicKey {
    pub algorithm: i64,
    /// The COSE_Key as received: what is stored.
    pub cose: Vec<u8>,
}

impl PublicKey {
    /// Whether `signature` over `message` verifies with this key.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> Result<bool, Refusal> {
        let value: Value = ciborium::from_reader(self.cose.as_slice())
            .map_err(|_| Refusal::Malformed("COSE key"))?;
        let Value::Map(map) = value else {
            return Err(Refusal::Malformed("COSE key"));
        };
        let kty = field(&map, 1).and_then(int);
        match (self.algorithm, kty) {
            (ES256, Some(2)) => {
                use p256::ecdsa::signature::Verifier;
                if field(&map, -1).and_then(int) != Some(1) {
                    return Err(Refusal::Algorithm);
                }
                let (Some(x), Some(y)) = (bytes_of(field(&map, -2)), bytes_of(field(&map, -3)))
                else {
                    return Err(Refusal::Malformed("EC2 key"));
                };
                if x.len() != 32 || y.len() != 32 {
                    return Err(Refusal::Malformed("EC2 key"));
                }
                let mut point = vec![4u8];
                point.extend_from_slice(x);
                point.extend_from_slice(y);
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                    .map_err(|_| Refusal::Malformed("EC2 key"))?;
                // WebAuthn carries ECDSA signatures as ASN.1 DER.
                let Ok(signature) = p256::ecdsa::Signature::from_der(signature) else {
                    return Ok(false);
                };
                Ok(key.verify(message, &signature).is_ok())
            }
            (RS256, Some(3)) => {
                use rsa::signature::Verifier;
                let (Some(n), Some(e)) = (bytes_of(field(&map, -1)), bytes_of(field(&map, -2)))
                else {
                    return Err(Refusal::Malformed("RSA key"));
                };
                let key = rsa::RsaPublicKey::new(
                    rsa::BigUint::from_bytes_be(n),
                    rsa::BigUint::from_bytes_be(e),
                )
                .map_err(|_| Refusal::Malformed("RSA key"))?;
                if rsa::traits::PublicKeyParts::size(&key) < 256 {
                    return Err(Refusal::Algorithm);
                }
                let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
                    return Ok(false);
                };
                Ok(rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                    .verify(message, &signature)
                    .is_ok())
            }
            _ => Err(Refusal::Algorithm),
        }
    }
}

/// A passkey as registered: its id, key and counter.
pub struct Registered {
    /// The credential id, base64url.
    pub id: String,
    pub key: PublicKey,
    pub sign_count: u32,
}

/// Checks a registration (`navigator.credentials.create()`): §7.1.
pub fn register(
    client_data_json: &[u8],
    attestation_object: &[u8],
    expected: &Expected,
) -> Result<Registered, Refusal> {
    client_data(client_data_json, "webauthn.create", expected)?;
    let object: Value = ciborium::from_reader(attestation_object)
        .map_err(|_| Refusal::Malformed("attestation object"))?;
    let Value::Map(object) = object else {
        return Err(Refusal::Malformed("attestation object"));
    };
    let fmt = match text_field(&object, "fmt") {
        Some(Value::Text(fmt)) => fmt.clone(),
        _ => return Err(Refusal::Malformed("attestation format")),
    };
    let raw_auth =
        bytes_of(text_field(&object, "authData")).ok_or(Refusal::Malformed("authData"))?;
    let data = auth_data(raw_auth, expected)?;
    if data.flags & ATTESTED == 0 || data.rest.len() < 18 {
        return Err(Refusal::Malformed("no attested credential"));
    }
    let id_len = usize::from(u16::from_be_bytes([data.rest[16], data.rest[17]]));
    if id_len == 0 || id_len > 1023 || data.rest.len() < 18 + id_len {
        return Err(Refusal::Malformed("credential id"));
    }
    let credential_id = &data.rest[18..18 + id_len];
    let mut key_bytes = &data.rest[18 + id_len..];
    let before = key_bytes.len();
    let cose: Value =
        ciborium::from_reader(&mut key_bytes).map_err(|_| Refusal::Malformed("COSE key"))?;
    let cose_bytes = data.rest[18 + id_len..18 + id_len + (before - key_bytes.len())].to_vec();
    let Value::Map(cose_map) = &cose else {
        return Err(Refusal::Malformed("COSE key"));
    };
    let algorithm = field(cose_map, 3).and_then(int).ok_or(Refusal::Algorithm)?;
    if algorithm != ES256 && algorithm != RS256 {
        return Err(Refusal::Algorithm);
    }
    let key = PublicKey {
        algorithm,
        cose: cose_bytes,
    };
    match fmt.as_str() {
        "none" => {}
        // Self attestation: signed by the credential's own key (§8.2, no x5c).
        "packed" => {
            let statement = match text_field(&object, "attStmt") {
                Some(Value::Map(statement)) => statement,
                _ => return Err(Refusal::Malformed("attStmt")),
            };
            if text_field(statement, "x5c").is_some() {
                return Err(Refusal::Attestation("packed with a certificate".into()));
            }
            let alg = text_field(statement, "alg").and_then(int);
            let signature =
                bytes_of(text_field(statement, "sig")).ok_or(Refusal::Malformed("attStmt.sig"))?;
            if alg != Some(algorithm) {
                return Err(Refusal::Algorithm);
            }
            let mut message = raw_auth.to_vec();
            message.extend_from_slice(&Sha256::digest(client_data_json));
            if !key.verifies(&message, signature)? {
                return Err(Refusal::BadSignature);
            }
        }
        other => return Err(Refusal::Attestation(other.to_owned())),
    }
    Ok(Registered {
        id: b64(credential_id),
        key,
        sign_count: data.sign_count,
    })
}

/// Checks a sign-in (`navigator.credentials.get()`) with the registered `key` and its
/// last `stored_count`: §7.2. The new counter on success.
pub fn assert(
    client_data_json: &[u8],
    authenticator_data: &[u8],
    signature: &[u8],
    key: &PublicKey,
    stored_count: u32,
    expected: &Expected,
) -> Result<u32, Refusal> {
    client_data(client_data_json, "webauthn.get", expected)?;
    let data = auth_data(authenticator_data, expected)?;
    let mut message = authenticator_data.to_vec();
    message.extend_from_slice(&Sha256::digest(client_data_json));
    if !key.verifies(&message, signature)? {
        return Err(Refusal::BadSignature);
    }
    // Authenticators that keep no counter send 0 always; one that does must go up.
    if (data.sign_count != 0 || stored_count != 0) && data.sign_count <= stored_count {
        return Err(Refusal::Counter);
    }
    Ok(data.sign_count)
}

// The ceremonies' challenges, in D1.

/// The statement that stores a fresh challenge of `kind` (`register`, `sign_in`), for
/// `person` when registering.
pub fn challenge(
    db: &worker::D1Database,
    kind: &str,
    person: Option<&str>,
    now: i64,
) -> Result<(String, worker::D1PreparedStatement), ApiError> {
    let challenge = b64(&crypto::random_bytes(32));
    let statement = query!(
        db,
        "INSERT INTO passkey_challenges (challenge, person_id, kind, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &challenge,
        person,
        kind,
        now,
        now + attest_core::members::lifetimes::PASSKEY_CHALLENGE
    )?;
    Ok((challenge, statement))
}

/// The challenge in a `clientDataJSON`, to find the ceremony it answers.
pub fn challenge_in(client_data_json: &[u8]) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    struct Challenge {
        challenge: String,
    }
    serde_json::from_slice::<Challenge>(client_data_json)
        .map(|c| c.challenge)
        .map_err(|_| ApiError::invalid("clientDataJSON", "is not a WebAuthn client data document"))
}

/// Spends the challenge of `kind` (for `person`, when registering): `410` when it is
/// unknown, used or expired. Returns the claim that marks it spent by this request.
pub async fn spend(
    db: &worker::D1Database,
    challenge: &str,
    kind: &str,
    person: Option<&str>,
    now: i64,
) -> Result<String, ApiError> {
    let claim = crypto::random_hex(16);
    let spent = storage::run(query!(
        db,
        "UPDATE passkey_challenges SET used_at = ?3, claim = ?4
         WHERE challenge = ?1 AND kind = ?2 AND used_at IS NULL AND expires_at > ?3
           AND person_id IS ?5",
        challenge,
        kind,
        now,
        &claim,
        person
    )?)
    .await?;
    if storage::changes(&spent) == 0 {
        return Err(ApiError::Gone(
            "This passkey challenge was used already or has expired; start again".into(),
        ));
    }
    Ok(claim)
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use ciborium::value::Integer;
    use p256::ecdsa::signature::Signer;

    /// A CBOR integer.
    fn key(n: i64) -> Value {
        Value::Integer(Integer::from(n))
    }

    /// A software authenticator for the tests: a P-256 key and a counter.
    pub struct Authenticator {
        key: p256::ecdsa::SigningKey,
        pub id: Vec<u8>,
        pub count: u32,
    }

    pub const ORIGIN: &str = "https://trust.example.com";

    fn cbor(value: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(value, &mut out).unwrap();
        out
    }

    impl Authenticator {
        pub fn new(seed: u8) -> Self {
            Self {
                key: p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap(),
                id: vec![seed; 16],
                count: 0,
            }
        }

        fn cose(&self) -> Vec<u8> {
            let point = self.key.verifying_key().to_encoded_point(false);
            cbor(&Value::Map(vec![
                (key(1), key(2)),
                (key(3), key(ES256)),
                (key(-1), key(1)),
                (key(-2), Value::Bytes(point.x().unwrap().to_vec())),
                (key(-3), Value::Bytes(point.y().unwrap().to_vec())),
            ]))
        }

        pub fn auth_data(&self, rp_id: &str, flags: u8, attested: bool) -> Vec<u8> {
            let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
            data.push(flags);
            data.extend_from_slice(&self.count.to_be_bytes());
            if attested {
                data.extend_from_slice(&[0u8; 16]);
                data.extend_from_slice(&(self.id.len() as u16).to_be_bytes());
                data.extend_from_slice(&self.id);
                data.extend_from_slice(&self.cose());
            }
            data
        }

        pub fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
            serde_json::json!({ "type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false })
                .to_string()
                .into_bytes()
        }

        /// `navigator.credentials.create()`'s answer: clientDataJSON, attestationObject.
        pub fn create(&self, challenge: &str, origin: &str, packed: bool) -> (Vec<u8>, Vec<u8>) {
            let client = Self::client_data("webauthn.create", challenge, origin);
            let auth = self.auth_data(&rp_id(origin), 0x45, true);
            let statement = if packed {
                let mut message = auth.clone();
                message.extend_from_slice(&Sha256::digest(&client));
                let signature: p256::ecdsa::Signature = self.key.sign(&message);
                Value::Map(vec![
                    (Value::Text("alg".into()), key(ES256)),
                    (
                        Value::Text("sig".into()),
                        Value::Bytes(signature.to_der().as_bytes().to_vec()),
                    ),
                ])
            } else {
                Value::Map(vec![])
            };
            let object = Value::Map(vec![
                (
                    Value::Text("fmt".into()),
                    Value::Text(if packed { "packed" } else { "none" }.into()),
                ),
                (Value::Text("attStmt".into()), statement),
                (Value::Text("authData".into()), Value::Bytes(auth)),
            ]);
            (client, cbor(&object))
        }

        /// `navigator.credentials.get()`'s answer: clientDataJSON, authenticatorData,
        /// signature. The counter goes up first, as an authenticator's does.
        pub fn get(&mut self, challenge: &str, origin: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
            self.count += 1;
            let client = Self::client_data("webauthn.get", challenge, origin);
            let auth = self.auth_data(&rp_id(origin), 0x05, false);
            let mut message = auth.clone();
            message.extend_from_slice(&Sha256::digest(&client));
            let signature: p256::ecdsa::Signature = self.key.sign(&message);
            (client, auth, signature.to_der().as_bytes().to_vec())
        }
    }

    fn expected(challenge: &str) -> Expected<'_> {
        Expected {
            challenge,
            origin: ORIGIN,
            rp_id: "trust.example.com",
        }
    }

    #[test]
    fn a_passkey_registers_with_none_or_self_attestation_then_signs_in() {
        for packed in [false, true] {
            let mut authenticator = Authenticator::new(3);
            let (client, object) = authenticator.create("chal-1", ORIGIN, packed);
            let registered = register(&client, &object, &expected("chal-1")).unwrap();
            assert_eq!(registered.id, b64(&[3u8; 16]));
            assert_eq!(registered.key.algorithm, ES256);
            let (client, auth, signature) = authenticator.get("chal-2", ORIGIN);
            let count = assert(
                &client,
                &auth,
                &signature,
                &registered.key,
                0,
                &expected("chal-2"),
            );
            assert_eq!(count, Ok(1));
        }
    }

    #[test]
    fn a_registration_for_another_origin_challenge_or_without_verification_is_refused() {
        let authenticator = Authenticator::new(4);
        let (client, object) = authenticator.create("chal-1", "https://evil.example", false);
        // Its relying party id is evil.example's too, but the origin is checked first.
        assert_eq!(
            register(&client, &object, &expected("chal-1")).err(),
            Some(Refusal::Origin)
        );
        let (client, object) = authenticator.create("other", ORIGIN, false);
        assert_eq!(
            register(&client, &object, &expected("chal-1")).err(),
            Some(Refusal::Challenge)
        );
        let (client, _) = authenticator.create("chal-1", ORIGIN, false);
        let auth = authenticator.auth_data("trust.example.com", 0x41, true);
        let object = cbor(&Value::Map(vec![
            (Value::Text("fmt".into()), Value::Text("none".into())),
            (Value::Text("attStmt".into()), Value::Map(vec![])),
            (Value::Text("authData".into()), Value::Bytes(auth)),
        ]));
        assert_eq!(
            register(&client, &object, &expected("chal-1")).err(),
            Some(Refusal::UserVerification)
        );
        let get_client = Authenticator::client_data("webauthn.get", "chal-1", ORIGIN);
        let (_, object) = authenticator.create("chal-1", ORIGIN, false);
        assert_eq!(
            register(&get_client, &object, &expected("chal-1")).err(),
            Some(Refusal::Type)
        );
        assert!(matches!(
            register(&client, b"\xff\x00", &expected("chal-1")),
            Err(Refusal::Malformed(_))
        ));
    }

    #[test]
    fn a_sign_in_with_a_wrong_origin_challenge_signature_or_counter_is_refused() {
        let mut authenticator = Authenticator::new(5);
        let (client, object) = authenticator.create("c", ORIGIN, false);
        let key = register(&client, &object, &expected("c")).unwrap().key;
        let (client, auth, signature) = authenticator.get("c2", "https://evil.example");
        assert_eq!(
            assert(&client, &auth, &signature, &key, 0, &expected("c2")),
            Err(Refusal::Origin)
        );
        let (client, auth, signature) = authenticator.get("replayed", ORIGIN);
        assert_eq!(
            assert(&client, &auth, &signature, &key, 0, &expected("c3")),
            Err(Refusal::Challenge)
        );
        // Another authenticator's signature.
        let mut other = Authenticator::new(6);
        let (client, auth, signature) = other.get("c4", ORIGIN);
        assert_eq!(
            assert(&client, &auth, &signature, &key, 0, &expected("c4")),
            Err(Refusal::BadSignature)
        );
        // A counter that does not move forward.
        let (client, auth, signature) = authenticator.get("c5", ORIGIN);
        assert_eq!(authenticator.count, 3);
        assert_eq!(
            assert(&client, &auth, &signature, &key, 3, &expected("c5")),
            Err(Refusal::Counter)
        );
        assert_eq!(
            assert(&client, &auth, &signature, &key, 2, &expected("c5")),
            Ok(3)
        );
        assert_eq!(rp_id("http://localhost:8787"), "localhost");
        assert_eq!(rp_id("https://trust.example.com"), "trust.example.com");
    }
}
