//! Seeds a running local edge: the sample organisations, their published profiles (D1
//! versions and the KV snapshot the public API reads) and an admin token for each,
//! written through the edge itself (`Edge::d1_batch`, `Edge::store_snapshot`).

use std::fmt;
use std::path::Path;

use std::time::{SystemTime, UNIX_EPOCH};

use attest_core::date::rfc3339;
use attest_core::{profile_file, subprocessors, Date, TrustProfile};
use sha2::{Digest, Sha256};

use crate::edge::Edge;

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

/// Seeds `edge`'s stores. Running it again is harmless: a profile gets a new version only
/// when its content changed, a token is registered once. `fresh`: the database has nothing
/// in it yet.
pub fn seed(
    edge: &Edge,
    profile_dirs: &[std::path::PathBuf],
    admin_token: Option<String>,
    site_origins: &[String],
    fresh: bool,
) -> Result<AdminToken, SeedError> {
    let mut profiles = Vec::new();
    let mut logos = Vec::new();
    for dir in profile_dirs {
        for profile in read_profiles(dir)? {
            if let Some(logo) = profile.brand.as_ref().and_then(|b| b.logo.as_ref()) {
                logos.push((
                    profile.org.as_str().to_owned(),
                    logo.clone(),
                    dir.join("logos").join(logo.as_str()),
                ));
            }
            profiles.push(profile);
        }
    }
    let token = match admin_token.filter(|t| !t.trim().is_empty()) {
        Some(raw) => AdminToken::parse(&raw)?,
        None => AdminToken::generate(),
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let published_at = rfc3339(now);

    // What is published already (nothing in a new database: no need to ask).
    let latest = if fresh {
        Vec::new()
    } else {
        edge.d1(
            "SELECT v.org, v.version, v.profile_json FROM profile_versions v \
             WHERE v.version = (SELECT MAX(version) FROM profile_versions WHERE org = v.org)",
        )
        .map_err(SeedError)?
    };

    let mut sql = Vec::new();
    let mut snapshots = Vec::new();
    for mut profile in profiles {
        // The sample sites are, in the demo, each organisation's own site: their forms
        // post from there, whatever port they run on.
        for origin in site_origins {
            let origin = attest_core::Origin::parse(origin.as_str())
                .map_err(|e| SeedError(format!("{origin}: {e}")))?;
            if !profile.allowed_origins.contains(&origin) {
                profile.allowed_origins.push(origin);
            }
        }
        let org = profile.org.as_str().to_owned();
        let previous: Option<(i64, TrustProfile)> = latest
            .iter()
            .find(|row| row["org"] == org.as_str())
            .and_then(|row| {
                let json = row["profile_json"].as_str()?;
                Some((row["version"].as_i64()?, serde_json::from_str(json).ok()?))
            });
        let unchanged = previous.as_ref().is_some_and(|(_, before)| {
            let mut candidate = profile.clone();
            candidate.last_updated = before.last_updated;
            &candidate == before
        });
        if unchanged {
            profile.last_updated = previous.as_ref().and_then(|(_, p)| p.last_updated);
        } else {
            profile.last_updated = profile.last_updated.or(Some(Date::from_unix_seconds(now)));
        }
        let json = serde_json::to_string(&profile).expect("a profile serialises");
        sql.push(format!(
            "INSERT INTO organisations (slug, name) VALUES ({o}, {name}) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name",
            o = quote(&org),
            name = quote(profile.name.as_str()),
        ));
        sql.push(format!(
            "INSERT OR IGNORE INTO api_tokens (id, org, name, token_hash, scopes) \
             VALUES ({id}, {o}, 'demo operator', {hash}, 'admin')",
            o = quote(&org),
            id = quote(&format!("tok_demo_{org}_{}", &token.sha256_hex()[..12])),
            hash = quote(&token.sha256_hex()),
        ));
        if !unchanged {
            let version = previous.as_ref().map_or(1, |(v, _)| v + 1);
            sql.push(format!(
                "INSERT INTO profile_versions (org, version, profile_json, published_at, published_by) \
                 VALUES ({o}, {version}, {json}, {at}, 'demo seed')",
                o = quote(&org),
                json = quote(&json),
                at = quote(&published_at),
            ));
            let before = previous
                .as_ref()
                .map(|(_, p)| p.subprocessors.as_slice())
                .unwrap_or_default();
            let changes = subprocessors::diff(before, &profile.subprocessors);
            if !changes.is_empty() {
                sql.push(format!(
                    "INSERT INTO subprocessor_changes (org, version, published_at, summary, changes_json) \
                     VALUES ({o}, {version}, {at}, {summary}, {changes})",
                    o = quote(&org),
                    at = quote(&published_at),
                    summary = quote(&changes.summary()),
                    changes = quote(&serde_json::to_string(&changes).expect("changes serialise")),
                ));
            }
        }
        snapshots.push((org, json));
    }

    // The rows first, in one batch: a snapshot names a version that is there, and a
    // logo is uploaded with the organisation's token.
    edge.d1_batch(&sql).map_err(SeedError)?;
    for (org, name, path) in &logos {
        crate::publish::upload_logo(&edge.url(), token.as_str(), org, name, path)
            .map_err(SeedError)?;
    }
    for (org, json) in &snapshots {
        edge.store_snapshot(org, json).map_err(SeedError)?;
    }
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
    fn one_invalid_file_refuses_them_all_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "org = \"aaa\"\nname = \"A\"\n").unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            "org = \"bbb\"\nname = \"B\"\nwebsite = \"http://b.example\"\n",
        )
        .unwrap();
        let err = read_profiles(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("b.toml") && err.contains("line 3") && err.contains("https://"),
            "{err}"
        );
    }

    #[test]
    fn the_sample_profiles_are_valid() {
        let profiles = read_profiles(&crate::profiles_dir()).unwrap();
        let orgs: Vec<_> = profiles.iter().map(|p| p.org.as_str()).collect();
        assert_eq!(orgs, ["vinterre", "wintro"]);
    }
}
