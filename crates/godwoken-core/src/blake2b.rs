//! BLAKE2b (RFC 7693), the hash under `ckb_hash`: written as a loop over the message schedule.
//!
//! Why not the `ckb-hash`/`blake2b-ref` crates: their compression function is unrolled by macro
//! into 6.5 KB of WebAssembly, a tenth of what the page's own logic weighs; this one is a few
//! hundred bytes. Natively the optimiser unrolls the loop again. `tests/blake2b.rs` holds it equal
//! to `ckb-hash` on random inputs and to RFC 7693's test vector.

/// The initialisation vector (SHA-512's).
const IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

/// The message word order of each round (rounds 10 and 11 repeat rounds 0 and 1).
const SIGMA: [[u8; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// The columns, then the diagonals, of the 4×4 state: the (a, b, c, d) of each mixing step.
const STEPS: [[usize; 4]; 8] = [
    [0, 4, 8, 12],
    [1, 5, 9, 13],
    [2, 6, 10, 14],
    [3, 7, 11, 15],
    [0, 5, 10, 15],
    [1, 6, 11, 12],
    [2, 7, 8, 13],
    [3, 4, 9, 14],
];

/// Bytes per block.
const BLOCK: usize = 128;

/// An unkeyed BLAKE2b hasher with a personalization.
#[derive(Clone)]
pub struct Blake2b {
    state: [u64; 8],
    /// Bytes compressed so far.
    counter: u128,
    buffer: [u8; BLOCK],
    buffered: usize,
    out_len: usize,
}

impl Blake2b {
    /// A hasher with a digest of `out_len` bytes (1 to 64) and a 16-byte `personal`ization.
    ///
    /// # Panics
    /// When `out_len` is not 1 to 64 (a programming error: the callers pass constants).
    pub fn new(out_len: usize, personal: &[u8; 16]) -> Self {
        assert!((1..=64).contains(&out_len), "BLAKE2b digests are 1 to 64 bytes");
        let mut state = IV;
        // Parameter block: digest length, no key, fanout 1, depth 1; salt zero.
        state[0] ^= 0x0101_0000 ^ out_len as u64;
        state[6] ^= u64::from_le_bytes(first8(&personal[..8]));
        state[7] ^= u64::from_le_bytes(first8(&personal[8..]));
        Blake2b { state, counter: 0, buffer: [0; BLOCK], buffered: 0, out_len }
    }

    /// Adds `data` to the message.
    pub fn update(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            // The last block is compressed by `finalize` with its flag set, so a full buffer waits
            // until more data arrives.
            if self.buffered == BLOCK {
                self.counter += BLOCK as u128;
                let block = self.buffer;
                self.compress(&block, false);
                self.buffered = 0;
            }
            let take = data.len().min(BLOCK - self.buffered);
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
        }
    }

    /// Writes the digest into `out` (its first `out_len` bytes).
    ///
    /// # Panics
    /// When `out` is shorter than the digest.
    pub fn finalize(mut self, out: &mut [u8]) {
        self.counter += self.buffered as u128;
        let mut block = [0u8; BLOCK];
        block[..self.buffered].copy_from_slice(&self.buffer[..self.buffered]);
        self.compress(&block, true);
        let mut bytes = [0u8; 64];
        for (chunk, word) in bytes.chunks_exact_mut(8).zip(self.state) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        out[..self.out_len].copy_from_slice(&bytes[..self.out_len]);
    }

    /// The compression function F of RFC 7693 §3.2.
    fn compress(&mut self, block: &[u8; BLOCK], last: bool) {
        let mut m = [0u64; 16];
        for (word, chunk) in m.iter_mut().zip(block.chunks_exact(8)) {
            *word = u64::from_le_bytes(first8(chunk));
        }
        let mut v = [0u64; 16];
        v[..8].copy_from_slice(&self.state);
        v[8..].copy_from_slice(&IV);
        v[12] ^= self.counter as u64;
        v[13] ^= (self.counter >> 64) as u64;
        if last {
            v[14] = !v[14];
        }
        for round in 0..12 {
            let s = &SIGMA[round % 10];
            for (step, &[a, b, c, d]) in STEPS.iter().enumerate() {
                let (x, y) = (m[usize::from(s[2 * step])], m[usize::from(s[2 * step + 1])]);
                v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
                v[d] = (v[d] ^ v[a]).rotate_right(32);
                v[c] = v[c].wrapping_add(v[d]);
                v[b] = (v[b] ^ v[c]).rotate_right(24);
                v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
                v[d] = (v[d] ^ v[a]).rotate_right(16);
                v[c] = v[c].wrapping_add(v[d]);
                v[b] = (v[b] ^ v[c]).rotate_right(63);
            }
        }
        for (i, word) in self.state.iter_mut().enumerate() {
            *word ^= v[i] ^ v[i + 8];
        }
    }
}

/// The first 8 bytes of `bytes` (always 8 long where it is called).
fn first8(bytes: &[u8]) -> [u8; 8] {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    word
}
