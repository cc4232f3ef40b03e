//! The forward pass of spaCy's `TransitionBasedParser.v2` NER model (state_type "ner"):
//!
//! 1. `MultiHashEmbed`: four hashed embedding tables (NORM, PREFIX, SUFFIX, SHAPE), each row the
//!    sum of four rows picked by thinc's MurmurHash3 of the feature id; optionally a static
//!    vector table projected by a linear layer (md); concatenated, then maxout + layernorm.
//! 2. `MaxoutWindowEncoder`: `depth` residual blocks of [window ±1 → maxout → layernorm]. spaCy runs
//!    it through `with_array(pad=depth)`: the document is padded with `depth` zero rows on each
//!    side, and the pad rows go through every layer (they become non-zero), so we do the same.
//! 3. A linear projection to the hidden width, then the precomputable affine layer: for every
//!    token and every state-feature slot, the (hidden × pieces) contribution is computed once.
//!
//! All matrix products run over the whole document with `matrixmultiply::sgemm`; buffers live
//! in [`NetScratch`] and are reused between documents.

use crate::features::murmurhash3_128_u64;

/// Tokens per encoder / precompute block.
pub const BLOCK: usize = 1024;

/// Weights of one model, f32, row-major as exported (see resources/ner/README.md).
#[derive(Debug)]
pub struct Weights {
    pub width: usize,
    pub embed: Vec<EmbedTable>,
    pub static_vectors: Option<StaticVectors>,
    /// Embedding maxout followed by `depth` encoder maxouts.
    pub maxout: Vec<MaxoutLn>,
    pub pieces: usize,
    pub hidden: usize,
    pub hidden_pieces: usize,
    pub proj_w: Vec<f32>, // (hidden, width)
    pub proj_b: Vec<f32>,
    pub lower_w: Vec<f32>,   // (nF, hidden, hidden_pieces, hidden)
    pub lower_b: Vec<f32>,   // (hidden, hidden_pieces)
    pub lower_pad: Vec<f32>, // (nF, hidden, hidden_pieces)
    pub upper_w: Vec<f32>,   // (n_actions, hidden)
    pub upper_b: Vec<f32>,
    pub n_actions: usize,
    pub n_feats: usize,
    /// Per embedding table: its rows already multiplied by the matching slice of the first
    /// maxout's weights, (rows, width*pieces). Filled by [`Weights::prepare`].
    pub embed_proj: Vec<Vec<f32>>,
    /// Static vectors multiplied through their projection and the first maxout, (n, width*pieces).
    pub static_proj: Vec<f32>,
}

#[derive(Debug)]
pub struct EmbedTable {
    pub rows: usize,
    pub seed: u32,
    pub e: Vec<f32>, // (rows, width)
}

#[derive(Debug)]
pub struct StaticVectors {
    pub dim: usize,
    pub n: usize,
    /// The (n, dim) table as stored (little-endian f16 or f32); consumed by `prepare`.
    pub raw: Vec<u8>,
    pub raw_f16: bool,
    pub keys: Vec<u64>, // sorted
    pub rows: Vec<u32>,
    pub w: Vec<f32>, // (width, dim)
}

impl StaticVectors {
    pub fn row(&self, key: u64) -> Option<usize> {
        self.keys
            .binary_search(&key)
            .ok()
            .map(|i| self.rows[i] as usize)
    }
}

#[derive(Debug)]
pub struct MaxoutLn {
    pub n_in: usize,
    pub w: Vec<f32>,  // (nO, nP, nI)
    pub b: Vec<f32>,  // (nO, nP)
    pub g: Vec<f32>,  // layernorm gain (nO)
    pub lb: Vec<f32>, // layernorm bias (nO)
}

/// Reusable buffers for the forward pass.
#[derive(Default, Debug)]
pub struct NetScratch {
    y: Vec<f32>,
    h: Vec<f32>,
    /// Token vectors after the projection, (n_tokens, hidden).
    pub tok: Vec<f32>,
    /// Precomputed state-feature contributions for tokens
    /// [cached_start, cached_start + cached_len), (len, nF, hidden, hidden_pieces).
    pub cached: Vec<f32>,
    pub cached_start: usize,
    pub cached_len: usize,
}

/// C(m×n) = A(m×k) · B(k×n) + beta·C, all given by pointer and strides.
#[allow(clippy::too_many_arguments)]
#[inline]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    rsa: isize,
    csa: isize,
    b: &[f32],
    rsb: isize,
    csb: isize,
    beta: f32,
    c: &mut [f32],
    rsc: isize,
) {
    if m == 0 {
        return;
    }
    debug_assert!(c.len() >= (m - 1) * rsc as usize + n);
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            rsa,
            csa,
            b.as_ptr(),
            rsb,
            csb,
            beta,
            c.as_mut_ptr(),
            rsc,
            1,
        );
    }
}

/// Sum with eight independent accumulators (vectorises).
#[inline]
fn sum8(a: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let mut ca = a.chunks_exact(8);
    for x in &mut ca {
        for i in 0..8 {
            acc[i] += x[i];
        }
    }
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for x in ca.remainder() {
        s += x;
    }
    s
}

/// Dot product with eight independent accumulators (vectorises).
#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        s += x * y;
    }
    s
}

/// Maxout over `pieces` followed by layernorm, for `m` rows of `y` ((nO*nP) wide, bias not yet
/// added); writes `m` rows of width nO into `out` (row stride `ostride`), or adds into it if
/// `residual`.
fn maxout_layernorm(
    layer: &MaxoutLn,
    pieces: usize,
    m: usize,
    y: &[f32],
    out: &mut [f32],
    ostride: usize,
    residual: bool,
) {
    let no = layer.g.len();
    let mut tmp = [0f32; 512];
    debug_assert!(no <= 512);
    for r in 0..m {
        let yr = &y[r * no * pieces..(r + 1) * no * pieces];
        if pieces == 3 {
            for ((t, yc), bc) in tmp[..no]
                .iter_mut()
                .zip(yr.chunks_exact(3))
                .zip(layer.b.chunks_exact(3))
            {
                *t = (yc[0] + bc[0]).max(yc[1] + bc[1]).max(yc[2] + bc[2]);
            }
        } else {
            for ((t, yc), bc) in tmp[..no]
                .iter_mut()
                .zip(yr.chunks_exact(pieces))
                .zip(layer.b.chunks_exact(pieces))
            {
                let mut best = yc[0] + bc[0];
                for p in 1..pieces {
                    let v = yc[p] + bc[p];
                    if v > best {
                        best = v;
                    }
                }
                *t = best;
            }
        }
        let t = &tmp[..no];
        let mean = sum8(t) / no as f32;
        let mut d2 = [0f32; 512];
        for (d, v) in d2[..no].iter_mut().zip(t) {
            *d = (v - mean) * (v - mean);
        }
        let var = sum8(&d2[..no]) / no as f32 + 1e-8;
        let inv = 1.0 / var.sqrt();
        let orow = &mut out[r * ostride..r * ostride + no];
        if residual {
            for o in 0..no {
                orow[o] += (t[o] - mean) * inv * layer.g[o] + layer.lb[o];
            }
        } else {
            for o in 0..no {
                orow[o] = (t[o] - mean) * inv * layer.g[o] + layer.lb[o];
            }
        }
    }
}

impl Weights {
    /// Precompute the first maxout layer's products with every embedding row (and static
    /// vector): a token's pre-activation is then a sum of 16 (or 17) rows instead of a
    /// (4·96)×288 product. Frees the static vector table, which is no longer needed.
    pub fn prepare(&mut self) {
        let w = self.width;
        let np = self.pieces;
        let out = w * np;
        let m0 = &self.maxout[0];
        let concat = m0.n_in;
        self.embed_proj.clear();
        for (ti, t) in self.embed.iter().enumerate() {
            let mut p = vec![0f32; t.rows * out];
            // p = E · W0[:, ti*w..(ti+1)*w]ᵀ ; W0 is (out, concat) row-major
            gemm(
                t.rows,
                w,
                out,
                &t.e,
                w as isize,
                1,
                &m0.w[ti * w..],
                1,
                concat as isize,
                0.0,
                &mut p,
                out as isize,
            );
            self.embed_proj.push(p);
        }
        // The raw tables are no longer needed.
        for t in &mut self.embed {
            t.e = Vec::new();
        }
        if let Some(sv) = &mut self.static_vectors {
            let off = self.embed.len() * w;
            // m = W0s · Ws : (out, dim), W0s = W0[:, off..off+w], Ws (w, dim)
            let mut m = vec![0f32; out * sv.dim];
            gemm(
                out,
                w,
                sv.dim,
                &m0.w[off..],
                concat as isize,
                1,
                &sv.w,
                sv.dim as isize,
                1,
                0.0,
                &mut m,
                sv.dim as isize,
            );
            // q = V · mᵀ, converting the stored table block by block.
            let n = sv.n;
            let dim = sv.dim;
            let mut q = vec![0f32; n * out];
            let el = if sv.raw_f16 { 2 } else { 4 };
            let mut block = Vec::new();
            let step = 2048;
            let mut r0 = 0;
            while r0 < n {
                let r1 = (r0 + step).min(n);
                let bytes = &sv.raw[r0 * dim * el..r1 * dim * el];
                block.clear();
                if sv.raw_f16 {
                    block.extend(
                        bytes
                            .chunks_exact(2)
                            .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32()),
                    );
                } else {
                    block.extend(
                        bytes
                            .chunks_exact(4)
                            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
                    );
                }
                gemm(
                    r1 - r0,
                    dim,
                    out,
                    &block,
                    dim as isize,
                    1,
                    &m,
                    1,
                    dim as isize,
                    0.0,
                    &mut q[r0 * out..],
                    out as isize,
                );
                r0 = r1;
            }
            self.static_proj = q;
            sv.raw = Vec::new();
        }
    }

    /// Run the embedding, the encoder and the projection over one document whose tokens have
    /// the given feature ids (`feats[t] = [NORM, PREFIX, SUFFIX, SHAPE]`) and static-vector keys
    /// (ORTH ids, only used with static vectors). Result: `s.tok` (n × hidden). The encoder runs
    /// in blocks of [`BLOCK`] tokens with a halo of `depth` rows on each side, which gives the
    /// same result as one pass over the whole (padded) document with bounded scratch memory.
    pub fn forward(&self, feats: &[[u64; 4]], orth_keys: &[u64], s: &mut NetScratch) {
        let n = feats.len();
        let w = self.width;
        let depth = self.maxout.len() - 1;
        let pad = depth; // window 1 × depth
        let np = self.pieces;
        let out = w * np;
        let hd = self.hidden;
        s.tok.clear();
        s.tok.resize(n * hd, 0.0);
        s.cached_start = 0;
        s.cached_len = 0;
        let mut a = 0;
        while a < n {
            let b = (a + BLOCK).min(n);
            // Padded rows p = t + pad. Outputs wanted: padded [a+pad, b+pad); inputs needed:
            // padded [a, b + 2*pad) (within [0, n + 2*pad)).
            let (pa, pb) = (a, b + 2 * pad);
            let rows = pb - pa;
            // h: one extra zero row before and after so that the ±1 window of row i is the
            // contiguous slice starting at row i-1.
            s.h.clear();
            s.h.resize((rows + 2) * w, 0.0);
            s.y.clear();
            s.y.resize(rows * out, 0.0);
            // embedding rows for the real tokens in [pa, pb)
            let t0 = pa.max(pad) - pad;
            let t1 = (pb.min(n + pad)).saturating_sub(pad).max(t0);
            for t in t0..t1 {
                let yr = &mut s.y[(t - t0) * out..(t - t0 + 1) * out];
                let f = &feats[t];
                for (ti, table) in self.embed.iter().enumerate() {
                    let keys = murmurhash3_128_u64(f[ti], table.seed);
                    let proj = &self.embed_proj[ti];
                    for k in keys {
                        let r = (k as usize) % table.rows;
                        for (d, v) in yr.iter_mut().zip(&proj[r * out..(r + 1) * out]) {
                            *d += *v;
                        }
                    }
                }
                if let Some(sv) = &self.static_vectors {
                    if let Some(r) = sv.row(orth_keys[t]) {
                        for (d, v) in yr.iter_mut().zip(&self.static_proj[r * out..(r + 1) * out]) {
                            *d += *v;
                        }
                    }
                }
            }
            // padded row of token t0 inside the block: t0 + pad - pa; +1 for the extra zero row
            let first = t0 + pad - pa + 1;
            maxout_layernorm(
                &self.maxout[0],
                np,
                t1 - t0,
                &s.y,
                &mut s.h[first * w..],
                w,
                false,
            );
            for layer in &self.maxout[1..] {
                let nin = 3 * w;
                gemm(
                    rows,
                    nin,
                    out,
                    &s.h,
                    w as isize,
                    1,
                    &layer.w,
                    1,
                    nin as isize,
                    0.0,
                    &mut s.y,
                    out as isize,
                );
                maxout_layernorm(layer, np, rows, &s.y, &mut s.h[w..], w, true);
            }
            // projection of the wanted rows: padded a+pad .. b+pad -> block row pad .. pad+(b-a)
            let hstart = (1 + pad) * w;
            gemm(
                b - a,
                w,
                hd,
                &s.h[hstart..],
                w as isize,
                1,
                &self.proj_w,
                1,
                w as isize,
                0.0,
                &mut s.tok[a * hd..],
                hd as isize,
            );
            a = b;
        }
        for r in 0..n {
            for (v, b) in s.tok[r * hd..(r + 1) * hd].iter_mut().zip(&self.proj_b) {
                *v += *b;
            }
        }
    }

    /// Precompute the lower layer for tokens [start, start+len) into `s.cached`
    /// ((len, nF*hidden*pieces)).
    pub fn precompute(&self, s: &mut NetScratch, start: usize, len: usize) {
        let hd = self.hidden;
        let fo = self.n_feats * hd * self.hidden_pieces;
        s.cached.clear();
        s.cached.resize(len * fo, 0.0);
        gemm(
            len,
            hd,
            fo,
            &s.tok[start * hd..],
            hd as isize,
            1,
            &self.lower_w,
            1,
            hd as isize,
            0.0,
            &mut s.cached,
            fo as isize,
        );
        s.cached_start = start;
        s.cached_len = len;
    }

    /// Scores of all actions for one parser state with feature token ids (-1 = none). Rows
    /// outside the precomputed block are computed on the fly.
    pub fn state_scores(
        &self,
        s: &NetScratch,
        ids: &[i64; 3],
        unmaxed: &mut [f32],
        hidden: &mut [f32],
        scores: &mut [f32],
    ) {
        let o = self.hidden * self.hidden_pieces;
        let fo = self.n_feats * o;
        let hd = self.hidden;
        unmaxed[..o].fill(0.0);
        let mut tmp = [0f32; 1024];
        for (f, &id) in ids.iter().enumerate().take(self.n_feats) {
            let src: &[f32] = if id < 0 {
                &self.lower_pad[f * o..(f + 1) * o]
            } else {
                let id = id as usize;
                if id >= s.cached_start && id < s.cached_start + s.cached_len {
                    let r = id - s.cached_start;
                    &s.cached[r * fo + f * o..r * fo + (f + 1) * o]
                } else {
                    let x = &s.tok[id * hd..(id + 1) * hd];
                    for (j, t) in tmp[..o].iter_mut().enumerate() {
                        *t = dot(&self.lower_w[(f * o + j) * hd..(f * o + j + 1) * hd], x);
                    }
                    &tmp[..o]
                }
            };
            for (u, v) in unmaxed[..o].iter_mut().zip(src) {
                *u += *v;
            }
        }
        for (u, b) in unmaxed[..o].iter_mut().zip(&self.lower_b) {
            *u += *b;
        }
        let p = self.hidden_pieces;
        for j in 0..self.hidden {
            let base = j * p;
            let mut best = unmaxed[base];
            for q in 1..p {
                if unmaxed[base + q] > best {
                    best = unmaxed[base + q];
                }
            }
            hidden[j] = best;
        }
        let hd = self.hidden;
        for ((sc, wr), b) in scores[..self.n_actions]
            .iter_mut()
            .zip(self.upper_w.chunks_exact(hd))
            .zip(&self.upper_b)
        {
            *sc = dot(wr, &hidden[..hd]) + b;
        }
    }
}
