//! An upload's check and a copy's stamp on any bytes the edge could be sent: a reason in
//! words, or a file that stamps into one that reads again with as many pages; never a
//! panic.
#![no_main]

use attest_core::pdf::{check, stamp, Stamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(checked) = check(data) else { return };
    let viewer = Stamp {
        name: "Grace Hopper",
        company: "Compilers (UK) Ltd",
        email: "grace@compilers.example",
        time: "2026-12-06 15:40 UTC",
        reference: "7K3Q-9XWM",
    };
    if let Ok(copy) = stamp(data, &viewer) {
        assert_eq!(check(&copy).map(|c| c.pages).ok(), Some(checked.pages));
    }
});
