//! RSA PKCS#1 v1.5 signature verification (RFC 8017 §8.2.2) with a fixed-width Montgomery
//! exponentiation.
//!
//! Verifying is `s^e mod n` with the public exponent, then comparing the result with the one
//! encoding the message allows. The `rsa` crate does the exponentiation with general-purpose big
//! integers, which made it half of a SAML validation's time; here the modulus is split into
//! machine words (64-bit natively, 32-bit in wasm, where 64×64-bit products are emulated) and
//! multiplied with CIOS Montgomery multiplication, about six times faster. Only public values
//! are involved, so nothing needs to be constant-time. Keys whose exponent does not fit in 64
//! bits (none in practice) fall back to the `rsa` crate.

use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};

#[cfg(target_pointer_width = "64")]
type Limb = u64;
#[cfg(target_pointer_width = "64")]
type Wide = u128;
#[cfg(not(target_pointer_width = "64"))]
type Limb = u32;
#[cfg(not(target_pointer_width = "64"))]
type Wide = u64;

const LIMB_BYTES: usize = (Limb::BITS / 8) as usize;

/// Whether `signature` is a valid PKCS#1 v1.5 signature by `key` of `hashed` (the message
/// digest) under `scheme` (its DigestInfo prefix).
pub(crate) fn verify(
    key: &RsaPublicKey,
    scheme: &Pkcs1v15Sign,
    hashed: &[u8],
    signature: &[u8],
) -> bool {
    let Some(e) = exponent(key.e()) else {
        return key.verify(scheme.clone(), hashed, signature).is_ok();
    };
    let k = key.size();
    if scheme.hash_len.is_some_and(|len| len != hashed.len()) || signature.len() != k {
        return false;
    }
    let t_len = scheme.prefix.len() + hashed.len();
    if k < t_len + 11 {
        return false;
    }
    let modulus = Modulus::new(key.n());
    let s = from_be_bytes(signature, modulus.n.len());
    if !less_than(&s, &modulus.n) {
        return false;
    }
    let m = modulus.pow(&s, e);
    let em = to_be_bytes(&m, k);
    // EM = 0x00 || 0x01 || PS (0xff…, at least 8) || 0x00 || DigestInfo prefix || H.
    let ps_end = k - t_len - 1;
    em[0] == 0
        && em[1] == 1
        && em[2..ps_end].iter().all(|&b| b == 0xff)
        && em[ps_end] == 0
        && em[ps_end + 1..ps_end + 1 + scheme.prefix.len()] == scheme.prefix[..]
        && em[k - hashed.len()..] == *hashed
}

/// The public exponent as a `u64` (odd and above 1), if it is one.
fn exponent(e: &BigUint) -> Option<u64> {
    let bytes = e.to_bytes_be();
    if bytes.len() > 8 {
        return None;
    }
    let v = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    (v > 1 && v & 1 == 1).then_some(v)
}

/// An odd modulus in little-endian limbs with its Montgomery constants.
struct Modulus {
    n: Vec<Limb>,
    /// `-n⁻¹ mod 2^Limb::BITS`.
    n0_inv: Limb,
    /// `R² mod n`, `R = 2^(Limb::BITS · limbs)`.
    rr: Vec<Limb>,
}

impl Modulus {
    fn new(n: &BigUint) -> Modulus {
        let bytes = n.to_bytes_be();
        let len = bytes.len().div_ceil(LIMB_BYTES);
        let limbs = from_be_bytes(&bytes, len);
        // Newton's iteration doubles the correct low bits each step: 1 → 2 → … → 64.
        let mut inv: Limb = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(limbs[0].wrapping_mul(inv)));
        }
        let mut modulus = Modulus {
            n: limbs,
            n0_inv: inv.wrapping_neg(),
            rr: Vec::new(),
        };
        modulus.rr = modulus.r_squared(n.bits());
        modulus
    }

    /// `R² mod n` without a division: `R mod n` by doubling `2^(bits − 1)`, then `R · 2^k` by
    /// `k` more doublings, then five Montgomery squarings (each doubles the power of two:
    /// `R · 2^(32k) = R²` for `k = limbs · Limb::BITS / 32`). About `Limb::BITS + k` doublings
    /// and five multiplications, instead of a 4096-bit division.
    fn r_squared(&self, bits: usize) -> Vec<Limb> {
        let len = self.n.len();
        let total = len * Limb::BITS as usize;
        let mut x = vec![0; len];
        let top = bits.saturating_sub(1);
        if let Some(limb) = x.get_mut(top / Limb::BITS as usize) {
            *limb = 1 << (top % Limb::BITS as usize);
        }
        if !less_than(&x, &self.n) {
            sub_in_place(&mut x, &self.n);
        }
        for _ in 0..(total + 1).saturating_sub(bits) + total / 32 {
            self.double(&mut x);
        }
        let mut tmp = vec![0; len];
        let mut scratch = vec![0; len + 2];
        for _ in 0..5 {
            self.mul(&x, &x, &mut tmp, &mut scratch);
            std::mem::swap(&mut x, &mut tmp);
        }
        x
    }

    /// `x = 2x mod n` for `x < n`.
    fn double(&self, x: &mut [Limb]) {
        let mut carry: Limb = 0;
        for limb in x.iter_mut() {
            let next = *limb >> (Limb::BITS - 1);
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        if carry != 0 || !less_than(x, &self.n) {
            sub_in_place(x, &self.n);
        }
    }

    /// `base^e mod n` for `base < n`, left to right over the bits of `e`.
    fn pow(&self, base: &[Limb], e: u64) -> Vec<Limb> {
        let len = self.n.len();
        let mut scratch = vec![0; len + 2];
        let mut b = vec![0; len];
        self.mul(base, &self.rr, &mut b, &mut scratch);
        let mut x = b.clone();
        let mut tmp = vec![0; len];
        for i in (0..63 - e.leading_zeros()).rev() {
            self.mul(&x, &x, &mut tmp, &mut scratch);
            std::mem::swap(&mut x, &mut tmp);
            if (e >> i) & 1 == 1 {
                self.mul(&x, &b, &mut tmp, &mut scratch);
                std::mem::swap(&mut x, &mut tmp);
            }
        }
        let mut one = vec![0; len];
        one[0] = 1;
        self.mul(&x, &one, &mut tmp, &mut scratch);
        tmp
    }

    /// `out = a · b · R⁻¹ mod n` (CIOS), for `a, b < n`; the result is fully reduced.
    fn mul(&self, a: &[Limb], b: &[Limb], out: &mut [Limb], t: &mut [Limb]) {
        let len = self.n.len();
        // Slicing to the known lengths up front lets the compiler drop the bounds checks below.
        let (n, a, b, out, t) = (
            &self.n[..len],
            &a[..len],
            &b[..len],
            &mut out[..len],
            &mut t[..len + 2],
        );
        t.fill(0);
        for &bi in b {
            let mut carry: Limb = 0;
            for (tj, &aj) in t[..len].iter_mut().zip(a) {
                (*tj, carry) = mul_add(aj, bi, *tj, carry);
            }
            let (lo, hi) = add(t[len], carry);
            t[len] = lo;
            t[len + 1] = hi;

            let m = t[0].wrapping_mul(self.n0_inv);
            let (_, mut carry) = mul_add(m, n[0], t[0], 0);
            for j in 1..len {
                (t[j - 1], carry) = mul_add(m, n[j], t[j], carry);
            }
            let (lo, hi) = add(t[len], carry);
            t[len - 1] = lo;
            t[len] = t[len + 1] + hi;
        }
        out.copy_from_slice(&t[..len]);
        if t[len] != 0 || !less_than(out, n) {
            sub_in_place(out, n);
        }
    }
}

/// `a · b + c + d` as (low, high) limbs; it cannot overflow the double width.
#[inline(always)]
fn mul_add(a: Limb, b: Limb, c: Limb, d: Limb) -> (Limb, Limb) {
    let v = Wide::from(a) * Wide::from(b) + Wide::from(c) + Wide::from(d);
    (v as Limb, (v >> Limb::BITS) as Limb)
}

/// `a + b` as (low, high) limbs.
#[inline(always)]
fn add(a: Limb, b: Limb) -> (Limb, Limb) {
    let (sum, overflow) = a.overflowing_add(b);
    (sum, Limb::from(overflow))
}

/// `a < b` for equal-length little-endian numbers.
fn less_than(a: &[Limb], b: &[Limb]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` (mod 2^(bits of a)), little-endian.
fn sub_in_place(a: &mut [Limb], b: &[Limb]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(Limb::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
}

/// Big-endian bytes → `len` little-endian limbs (the bytes must fit).
fn from_be_bytes(bytes: &[u8], len: usize) -> Vec<Limb> {
    let mut limbs = vec![0; len];
    for (i, &byte) in bytes.iter().rev().enumerate() {
        if let Some(limb) = limbs.get_mut(i / LIMB_BYTES) {
            *limb |= Limb::from(byte) << (8 * (i % LIMB_BYTES));
        }
    }
    limbs
}

/// Little-endian limbs → exactly `k` big-endian bytes (the value must fit).
fn to_be_bytes(limbs: &[Limb], k: usize) -> Vec<u8> {
    let mut out = vec![0u8; k];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        if let Some(limb) = limbs.get(i / LIMB_BYTES) {
            *byte = (limb >> (8 * (i % LIMB_BYTES))) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: deterministic test data without a dependency.
    struct Rng(u64);
    impl Rng {
        fn bytes(&mut self, n: usize) -> Vec<u8> {
            (0..n)
                .map(|_| {
                    self.0 ^= self.0 >> 12;
                    self.0 ^= self.0 << 25;
                    self.0 ^= self.0 >> 27;
                    (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
                })
                .collect()
        }
    }

    #[test]
    fn pow_matches_general_big_integers() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for bytes in [8, 33, 64, 128, 256, 384, 512] {
            for round in 0..8 {
                let mut n_bytes = rng.bytes(bytes);
                n_bytes[0] |= if round % 2 == 0 { 0x80 } else { 0x01 }; // full and short top limbs
                n_bytes[bytes - 1] |= 1;
                let n = BigUint::from_bytes_be(&n_bytes);
                let modulus = Modulus::new(&n);
                let base = BigUint::from_bytes_be(&rng.bytes(bytes)) % &n;
                for e in [
                    3u64,
                    17,
                    65_537,
                    0xffff_ffff_ffff_ffff,
                    0x8000_0000_0000_0001,
                ] {
                    let ours = modulus.pow(&from_be_bytes(&base.to_bytes_be(), modulus.n.len()), e);
                    let want = base.modpow(&BigUint::from(e), &n);
                    let k = n_bytes.len();
                    assert_eq!(
                        to_be_bytes(&ours, k),
                        to_be_bytes(&from_be_bytes(&want.to_bytes_be(), modulus.n.len()), k),
                        "{bytes} bytes, e = {e}"
                    );
                }
            }
        }
    }

    #[test]
    fn byte_conversions_round_trip() {
        let bytes: Vec<u8> = (1..=13).collect();
        let limbs = from_be_bytes(&bytes, 13usize.div_ceil(LIMB_BYTES));
        assert_eq!(to_be_bytes(&limbs, 13), bytes);
        assert_eq!(exponent(&BigUint::from(65_537u32)), Some(65_537));
        assert_eq!(exponent(&BigUint::from(4u8)), None);
        assert_eq!(exponent(&(BigUint::from(1u8) << 70)), None);
    }
}
