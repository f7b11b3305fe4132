//! RSA PKCS#1 v1.5 signature verification (RFC 8017 §8.2.2) with a fixed-width Montgomery
//! exponentiation.
//!
//! Verifying is `s^e mod n` with the public exponent, then comparing the result with the one
//! encoding the message allows. General-purpose big integers (the `rsa` crate) made the
//! exponentiation half of a SAML validation's time and a fifth of the wasm module; here the
//! public key is read from its DER and the modulus is split into
//! machine words (64-bit natively, 32-bit in wasm, where 64×64-bit products are emulated) and
//! multiplied with CIOS Montgomery multiplication, about six times faster. Only public values
//! are involved, so nothing needs to be constant-time. The Montgomery constants are derived with
//! the same multiplication, so no general-purpose division is needed.

use super::der::{self, BIT_STRING, OBJECT_IDENTIFIER, SEQUENCE};

#[cfg(target_pointer_width = "64")]
type Limb = u64;
#[cfg(target_pointer_width = "64")]
type Wide = u128;
#[cfg(not(target_pointer_width = "64"))]
type Limb = u32;
#[cfg(not(target_pointer_width = "64"))]
type Wide = u64;

const LIMB_BYTES: usize = (Limb::BITS / 8) as usize;

/// The contents of the `rsaEncryption` OID, 1.2.840.113549.1.1.1 (RFC 8017 A.1).
const RSA_ENCRYPTION: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// The largest modulus accepted, in bits.
const MAX_MODULUS_BITS: usize = 4096;
/// The largest public exponent accepted, 2^33 − 1 (as OpenSSL and the `rsa` crate).
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key: an odd modulus of at most 4096 bits and an odd exponent from 3 to
/// 2^33 − 1, below the modulus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaPublicKey {
    /// The modulus, big-endian, without leading zero bytes.
    n: Vec<u8>,
    e: u64,
}

impl RsaPublicKey {
    /// The key of a DER `SubjectPublicKeyInfo` (as `openssl pkey -pubin -outform DER` writes
    /// it); anything else is `config_invalid`.
    pub fn from_public_key_der(spki: &[u8]) -> crate::Result<RsaPublicKey> {
        Self::from_spki(spki).map_err(|m| {
            crate::Error::new(
                crate::ErrorKind::ConfigInvalid,
                format!("expected an RSA public key ({m})"),
            )
        })
    }

    /// The key of a DER `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7) of algorithm `rsaEncryption`
    /// holding an `RSAPublicKey` (RFC 8017 A.1.1).
    pub(crate) fn from_spki(spki: &[u8]) -> Result<RsaPublicKey, String> {
        let spki = der::read_exact(spki, SEQUENCE, "SubjectPublicKeyInfo")?;
        let (algorithm, rest) = der::read(spki.value)?;
        der::expect_tag(&algorithm, SEQUENCE, "AlgorithmIdentifier")?;
        let public_key = der::read_exact(rest, BIT_STRING, "subjectPublicKey")?;
        let (oid, parameters) = der::read(algorithm.value)?;
        der::expect_tag(&oid, OBJECT_IDENTIFIER, "algorithm OID")?;
        if oid.value != RSA_ENCRYPTION {
            return Err("expected an rsaEncryption key, found another algorithm".into());
        }
        if !parameters.is_empty() {
            let (_, rest) = der::read(parameters)?;
            if !rest.is_empty() {
                return Err("expected at most one algorithm parameter".into());
            }
        }
        let [0, key @ ..] = public_key.value else {
            return Err("expected a subjectPublicKey of whole bytes".into());
        };
        let key = der::read_exact(key, SEQUENCE, "RSAPublicKey")?;
        let (n, rest) = der::read(key.value)?;
        let (e, rest) = der::read(rest)?;
        if !rest.is_empty() {
            return Err("expected only the modulus and the exponent in the RSAPublicKey".into());
        }
        let n = der::unsigned(&n, "modulus")?;
        let e = der::unsigned(&e, "public exponent")?;
        let key = RsaPublicKey {
            e: match e.len() {
                0..=8 => e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
                _ => return Err("expected a public exponent of at most 2^33 - 1".into()),
            },
            n,
        };
        let bits = key.bits();
        if bits > MAX_MODULUS_BITS {
            return Err(format!(
                "expected a modulus of at most 4096 bits, found {bits}"
            ));
        }
        if key.n.last().map_or(true, |&b| b & 1 == 0) {
            return Err("expected an odd modulus".into());
        }
        if key.e & 1 == 0 || key.e < 3 || key.e > MAX_EXPONENT {
            return Err(format!(
                "expected an odd public exponent from 3 to 2^33 - 1, found {}",
                key.e
            ));
        }
        if bits <= 64 && key.n.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)) <= key.e {
            return Err("expected a public exponent below the modulus".into());
        }
        Ok(key)
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.n
            .first()
            .map_or(0, |&top| self.n.len() * 8 - top.leading_zeros() as usize)
    }
}

/// Whether `signature` is a valid PKCS#1 v1.5 signature by `key` of `hashed` (the message
/// digest), whose DigestInfo encoding starts with `prefix` (RFC 8017 §9.2).
pub(crate) fn verify(key: &RsaPublicKey, prefix: &[u8], hashed: &[u8], signature: &[u8]) -> bool {
    let k = key.n.len();
    if signature.len() != k {
        return false;
    }
    let t_len = prefix.len() + hashed.len();
    if k < t_len + 11 {
        return false;
    }
    let modulus = Modulus::new(&key.n);
    let s = from_be_bytes(signature, modulus.n.len());
    if !less_than(&s, &modulus.n) {
        return false;
    }
    let m = modulus.pow(&s, key.e);
    let em = to_be_bytes(&m, k);
    // EM = 0x00 || 0x01 || PS (0xff…, at least 8) || 0x00 || DigestInfo prefix || H.
    let ps_end = k - t_len - 1;
    em[0] == 0
        && em[1] == 1
        && em[2..ps_end].iter().all(|&b| b == 0xff)
        && em[ps_end] == 0
        && em[ps_end + 1..ps_end + 1 + prefix.len()] == *prefix
        && em[k - hashed.len()..] == *hashed
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
    /// The modulus of big-endian `n` (odd, above 1, no leading zero byte).
    fn new(n: &[u8]) -> Modulus {
        let len = n.len().div_ceil(LIMB_BYTES);
        let limbs = from_be_bytes(n, len);
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
        modulus.rr = modulus.r_squared();
        modulus
    }

    /// `R² mod n`: the Montgomery form of `2^(Limb::BITS · len)`, which is the Montgomery form
    /// of 2 raised to that power with Montgomery multiplications.
    fn r_squared(&self) -> Vec<Limb> {
        let len = self.n.len();
        let total = len * Limb::BITS as usize;
        let bits = total - self.n[len - 1].leading_zeros() as usize;
        // 2^bits − n < n (n has `bits` bits), then doubled up to R: R mod n, the form of 1.
        let mut x = vec![0; len];
        if let Some(limb) = x.get_mut(bits / Limb::BITS as usize) {
            *limb = 1 << (bits % Limb::BITS as usize);
        }
        sub_in_place(&mut x, &self.n); // wraps to R − n when bits = total
        for _ in bits..=total {
            self.double(&mut x); // the last doubling gives 2R mod n, the form of 2
        }
        let two = x.clone();
        let mut scratch = vec![0; len + 2];
        let mut tmp = vec![0; len];
        for i in (0..usize::BITS - 1 - total.leading_zeros()).rev() {
            self.mul(&x, &x, &mut tmp, &mut scratch);
            std::mem::swap(&mut x, &mut tmp);
            if (total >> i) & 1 == 1 {
                self.mul(&x, &two, &mut tmp, &mut scratch);
                std::mem::swap(&mut x, &mut tmp);
            }
        }
        x
    }

    /// `x = 2x mod n`, for `x < n`.
    fn double(&self, x: &mut [Limb]) {
        let mut carry: Limb = 0;
        for limb in x.iter_mut() {
            let top = *limb >> (Limb::BITS - 1);
            *limb = (*limb << 1) | carry;
            carry = top;
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
    use rsa::BigUint;

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
                let modulus = Modulus::new(&n_bytes);
                let len = modulus.n.len();
                let r2 = (BigUint::from(1u8) << (2 * len * Limb::BITS as usize)) % &n;
                assert_eq!(
                    modulus.rr,
                    from_be_bytes(&r2.to_bytes_be(), len),
                    "R² mod n, {bytes} bytes"
                );
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
    }

    /// A DER SubjectPublicKeyInfo of `rsaEncryption` with this modulus and exponent.
    fn spki(n: &[u8], e: &[u8]) -> Vec<u8> {
        fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
            let mut out = vec![tag];
            match value.len() {
                len @ 0..=0x7f => out.push(len as u8),
                len @ 0x80..=0xff => out.extend([0x81, len as u8]),
                len => out.extend([0x82, (len >> 8) as u8, len as u8]),
            }
            out.extend_from_slice(value);
            out
        }
        let int = |v: &[u8]| {
            let mut bytes = if v[0] & 0x80 != 0 { vec![0] } else { vec![] };
            bytes.extend_from_slice(v);
            tlv(0x02, &bytes)
        };
        let mut key = int(n);
        key.extend(int(e));
        let mut bits = vec![0];
        bits.extend(tlv(0x30, &key));
        let mut algorithm = tlv(0x06, &RSA_ENCRYPTION);
        algorithm.extend([0x05, 0x00]);
        let mut body = tlv(0x30, &algorithm);
        body.extend(tlv(0x03, &bits));
        tlv(0x30, &body)
    }

    #[test]
    fn public_keys_as_the_rsa_crate_reads_them() {
        use rsa::pkcs8::DecodePublicKey;
        use rsa::traits::PublicKeyParts;
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        let mut n = rng.bytes(256);
        n[0] |= 0x80;
        n[255] |= 1;
        for (e, ok) in [
            (&[0x01, 0x00, 0x01][..], true),
            (&[3], true),
            (&[1], false),
            (&[4], false),
            (&[2, 0, 0, 0, 1], false),
        ] {
            let der = spki(&n, e);
            let ours = RsaPublicKey::from_spki(&der);
            let theirs = rsa::RsaPublicKey::from_public_key_der(&der);
            assert_eq!(ours.is_ok(), ok, "e = {e:02x?}: {ours:?}");
            assert_eq!(theirs.is_ok(), ok, "the rsa crate, e = {e:02x?}");
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                assert_eq!(ours.n, theirs.n().to_bytes_be());
                assert_eq!(ours.bits(), 2048);
            }
        }
        let mut even = n.clone();
        even[255] &= 0xfe;
        assert!(RsaPublicKey::from_spki(&spki(&even, &[3])).is_err());
        let mut big = vec![0x80];
        big.extend(rng.bytes(512));
        big[512] |= 1;
        assert!(
            RsaPublicKey::from_spki(&spki(&big, &[3])).is_err(),
            "4104 bits"
        );
        let good = spki(&n, &[3]);
        for cut in [1, 10, good.len() - 1] {
            assert!(RsaPublicKey::from_spki(&good[..cut]).is_err());
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(RsaPublicKey::from_spki(&trailing).is_err());
    }
}
