//! A logo upload's check on any bytes the edge could be sent, as an SVG and as a PNG: a
//! reason in words, or a logo; never a panic. What passes as an SVG is UTF-8 whose every
//! `href` the check has seen, and it passes again.
#![no_main]

use attest_core::logo::{check, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in [Kind::Svg, Kind::Png] {
        match check(kind, data) {
            Ok(checked) => {
                assert_eq!(checked.kind, kind);
                if kind == Kind::Svg {
                    assert!(std::str::from_utf8(data).is_ok());
                }
                assert_eq!(check(kind, data), Ok(checked));
            }
            Err(refused) => assert!(!refused.0.is_empty()),
        }
    }
});
