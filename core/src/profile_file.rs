//! The profile file format: a trust profile written as TOML, checked as it is read.
//! `docs/profile.schema.json` is its JSON Schema, generated from these types.

use crate::TrustProfile;

/// A profile file that could not be read, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProfileFileError(String);

/// Reads a profile file. A file that breaks any rule is refused as a whole, with the line
/// or the field path at fault; nothing is ever half-loaded.
pub fn parse(source: &str) -> Result<TrustProfile, ProfileFileError> {
    let profile: TrustProfile = toml::from_str(source)
        .map_err(|e| ProfileFileError(e.to_string().trim_end().to_owned()))?;
    profile.check().map_err(|errors| {
        ProfileFileError(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    Ok(profile)
}

/// The JSON Schema of a profile file (and of the published profile).
#[cfg(feature = "schema")]
pub fn json_schema() -> serde_json::Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(TrustProfile)).expect("a schema serialises");
    schema["$id"] = "https://attest.invalid/schemas/profile.schema.json".into();
    schema["title"] = "Attest trust profile".into();
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "org = \"vinterre\"\nname = \"Vinterre\"\n";

    #[test]
    fn a_valid_file_reads_into_a_profile() {
        let profile = parse(&format!(
            "{MINIMAL}\n[[badges]]\nframework = \"iso27001\"\nstatus = \"compliant\"\nscope = \"inherited\"\nprovider = \"AWS\"\n"
        ))
        .unwrap();
        assert_eq!(profile.badges[0].label(), "ISO 27001");
    }

    #[test]
    fn an_invalid_value_is_reported_at_its_line() {
        let err = parse(&format!(
            "{MINIMAL}\n[[badges]]\nframework = \"iso27001\"\nstatus = \"done\"\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 6"), "{err}");
        assert!(err.contains("unknown variant `done`"), "{err}");
    }

    #[test]
    fn an_empty_required_text_is_reported_at_its_line() {
        let err = parse("org = \"vinterre\"\nname = \"  \"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("is required"), "{err}");
    }

    #[test]
    fn a_bad_link_is_reported_at_its_line() {
        let err = parse(&format!("{MINIMAL}website = \"javascript:alert(1)\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("https://"), "{err}");
    }

    #[test]
    fn a_rule_across_fields_is_reported_with_the_field_path() {
        let err = parse(&format!(
            "{MINIMAL}\n[[badges]]\nframework = \"pci_dss\"\nstatus = \"compliant\"\n"
        ))
        .unwrap_err()
        .to_string();
        assert_eq!(err, "badges[0].level: is required for PCI-DSS and FISMA");
    }

    #[test]
    fn a_misspelt_key_is_refused_not_ignored() {
        let err = parse(&format!("{MINIMAL}tagine = \"typo\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("tagine"), "{err}");
    }

    #[test]
    fn a_malformed_file_is_refused() {
        assert!(parse("org = \"vinterre\nname = ").is_err());
    }

    /// The committed schema is what the types generate. `ATTEST_UPDATE_SCHEMA=1 cargo test
    /// -p attest-core --all-features` rewrites it after a change to the model.
    #[cfg(feature = "schema")]
    #[test]
    fn the_committed_json_schema_is_up_to_date() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/profile.schema.json");
        let generated = serde_json::to_string_pretty(&json_schema()).unwrap() + "\n";
        if std::env::var_os("ATTEST_UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/profile.schema.json is stale: run ATTEST_UPDATE_SCHEMA=1 cargo test -p attest-core --all-features"
        );
    }
}
