//! The form checks on any JSON the edge could be sent: errors that name fields, or a
//! request whose every value holds to its rules; never a panic.
#![no_main]

use attest_core::documents::{DocumentRequestForm, SubscriptionForm};
use attest_core::privacy::{Jurisdiction, PrivacyRequestForm, SecurityReportForm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let all = [Jurisdiction::Gdpr, Jurisdiction::UkGdpr, Jurisdiction::Ccpa, Jurisdiction::Other];
    if let Ok(form) = serde_json::from_slice::<PrivacyRequestForm>(data) {
        match form.check(&all) {
            Ok(request) => {
                assert!(request.jurisdiction.allows(request.kind));
                assert!(!request.name.as_str().trim().is_empty());
            }
            Err(errors) => assert!(!errors.is_empty()),
        }
    }
    if let Ok(form) = serde_json::from_slice::<SecurityReportForm>(data) {
        if let Err(errors) = form.check() {
            assert!(!errors.is_empty());
        }
    }
    if let Ok(form) = serde_json::from_slice::<SubscriptionForm>(data) {
        let _ = form.check();
    }
    if let Ok(form) = serde_json::from_slice::<DocumentRequestForm>(data) {
        let profile: attest_core::TrustProfile = serde_json::from_str(
            r#"{"org":"acme","name":"Acme","documents":[{"id":"r","title":"R","access":"nda"}],
                "nda":{"version":"1","text":"Keep it."}}"#,
        )
        .unwrap();
        if let Ok(request) = form.check(&profile) {
            assert_eq!(request.nda_version.unwrap().as_str(), "1");
        }
    }
    // The lean JSON reader never panics either, whatever it is given.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = attest_core::TrustProfile::from_published_json(text);
    }
});
