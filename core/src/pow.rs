//! The forms' proof of work: instead of a third-party captcha (which would send every
//! visitor's data to someone else), the browser spends a moment of computation the edge
//! checks in microseconds.
//!
//! A challenge names a `salt` and a `difficulty` in bits; a solution is a decimal `nonce`
//! such that SHA-256 of the ASCII string `salt + ":" + nonce` starts with at least
//! `difficulty` zero bits. About `2^difficulty` hashes find one.

use sha2::{Digest, Sha256};

/// The number of leading zero bits of `hash`.
pub fn leading_zero_bits(hash: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `nonce` solves the challenge `salt` at `difficulty` bits.
pub fn is_solution(salt: &str, difficulty: u32, nonce: u64) -> bool {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(b":");
    hasher.update(nonce.to_string().as_bytes());
    leading_zero_bits(&hasher.finalize()) >= difficulty
}

/// Searches `count` nonces from `start` for a solution; the widget calls it in slices so
/// the page stays responsive while it works.
pub fn search(salt: &str, difficulty: u32, start: u64, count: u64) -> Option<u64> {
    // The salt and the colon hash once; each nonce continues from that state.
    let mut prefix = Sha256::new();
    prefix.update(salt.as_bytes());
    prefix.update(b":");
    let mut digits = itoa_buffer();
    (start..start.saturating_add(count)).find(|&nonce| {
        let mut hasher = prefix.clone();
        hasher.update(write_decimal(&mut digits, nonce));
        leading_zero_bits(&hasher.finalize()) >= difficulty
    })
}

fn itoa_buffer() -> [u8; 20] {
    [0; 20]
}

/// `n` in decimal, without allocating.
fn write_decimal(buffer: &mut [u8; 20], mut n: u64) -> &[u8] {
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buffer[at..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_zero_bits_count_across_bytes() {
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0x01]), 7);
        assert_eq!(leading_zero_bits(&[0x00, 0x00, 0x10]), 19);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    #[test]
    fn a_found_nonce_is_a_solution_and_no_earlier_one_is() {
        let nonce = search("a1b2c3", 12, 0, 1 << 20).expect("12 bits within a million tries");
        assert!(is_solution("a1b2c3", 12, nonce));
        assert!((0..nonce).all(|n| !is_solution("a1b2c3", 12, n)));
        // A solution for one salt is (almost surely) none for another.
        assert!(!is_solution("a1b2c4", 12, nonce) || !is_solution("a1b2c5", 12, nonce));
    }

    #[test]
    fn the_hash_is_of_salt_colon_decimal_nonce() {
        let nonce = search("abc", 10, 0, 1 << 20).unwrap();
        let hash = Sha256::digest(format!("abc:{nonce}").as_bytes());
        assert!(leading_zero_bits(&hash) >= 10);
        assert!(is_solution("abc", 0, 0));
        assert_eq!(write_decimal(&mut itoa_buffer(), 0), b"0");
        assert_eq!(write_decimal(&mut itoa_buffer(), 1_234_567), b"1234567");
        assert_eq!(
            write_decimal(&mut itoa_buffer(), u64::MAX),
            u64::MAX.to_string().as_bytes()
        );
    }

    #[test]
    fn search_covers_exactly_its_slice() {
        let nonce = search("slice", 8, 0, 1 << 16).unwrap();
        assert_eq!(search("slice", 8, nonce, 1), Some(nonce));
        assert_eq!(search("slice", 8, 0, nonce), None);
    }
}
