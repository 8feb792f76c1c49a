//! The proof-of-work check on any salt, difficulty and nonce: true exactly when the hash
//! has that many leading zero bits; never a panic (difficulties past 256 included).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

fuzz_target!(|input: (String, u32, u64)| {
    let (salt, difficulty, nonce) = input;
    let accepted = attest_core::pow::is_solution(&salt, difficulty, nonce);
    let hash = Sha256::digest(format!("{salt}:{nonce}").as_bytes());
    let mut zeros = 0u32;
    for byte in hash.iter() {
        if *byte == 0 {
            zeros += 8;
        } else {
            zeros += byte.leading_zeros();
            break;
        }
    }
    assert_eq!(accepted, difficulty <= zeros, "difficulty {difficulty}, {zeros} zero bits");
    // What the widget's search finds is a solution.
    if difficulty <= 6 {
        if let Some(found) = attest_core::pow::search(&salt, difficulty, nonce % 1_000_000, 4096) {
            assert!(attest_core::pow::is_solution(&salt, difficulty, found));
        }
    }
});
