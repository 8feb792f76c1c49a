//! The profile file reader on any text: an error or a profile that passes its own checks
//! and reads back the same through JSON (serde and the widget's lean reader); never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(profile) = attest_core::profile_file::parse(source) {
        assert!(profile.check().is_ok(), "parse returned a profile that fails its checks");
        let json = serde_json::to_string(&profile).unwrap();
        let again: attest_core::TrustProfile = serde_json::from_str(&json).unwrap();
        assert_eq!(again, profile);
        let lean = attest_core::TrustProfile::from_published_json(&json).unwrap();
        assert_eq!(lean, profile);
    }
});
