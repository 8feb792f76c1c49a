//! OpenID Connect for members' single sign-on: the provider's discovery document and
//! keys, and the ID token's checks (OpenID Connect Core 1.0 §3.1.3.7): a signature by
//! one of the provider's keys with RS256 or ES256 (never `none`, never a shared-secret
//! algorithm), the issuer, the audience (and `azp` when there are several), the expiry,
//! the `nonce` of this sign-in, and a verified e-mail address. The signatures are
//! RustCrypto's (`rsa`, `p256`); nothing here is cryptography of its own.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

/// Clock skew tolerated between the provider and the edge, in seconds.
const LEEWAY: i64 = 60;

/// What the provider publishes at `{issuer}/.well-known/openid-configuration`.
#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
}

impl Discovery {
    /// How the edge authenticates at the token endpoint: `client_secret_basic` (the
    /// default, RFC 6749 §2.3.1) unless the provider only takes `client_secret_post`.
    pub fn uses_basic_auth(&self) -> bool {
        match &self.token_endpoint_auth_methods_supported {
            None => true,
            Some(methods) => {
                methods.iter().any(|m| m == "client_secret_basic")
                    || !methods.iter().any(|m| m == "client_secret_post")
            }
        }
    }
}

/// The provider's signing keys (RFC 7517).
#[derive(Debug, Clone, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub alg: Option<String>,
    #[serde(default, rename = "use")]
    pub usage: Option<String>,
    // RSA
    #[serde(default)]
    pub n: Option<String>,
    #[serde(default)]
    pub e: Option<String>,
    // EC
    #[serde(default)]
    pub crv: Option<String>,
    #[serde(default)]
    pub x: Option<String>,
    #[serde(default)]
    pub y: Option<String>,
}

/// Why an ID token is refused: each names what was wrong, for the logs and the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Malformed,
    /// `alg` other than RS256 or ES256 (`none` included).
    Algorithm(String),
    /// No key of the provider's with this `kid` and type.
    UnknownKey,
    BadSignature,
    Issuer,
    Audience,
    Expired,
    IssuedInTheFuture,
    Nonce,
    /// No e-mail address, or one the provider does not say is verified.
    EmailNotVerified,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Malformed => write!(f, "the ID token is not a signed JWT"),
            Self::Algorithm(alg) => {
                write!(f, "the ID token's algorithm {alg:?} is not RS256 or ES256")
            }
            Self::UnknownKey => write!(
                f,
                "the ID token is signed by a key the provider does not publish"
            ),
            Self::BadSignature => write!(f, "the ID token's signature does not verify"),
            Self::Issuer => write!(f, "the ID token is from another issuer"),
            Self::Audience => write!(f, "the ID token is for another client"),
            Self::Expired => write!(f, "the ID token has expired"),
            Self::IssuedInTheFuture => write!(f, "the ID token is issued in the future"),
            Self::Nonce => write!(f, "the ID token's nonce is not this sign-in's"),
            Self::EmailNotVerified => write!(
                f,
                "the provider does not say the e-mail address is verified"
            ),
        }
    }
}

/// What the token must say.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: i64,
}

/// Who the provider says signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    /// Lowercase.
    pub email: String,
    pub name: Option<String>,
    /// Google's `hd`: the Workspace domain of the account (none for a consumer account).
    pub hosted_domain: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

/// `aud` is a string or an array of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// `email_verified` is a boolean, but some providers send `"true"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Text(String),
}

impl Flag {
    fn is_true(&self) -> bool {
        match self {
            Self::Bool(b) => *b,
            Self::Text(t) => t == "true",
        }
    }
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    exp: i64,
    #[serde(default)]
    iat: Option<i64>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<Flag>,
    /// Microsoft Entra ID's "e-mail domain owner verified" (its ID tokens carry no
    /// `email_verified`; see the README's set-up for Entra).
    #[serde(default)]
    xms_edov: Option<Flag>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    hd: Option<String>,
}

fn b64(part: &str) -> Result<Vec<u8>, Refusal> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| Refusal::Malformed)
}

/// Checks `token` against the provider's `keys` and what this sign-in `expected`.
pub fn verify(token: &str, keys: &Jwks, expected: &Expected) -> Result<Identity, Refusal> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Malformed);
    };
    let head: Header = serde_json::from_slice(&b64(header)?).map_err(|_| Refusal::Malformed)?;
    let kty = match head.alg.as_str() {
        "RS256" => "RSA",
        "ES256" => "EC",
        other => return Err(Refusal::Algorithm(other.to_owned())),
    };
    let signature = b64(signature)?;
    let signed = &token[..header.len() + 1 + payload.len()];
    let candidates: Vec<&Jwk> = keys
        .keys
        .iter()
        .filter(|k| k.kty == kty)
        .filter(|k| k.usage.as_deref().is_none_or(|u| u == "sig"))
        .filter(|k| k.alg.as_deref().is_none_or(|a| a == head.alg))
        .filter(|k| match (&head.kid, &k.kid) {
            (Some(wanted), Some(kid)) => wanted == kid,
            (Some(_), None) => false,
            (None, _) => true,
        })
        .collect();
    if candidates.is_empty() {
        return Err(Refusal::UnknownKey);
    }
    if !candidates
        .iter()
        .any(|key| verifies(key, signed.as_bytes(), &signature))
    {
        return Err(Refusal::BadSignature);
    }
    let claims: Claims = serde_json::from_slice(&b64(payload)?).map_err(|_| Refusal::Malformed)?;
    if claims.iss != expected.issuer {
        return Err(Refusal::Issuer);
    }
    let audiences = match &claims.aud {
        Audience::One(one) => vec![one.as_str()],
        Audience::Many(many) => many.iter().map(String::as_str).collect(),
    };
    if !audiences.contains(&expected.client_id) {
        return Err(Refusal::Audience);
    }
    if (audiences.len() > 1 || claims.azp.is_some())
        && claims.azp.as_deref() != Some(expected.client_id)
    {
        return Err(Refusal::Audience);
    }
    if claims.exp + LEEWAY <= expected.now {
        return Err(Refusal::Expired);
    }
    if claims.iat.is_some_and(|iat| iat > expected.now + LEEWAY) {
        return Err(Refusal::IssuedInTheFuture);
    }
    let nonce_ok = claims
        .nonce
        .as_deref()
        .is_some_and(|n| crate::shared::crypto::same(n, expected.nonce));
    if !nonce_ok {
        return Err(Refusal::Nonce);
    }
    let verified = claims.email_verified.as_ref().is_some_and(Flag::is_true)
        || claims.xms_edov.as_ref().is_some_and(Flag::is_true);
    let email = match (claims.email, verified) {
        (Some(email), true) if !email.is_empty() => email.to_lowercase(),
        _ => return Err(Refusal::EmailNotVerified),
    };
    Ok(Identity {
        issuer: claims.iss,
        subject: claims.sub,
        email,
        name: claims.name.filter(|n| !n.trim().is_empty()),
        hosted_domain: claims.hd.map(|d| d.to_lowercase()),
    })
}

/// Whether `signature` over `signed` verifies with `key` (RS256 or ES256 by its type).
fn verifies(key: &Jwk, signed: &[u8], signature: &[u8]) -> bool {
    match key.kty.as_str() {
        "RSA" => verifies_rsa(key, signed, signature).unwrap_or(false),
        "EC" => verifies_p256(key, signed, signature).unwrap_or(false),
        _ => false,
    }
}

fn verifies_rsa(key: &Jwk, signed: &[u8], signature: &[u8]) -> Option<bool> {
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    let n = rsa::BigUint::from_bytes_be(&b64(key.n.as_deref()?).ok()?);
    let e = rsa::BigUint::from_bytes_be(&b64(key.e.as_deref()?).ok()?);
    let public = rsa::RsaPublicKey::new(n, e).ok()?;
    // Keys under 2048 bits are refused (NIST SP 800-131A).
    if rsa::traits::PublicKeyParts::size(&public) < 256 {
        return Some(false);
    }
    let verifier = VerifyingKey::<sha2::Sha256>::new(public);
    let signature = Signature::try_from(signature).ok()?;
    Some(verifier.verify(signed, &signature).is_ok())
}

fn verifies_p256(key: &Jwk, signed: &[u8], signature: &[u8]) -> Option<bool> {
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};
    if key.crv.as_deref() != Some("P-256") {
        return Some(false);
    }
    let x = b64(key.x.as_deref()?).ok()?;
    let y = b64(key.y.as_deref()?).ok()?;
    if x.len() != 32 || y.len() != 32 {
        return Some(false);
    }
    let mut point = vec![4u8];
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    let verifier = VerifyingKey::from_sec1_bytes(&point).ok()?;
    // A JWS carries ES256 as r ‖ s, 64 bytes (RFC 7518 §3.4).
    let signature = Signature::from_slice(signature).ok()?;
    Some(verifier.verify(signed, &signature).is_ok())
}

/// A PKCE code challenge for `verifier` (RFC 7636, `S256`).
pub fn code_challenge(verifier: &str) -> String {
    use sha2::Digest;
    URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()))
}

/// Whether `issuer` is a URL single sign-on may use: `https:`, or `http:` on loopback
/// (the demo's and the tests' own provider).
pub fn issuer_allowed(issuer: &str) -> bool {
    let Some(rest) = issuer
        .strip_prefix("https://")
        .or_else(|| issuer.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostname = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let valid = !hostname.is_empty()
        && !issuer.contains(['?', '#', ' '])
        && hostname
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    valid && (issuer.starts_with("https://") || matches!(hostname, "127.0.0.1" | "localhost"))
}

/// Google's issuer: its accounts say their Workspace domain in `hd`.
pub const GOOGLE: &str = "https://accounts.google.com";

/// Whether `identity` may sign in through a provider configured for `allowed` domains:
/// its address in one of them and, at Google, a Workspace account of one of them (a
/// consumer Google account can hold a verified work address, even after its Workspace
/// account is gone).
pub fn admitted(identity: &Identity, allowed: &[String]) -> bool {
    let google_ok = identity.issuer != GOOGLE
        || identity
            .hosted_domain
            .as_deref()
            .is_some_and(|hd| attest_core::members::domain_allowed(&format!("x@{hd}"), allowed));
    google_ok && attest_core::members::domain_allowed(&identity.email, allowed)
}

/// Where the client secret of `org`'s single sign-on is sealed.
pub fn secret_column(org: &str) -> crate::shared::crypto::Column<'_> {
    crate::shared::crypto::Column::new("sign_in_settings", org, "client_secret")
}

/// Reads a provider's JSON document at `url`.
async fn fetch_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    let url = worker::Url::parse(url).map_err(|e| format!("{url} is not a URL: {e}"))?;
    let mut response = worker::Fetch::Url(url.clone())
        .send()
        .await
        .map_err(|e| format!("cannot reach {url}: {e}"))?;
    if response.status_code() != 200 {
        return Err(format!("{url} answered {}", response.status_code()));
    }
    let text = response.text().await.map_err(|e| e.to_string())?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{url} is not what OpenID Connect publishes: {e}"))
}

/// The provider's discovery document, checked to be its own (OpenID Connect Discovery
/// 1.0 §4.3: the `issuer` it names is the one asked for, exactly).
pub async fn discover(issuer: &str) -> Result<Discovery, String> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let discovery: Discovery = fetch_json(&url).await?;
    if discovery.issuer != issuer {
        return Err(format!(
            "{url} names the issuer {:?}, not {issuer:?}",
            discovery.issuer
        ));
    }
    Ok(discovery)
}

/// The provider's signing keys.
pub async fn keys(discovery: &Discovery) -> Result<Jwks, String> {
    fetch_json(&discovery.jwks_uri).await
}

/// The form body `pairs`, `application/x-www-form-urlencoded`.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut url = worker::Url::parse("http://form.invalid/").expect("a URL");
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_owned()
}

/// The authorization code for the ID token, at the provider's token endpoint (with
/// PKCE's verifier and the client's secret).
pub async fn exchange(
    discovery: &Discovery,
    client_id: &str,
    client_secret: &str,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<String, String> {
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier),
    ];
    let headers = worker::Headers::new();
    let _ = headers.set("content-type", "application/x-www-form-urlencoded");
    let _ = headers.set("accept", "application/json");
    if discovery.uses_basic_auth() {
        // RFC 6749 §2.3.1: each form-encoded, then Basic.
        let credentials = format!(
            "{}:{}",
            form(&[("", client_id)]).trim_start_matches('='),
            form(&[("", client_secret)]).trim_start_matches('=')
        );
        let _ = headers.set(
            "authorization",
            &format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            ),
        );
    } else {
        pairs.push(("client_id", client_id));
        pairs.push(("client_secret", client_secret));
    }
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post)
        .with_headers(headers)
        .with_body(Some(form(&pairs).into()));
    let request = worker::Request::new_with_init(&discovery.token_endpoint, &init)
        .map_err(|e| e.to_string())?;
    let mut response = worker::Fetch::Request(request)
        .send()
        .await
        .map_err(|e| format!("cannot reach the token endpoint: {e}"))?;
    let status = response.status_code();
    let text = response.text().await.map_err(|e| e.to_string())?;
    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        id_token: Option<String>,
        #[serde(default)]
        error: Option<String>,
    }
    let answer: Answer = serde_json::from_str(&text)
        .map_err(|_| format!("the token endpoint answered {status} with no JSON"))?;
    match (status, answer.id_token, answer.error) {
        (200, Some(token), _) => Ok(token),
        (_, _, Some(error)) => Err(format!("the token endpoint refused the code: {error}")),
        (status, _, None) => Err(format!(
            "the token endpoint answered {status} without an ID token"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer as _;
    use rsa::pkcs1v15::SigningKey as RsaSigningKey;
    use rsa::signature::SignatureEncoding;
    use rsa::traits::PublicKeyParts;
    use serde_json::{json, Value};

    const ISSUER: &str = "https://id.example.com";
    const CLIENT: &str = "attest-console";
    const NOW: i64 = 1_800_000_000;

    fn enc(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn ec_key() -> p256::ecdsa::SigningKey {
        p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap()
    }

    /// A 2048-bit key made once per run, for these tests only.
    fn rsa_key() -> rsa::RsaPrivateKey {
        static KEY: std::sync::OnceLock<rsa::RsaPrivateKey> = std::sync::OnceLock::new();
        KEY.get_or_init(|| rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap())
            .clone()
    }

    fn jwks() -> Jwks {
        let point = ec_key().verifying_key().to_encoded_point(false);
        let rsa = rsa_key().to_public_key();
        serde_json::from_value(json!({ "keys": [
            { "kty": "EC", "kid": "ec-1", "crv": "P-256", "use": "sig", "alg": "ES256",
              "x": enc(point.x().unwrap()), "y": enc(point.y().unwrap()) },
            { "kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256",
              "n": enc(&rsa.n().to_bytes_be()), "e": enc(&rsa.e().to_bytes_be()) },
        ]}))
        .unwrap()
    }

    fn claims() -> Value {
        json!({
            "iss": ISSUER, "sub": "248289761001", "aud": CLIENT, "exp": NOW + 300, "iat": NOW,
            "nonce": "n-0S6_WzA2Mj", "email": "Ada@Vinterre.example", "email_verified": true,
            "name": "Ada Lindqvist",
        })
    }

    fn sign(alg: &str, kid: &str, claims: &Value) -> String {
        let header = enc(json!({ "alg": alg, "kid": kid, "typ": "JWT" })
            .to_string()
            .as_bytes());
        let payload = enc(claims.to_string().as_bytes());
        let signed = format!("{header}.{payload}");
        let signature = match alg {
            "ES256" => {
                let s: p256::ecdsa::Signature = ec_key().sign(signed.as_bytes());
                s.to_bytes().to_vec()
            }
            _ => RsaSigningKey::<sha2::Sha256>::new(rsa_key())
                .sign(signed.as_bytes())
                .to_vec(),
        };
        format!("{signed}.{}", enc(&signature))
    }

    fn expected() -> Expected<'static> {
        Expected {
            issuer: ISSUER,
            client_id: CLIENT,
            nonce: "n-0S6_WzA2Mj",
            now: NOW,
        }
    }

    fn check(token: &str) -> Result<Identity, Refusal> {
        verify(token, &jwks(), &expected())
    }

    #[test]
    fn a_token_signed_with_rs256_or_es256_says_who_signed_in() {
        for (alg, kid) in [("RS256", "rsa-1"), ("ES256", "ec-1")] {
            let identity = check(&sign(alg, kid, &claims())).unwrap();
            assert_eq!(identity.email, "ada@vinterre.example");
            assert_eq!(identity.subject, "248289761001");
            assert_eq!(identity.name.as_deref(), Some("Ada Lindqvist"));
        }
    }

    #[test]
    fn a_bad_signature_or_another_key_is_refused() {
        let token = sign("ES256", "ec-1", &claims());
        // The same header and signature over other claims.
        let (head, rest) = token.split_once('.').unwrap();
        let signature = rest.rsplit_once('.').unwrap().1;
        let mut forged = claims();
        forged["email"] = json!("mallory@vinterre.example");
        let forged = format!("{head}.{}.{signature}", enc(forged.to_string().as_bytes()));
        assert_eq!(check(&forged), Err(Refusal::BadSignature));
        // A key id the provider does not publish.
        assert_eq!(
            check(&sign("ES256", "other", &claims())),
            Err(Refusal::UnknownKey)
        );
        // An RSA signature presented as the EC key's.
        let rsa_signed = sign("RS256", "rsa-1", &claims());
        let swapped = rsa_signed.replacen(
            &enc(json!({ "alg": "RS256", "kid": "rsa-1", "typ": "JWT" })
                .to_string()
                .as_bytes()),
            &enc(json!({ "alg": "ES256", "kid": "ec-1", "typ": "JWT" })
                .to_string()
                .as_bytes()),
            1,
        );
        assert_eq!(check(&swapped), Err(Refusal::BadSignature));
    }

    #[test]
    fn alg_none_and_shared_secret_algorithms_are_refused() {
        let payload = enc(claims().to_string().as_bytes());
        for alg in ["none", "HS256", "RS512", "PS256"] {
            let header = enc(json!({ "alg": alg, "kid": "rsa-1" }).to_string().as_bytes());
            assert_eq!(
                check(&format!("{header}.{payload}.")),
                Err(Refusal::Algorithm(alg.into())),
                "{alg}"
            );
        }
        assert_eq!(check("not-a-jwt"), Err(Refusal::Malformed));
        assert_eq!(check("a.b.c.d"), Err(Refusal::Malformed));
    }

    #[test]
    fn another_issuer_audience_nonce_or_an_expired_token_is_refused() {
        let with = |key: &str, value: Value| {
            let mut c = claims();
            c[key] = value;
            check(&sign("RS256", "rsa-1", &c))
        };
        assert_eq!(
            with("iss", json!("https://evil.example")),
            Err(Refusal::Issuer)
        );
        assert_eq!(with("aud", json!("another-client")), Err(Refusal::Audience));
        assert_eq!(
            with("aud", json!(["another-client", CLIENT])),
            Err(Refusal::Audience)
        );
        assert_eq!(with("exp", json!(NOW - 61)), Err(Refusal::Expired));
        assert!(with("exp", json!(NOW - 30)).is_ok(), "a minute's leeway");
        assert_eq!(
            with("iat", json!(NOW + 600)),
            Err(Refusal::IssuedInTheFuture)
        );
        assert_eq!(with("nonce", json!("replayed")), Err(Refusal::Nonce));
        let mut c = claims();
        c.as_object_mut().unwrap().remove("nonce");
        assert_eq!(check(&sign("RS256", "rsa-1", &c)), Err(Refusal::Nonce));
        // Several audiences: ours, and we are the authorised party.
        let mut c = claims();
        c["aud"] = json!(["another-client", CLIENT]);
        c["azp"] = json!(CLIENT);
        assert!(check(&sign("RS256", "rsa-1", &c)).is_ok());
    }

    #[test]
    fn an_address_the_provider_has_not_verified_is_refused() {
        let with = |value: Value| {
            let mut c = claims();
            c["email_verified"] = value;
            check(&sign("ES256", "ec-1", &c))
        };
        assert_eq!(with(json!(false)), Err(Refusal::EmailNotVerified));
        assert_eq!(with(json!("false")), Err(Refusal::EmailNotVerified));
        assert!(with(json!("true")).is_ok());
        let mut c = claims();
        c.as_object_mut().unwrap().remove("email_verified");
        assert_eq!(
            check(&sign("ES256", "ec-1", &c)),
            Err(Refusal::EmailNotVerified)
        );
        // Entra ID's domain-owner-verified claim stands for it.
        c["xms_edov"] = json!(true);
        assert!(check(&sign("ES256", "ec-1", &c)).is_ok());
        let mut c = claims();
        c.as_object_mut().unwrap().remove("email");
        assert_eq!(
            check(&sign("ES256", "ec-1", &c)),
            Err(Refusal::EmailNotVerified)
        );
    }

    #[test]
    fn a_google_account_must_be_of_an_allowed_workspace_domain() {
        let allowed = vec!["vinterre.example".to_owned()];
        let who = |issuer: &str, hd: Option<&str>| Identity {
            issuer: issuer.into(),
            subject: "1".into(),
            email: "ada@vinterre.example".into(),
            name: None,
            hosted_domain: hd.map(str::to_owned),
        };
        assert!(admitted(&who(GOOGLE, Some("vinterre.example")), &allowed));
        assert!(
            !admitted(&who(GOOGLE, None), &allowed),
            "a consumer account"
        );
        assert!(!admitted(&who(GOOGLE, Some("other.example")), &allowed));
        assert!(admitted(&who(ISSUER, None), &allowed));
        let mut elsewhere = who(ISSUER, None);
        elsewhere.email = "ada@other.example".into();
        assert!(!admitted(&elsewhere, &allowed));
    }

    #[test]
    fn pkce_follows_rfc_7636_and_issuers_are_https_or_loopback() {
        // RFC 7636 appendix B.
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(issuer_allowed("https://accounts.google.com"));
        assert!(issuer_allowed("https://login.microsoftonline.com/abc/v2.0"));
        assert!(issuer_allowed("http://127.0.0.1:4455"));
        assert!(issuer_allowed("http://localhost:4455/oidc"));
        assert!(!issuer_allowed("http://id.example.com"));
        assert!(!issuer_allowed("ftp://id.example.com"));
        assert!(!issuer_allowed("https://id.example.com/?x=1"));
        assert!(!issuer_allowed("https://"));
    }
}
