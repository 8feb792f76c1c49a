//! Seeds a local state folder: the sample organisations, their published profiles (D1
//! versions and the KV snapshot the public API reads) and an admin token for each.

use std::fmt;
use std::path::Path;

use attest_core::{profile_file, TrustProfile};
use sha2::{Digest, Sha256};

use crate::edge::{run_wrangler, EdgeOptions};

/// An admin API token: `atk_` and 64 hex digits (256 random bits).
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken(String);

impl AdminToken {
    const PREFIX: &'static str = "atk_";

    pub fn generate() -> Self {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the OS has a random source");
        Self(format!("{}{}", Self::PREFIX, hex(&secret)))
    }

    /// A token given by the operator (`ATTEST_ADMIN_TOKEN`); weak ones are refused.
    pub fn parse(raw: &str) -> Result<Self, SeedError> {
        let raw = raw.trim();
        let secret = raw.strip_prefix(Self::PREFIX).unwrap_or("");
        if secret.len() < 32
            || !secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(SeedError(
                "ATTEST_ADMIN_TOKEN must be `atk_` followed by at least 32 letters, digits, `-` or `_` \
                 (unset it to have one generated)"
                    .into(),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps instead of the token.
    pub fn sha256_hex(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(atk_…)")
    }
}

#[derive(Debug)]
pub struct SeedError(String);

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

/// Reads every `*.toml` profile in `profiles`, refusing all of them if any one is invalid.
pub fn read_profiles(profiles: &Path) -> Result<Vec<TrustProfile>, SeedError> {
    let mut paths: Vec<_> = std::fs::read_dir(profiles)
        .map_err(|e| SeedError(format!("cannot read {}: {e}", profiles.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path)
                .map_err(|e| SeedError(format!("cannot read {}: {e}", path.display())))?;
            profile_file::parse(&source)
                .map_err(|e| SeedError(format!("{} is not a valid profile: {e}", path.display())))
        })
        .collect()
}

/// Seeds `options.state_dir`; running it again is harmless (a version is only added when
/// the profile changed, a token only once).
pub fn seed(
    options: &EdgeOptions,
    profiles: &Path,
    admin_token: Option<String>,
) -> Result<AdminToken, SeedError> {
    let profiles = read_profiles(profiles)?;
    let token = match admin_token.filter(|t| !t.trim().is_empty()) {
        Some(raw) => AdminToken::parse(&raw)?,
        None => AdminToken::generate(),
    };

    let mut sql = String::new();
    let mut snapshots = Vec::new();
    for profile in &profiles {
        let org = profile.org.as_str();
        let json = serde_json::to_string(profile).expect("a profile serialises");
        sql.push_str(&format!(
            "INSERT INTO organisations (slug, name) VALUES ({org}, {name}) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name;\n\
             INSERT INTO profile_versions (org, version, profile_json, published_by) \
             SELECT {org}, COALESCE(MAX(version), 0) + 1, {json}, 'demo seed' FROM profile_versions WHERE org = {org} \
             HAVING COALESCE((SELECT profile_json FROM profile_versions WHERE org = {org} ORDER BY version DESC LIMIT 1), '') <> {json};\n\
             INSERT OR IGNORE INTO api_tokens (id, org, name, token_hash, scopes) \
             VALUES ({id}, {org}, 'demo operator', {hash}, 'admin');\n",
            org = quote(org),
            name = quote(profile.name.as_str()),
            json = quote(&json),
            id = quote(&format!("tok_demo_{org}_{}", &token.sha256_hex()[..12])),
            hash = quote(&token.sha256_hex()),
        ));
        snapshots.push(serde_json::json!({ "key": format!("profile:{org}"), "value": json }));
    }

    let state = options.state_dir.to_string_lossy().into_owned();
    let sql_path = options.state_dir.join("seed.sql");
    let kv_path = options.state_dir.join("seed-kv.json");
    std::fs::write(&sql_path, sql).map_err(|e| SeedError(e.to_string()))?;
    std::fs::write(&kv_path, serde_json::to_vec(&snapshots).unwrap())
        .map_err(|e| SeedError(e.to_string()))?;
    run_wrangler(&[
        "d1",
        "execute",
        "DB",
        "--local",
        "--persist-to",
        &state,
        "--yes",
        "--file",
        &sql_path.to_string_lossy(),
    ])
    .map_err(SeedError)?;
    run_wrangler(&[
        "kv",
        "bulk",
        "put",
        &kv_path.to_string_lossy(),
        "--binding",
        "PROFILES",
        "--local",
        "--persist-to",
        &state,
    ])
    .map_err(SeedError)?;
    Ok(token)
}

/// A SQL string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_token_carries_256_random_bits() {
        let a = AdminToken::generate();
        assert!(a.as_str().starts_with("atk_"));
        assert_eq!(a.as_str().len(), 4 + 64);
        assert_ne!(a, AdminToken::generate());
    }

    #[test]
    fn a_weak_operator_token_is_refused() {
        assert!(AdminToken::parse("atk_short").is_err());
        assert!(AdminToken::parse("password").is_err());
        assert!(AdminToken::parse(&format!("atk_{}", "a".repeat(32))).is_ok());
    }

    #[test]
    fn quotes_in_sql_literals_are_doubled() {
        assert_eq!(quote("it's"), "'it''s'");
    }

    #[test]
    fn the_sample_profiles_are_valid() {
        let profiles = read_profiles(&crate::profiles_dir()).unwrap();
        let orgs: Vec<_> = profiles.iter().map(|p| p.org.as_str()).collect();
        assert_eq!(orgs, ["vinterre", "wintro"]);
    }
}
