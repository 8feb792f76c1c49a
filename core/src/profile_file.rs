//! The profile file format: a trust profile written as TOML, checked as it is read.

use crate::TrustProfile;

/// A profile file that could not be read, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProfileFileError(String);

/// Reads a profile file. A file that breaks any rule is refused as a whole, with the line
/// and the field at fault; nothing is ever half-loaded.
pub fn parse(source: &str) -> Result<TrustProfile, ProfileFileError> {
    toml::from_str(source).map_err(|e| ProfileFileError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_file_reads_into_a_profile() {
        let profile = parse(
            r#"
            org = "vinterre"
            name = "Vinterre"

            [[badges]]
            name = "ISO 27001"
            status = "compliant"
            "#,
        )
        .unwrap();
        assert_eq!(profile.badges.len(), 1);
    }

    #[test]
    fn an_error_names_its_line_and_field() {
        let err = parse("org = \"vinterre\"\nname = \"Vinterre\"\n\n[[badges]]\nname = \"\"\nstatus = \"compliant\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("required"), "{err}");
    }
}
