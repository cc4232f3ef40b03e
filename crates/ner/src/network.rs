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
//! All per-document matrix products run over blocks of [`BLOCK`] tokens with the weights packed
//! once at load ([`crate::kernel`]: an AVX-512 kernel, `matrixmultiply` without AVX-512); the
//! maxout weights are stored piece-major so the maxout is an element-wise max, and the
//! element-wise loops have an AVX2 copy chosen at run time. The first layer's output is cached
//! per distinct token in [`NetScratch`]; buffers live there and are reused between documents.
//! None of this changes a value: the caches and layouts are exact, and only the order of the
//! matrix products' sums differs from `matrixmultiply`'s.

use crate::features::murmurhash3_128_u64;

/// Tokens per encoder / precompute block.
pub const BLOCK: usize = 512;

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
    /// The static vectors' projection multiplied by their slice of the first maxout,
    /// (width*pieces, dim): a token's vector row times this is its contribution. Computed per
    /// batch of layer-0 cache misses instead of for the whole table up front, which would take
    /// twice the table's memory and most of the model's load time.
    pub static_proj: Vec<f32>,
    /// Packed right-hand sides of the per-document products, filled by [`Weights::prepare`].
    pub packed: Packed,
    /// Identifies these weights in a [`NetScratch`]'s layer-0 cache (set by `prepare`).
    pub id: u64,
}

static NEXT_WEIGHTS_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Maximum number of distinct tokens in the per-scratch layer-0 cache (96 floats each); the
/// cache is emptied when it is full.
const L0_MAX: usize = 8_192;

/// Per-thread cache of the first encoder layer's output (embedding → maxout → layernorm), which
/// depends only on the token's feature ids (and ORTH id with static vectors).
#[derive(Default, Debug)]
struct Layer0Cache {
    owner: u64,
    map: crate::features::FastMap<[u64; 5], u32>,
    vals: Vec<f32>,
    miss: Vec<usize>,
    miss_y: Vec<f32>,
    miss_h: Vec<f32>,
    vectors: VectorScratch,
}

/// Scratch for the static-vector contributions of a batch of layer-0 misses.
#[derive(Debug, Default)]
struct VectorScratch {
    /// (position in the batch, vector row) of each token that has a vector.
    rows: Vec<(usize, usize)>,
    /// Their vectors as f32, (len, dim), and the vectors times `static_proj`, (len, out).
    input: Vec<f32>,
    output: Vec<f32>,
}

/// Weight matrices packed for [`crate::kernel::PackedB::matmul`].
#[derive(Debug, Default)]
pub struct Packed {
    /// Encoder maxouts 1..=depth: (3·width) × (pieces·width).
    pub encoder: Vec<crate::kernel::PackedB>,
    /// width × hidden.
    pub proj: crate::kernel::PackedB,
    /// hidden × (hidden·pieces): the lower layer's first state feature (b0), precomputed for
    /// every token.
    pub lower0: crate::kernel::PackedB,
    /// hidden × ((nF-1)·hidden·pieces): the other state features (entity start, b0-1), only
    /// needed while an entity is open, so computed per token on first use.
    pub lower_rest: crate::kernel::PackedB,
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
    /// The (n, dim) table as stored (little-endian f16 or f32).
    pub raw: Vec<u8>,
    pub raw_f16: bool,
    pub keys: Vec<u64>, // sorted
    pub rows: Vec<u32>,
    pub w: Vec<f32>, // (width, dim)
}

/// Append little-endian f16 (`f16`) or f32 values as f32.
pub(crate) fn decode_floats(bytes: &[u8], f16: bool, out: &mut Vec<f32>) {
    if f16 {
        out.extend(bytes.chunks_exact(2).map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32()));
    } else {
        out.extend(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])));
    }
}

impl StaticVectors {
    /// Append vector row `r` as f32.
    pub fn push_row_f32(&self, r: usize, out: &mut Vec<f32>) {
        let el = if self.raw_f16 { 2 } else { 4 };
        decode_floats(&self.raw[r * self.dim * el..(r + 1) * self.dim * el], self.raw_f16, out);
    }

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
    pub w: Vec<f32>,  // (nO, nP, nI) as loaded; (nP, nO, nI) after `Weights::prepare`
    pub b: Vec<f32>,  // (nO, nP) as loaded; (nP, nO) after `Weights::prepare`
    pub g: Vec<f32>,  // layernorm gain (nO)
    pub lb: Vec<f32>, // layernorm bias (nO)
}

/// Reusable buffers for the forward pass.
#[derive(Default, Debug)]
pub struct NetScratch {
    y: Vec<f32>,
    h: Vec<f32>,
    /// Token vectors after the projection for tokens [tok_start, tok_end), (rows, hidden):
    /// a window that moves with the decoder, so a long document needs no (n_tokens, hidden)
    /// buffer.
    pub tok: Vec<f32>,
    tok_start: usize,
    tok_end: usize,
    /// Tokens in the current document.
    n: usize,
    /// Precomputed state-feature contributions for tokens
    /// [cached_start, cached_start + cached_len), (len, nF, hidden, hidden_pieces); feature 0
    /// for every row, features 1.. only for rows with `rest_done`.
    pub cached: Vec<f32>,
    rest_done: Vec<bool>,
    pub cached_start: usize,
    pub cached_len: usize,
    /// Action scores of the state "no open entity, b0 = token" for every cached token,
    /// (cached_len, n_actions); filled by [`Weights::precompute`].
    pub closed: Vec<f32>,
    hid: Vec<f32>,
    l0: Layer0Cache,
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

/// Whether AVX2 is available (checked once); the element-wise loops are compiled twice, and
/// the AVX2 copy gives bit-identical results (same operations in the same order, no FMA
/// contraction), only wider.
#[inline]
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::sync::atomic::{AtomicU8, Ordering};
        static STATE: AtomicU8 = AtomicU8::new(0);
        match STATE.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let yes = std::is_x86_feature_detected!("avx2");
                STATE.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
                yes
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Run `$body` (an expression) through an AVX2-enabled copy when the CPU has AVX2.
macro_rules! with_avx2 {
    ($body:expr) => {{
        #[cfg(target_arch = "x86_64")]
        {
            #[target_feature(enable = "avx2")]
            unsafe fn wide<R>(f: impl FnOnce() -> R) -> R {
                f()
            }
            if has_avx2() {
                // SAFETY: AVX2 support was checked at run time.
                unsafe {
                    wide(
                        #[inline(always)]
                        || $body,
                    )
                }
            } else {
                $body
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            $body
        }
    }};
}

/// Maxout over `pieces` followed by layernorm, for `m` rows of `y` ((nP*nO) wide, piece-major
/// as laid out by [`Weights::prepare`], bias not yet added); writes `m` rows of width nO into
/// `out` (row stride `ostride`), or adds into it if `residual`.
fn maxout_layernorm(
    layer: &MaxoutLn,
    pieces: usize,
    m: usize,
    y: &[f32],
    out: &mut [f32],
    ostride: usize,
    residual: bool,
) {
    with_avx2!(maxout_layernorm_body(
        layer, pieces, m, y, out, ostride, residual
    ))
}

#[inline(always)]
fn maxout_layernorm_body(
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
    let mut d2 = [0f32; 512];
    assert!(no <= 512 && layer.b.len() == no * pieces && y.len() >= m * no * pieces);
    let tmp = &mut tmp[..no];
    let d2 = &mut d2[..no];
    let g = &layer.g[..no];
    let lb = &layer.lb[..no];
    for r in 0..m {
        let yr = &y[r * no * pieces..(r + 1) * no * pieces];
        if pieces == 3 {
            let (y0, rest) = yr.split_at(no);
            let (y1, y2) = rest.split_at(no);
            let (b0, rest) = layer.b.split_at(no);
            let (b1, b2) = rest.split_at(no);
            for i in 0..no {
                tmp[i] = (y0[i] + b0[i]).max(y1[i] + b1[i]).max(y2[i] + b2[i]);
            }
        } else {
            for i in 0..no {
                tmp[i] = yr[i] + layer.b[i];
            }
            for p in 1..pieces {
                let yp = &yr[p * no..(p + 1) * no];
                let bp = &layer.b[p * no..(p + 1) * no];
                for i in 0..no {
                    let v = yp[i] + bp[i];
                    if v > tmp[i] {
                        tmp[i] = v;
                    }
                }
            }
        }
        let t = &*tmp;
        let mean = sum8(t) / no as f32;
        for (d, v) in d2.iter_mut().zip(t) {
            *d = (v - mean) * (v - mean);
        }
        let var = sum8(d2) / no as f32 + 1e-8;
        let inv = 1.0 / var.sqrt();
        let orow = &mut out[r * ostride..r * ostride + no];
        if residual {
            for o in 0..no {
                orow[o] += (t[o] - mean) * inv * g[o] + lb[o];
            }
        } else {
            for o in 0..no {
                orow[o] = (t[o] - mean) * inv * g[o] + lb[o];
            }
        }
    }
}

impl Weights {
    /// Precompute the first maxout layer's products with every embedding row (and static
    /// vector): a token's pre-activation is then a sum of 16 (or 17) rows instead of a
    /// (4·96)×288 product. Frees the static vector table, which is no longer needed.
    pub fn prepare(&mut self) {
        self.id = NEXT_WEIGHTS_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let w = self.width;
        let np = self.pieces;
        // Piece-major maxout layout: row (o, p) of W and b moves to (p, o), so that the maxout
        // is an element-wise max of `np` contiguous vectors. A pure permutation of the
        // product's columns: every value is computed exactly as before.
        for layer in &mut self.maxout {
            let no = layer.g.len();
            let nin = layer.n_in;
            let mut wt = vec![0f32; layer.w.len()];
            let mut bt = vec![0f32; layer.b.len()];
            for o in 0..no {
                for p in 0..np {
                    let src = o * np + p;
                    let dst = p * no + o;
                    wt[dst * nin..(dst + 1) * nin]
                        .copy_from_slice(&layer.w[src * nin..(src + 1) * nin]);
                    bt[dst] = layer.b[src];
                }
            }
            layer.w = wt;
            layer.b = bt;
        }
        {
            use crate::kernel::PackedB;
            self.packed.encoder = self.maxout[1..]
                .iter()
                .map(|l| PackedB::new(l.n_in, l.b.len(), &l.w, 1, l.n_in))
                .collect();
            self.packed.proj = PackedB::new(w, self.hidden, &self.proj_w, 1, w);
            let o = self.hidden * self.hidden_pieces;
            let fo = self.n_feats * o;
            let hd = self.hidden;
            self.packed.lower0 = PackedB::new(hd, o, &self.lower_w[..o * hd], 1, hd);
            self.packed.lower_rest =
                PackedB::new(hd, fo - o, &self.lower_w[o * hd..fo * hd], 1, hd);
        }
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
            self.static_proj = m;
        }
    }

    /// Sum the precomputed first-maxout rows of tokens `toks` into `y` (row j for toks[j]).
    #[inline(always)]
    fn embed_rows(&self, feats: &[[u64; 4]], orth_keys: &[u64], toks: &[usize], y: &mut [f32], c: &mut VectorScratch) {
        let out = self.width * self.pieces;
        for (j, &t) in toks.iter().enumerate() {
            let yr = &mut y[j * out..(j + 1) * out];
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
        }
        // Static vectors last (the same order of additions as a precomputed table would give):
        // one product for all tokens of the batch that have a vector.
        if let Some(sv) = &self.static_vectors {
            c.rows.clear();
            c.rows.extend(toks.iter().enumerate().filter_map(|(j, &t)| sv.row(orth_keys[t]).map(|r| (j, r))));
            if c.rows.is_empty() {
                return;
            }
            c.input.clear();
            for &(_, r) in &c.rows {
                sv.push_row_f32(r, &mut c.input);
            }
            c.output.clear();
            c.output.resize(c.rows.len() * out, 0.0);
            gemm(
                c.rows.len(),
                sv.dim,
                out,
                &c.input,
                sv.dim as isize,
                1,
                &self.static_proj,
                1,
                sv.dim as isize,
                0.0,
                &mut c.output,
                out as isize,
            );
            for (i, &(j, _)) in c.rows.iter().enumerate() {
                for (d, v) in y[j * out..(j + 1) * out].iter_mut().zip(&c.output[i * out..(i + 1) * out]) {
                    *d += *v;
                }
            }
        }
    }

    /// The first encoder layer for tokens [t0, t1), written to rows 0.. of `h` (stride width):
    /// from the cache, or computed for the misses as one batch.
    fn layer0(
        &self,
        feats: &[[u64; 4]],
        orth_keys: &[u64],
        t0: usize,
        t1: usize,
        c: &mut Layer0Cache,
        h: &mut [f32],
    ) {
        let w = self.width;
        let out = w * self.pieces;
        if c.owner != self.id {
            c.owner = self.id;
            c.map.clear();
            c.vals.clear();
        }
        let key = |t: usize| {
            let f = &feats[t];
            let o = if self.static_vectors.is_some() {
                orth_keys[t]
            } else {
                0
            };
            [f[0], f[1], f[2], f[3], o]
        };
        c.miss.clear();
        for t in t0..t1 {
            match c.map.get(&key(t)) {
                Some(&i) => {
                    let i = i as usize;
                    h[(t - t0) * w..(t - t0 + 1) * w].copy_from_slice(&c.vals[i * w..(i + 1) * w]);
                }
                None => c.miss.push(t),
            }
        }
        if c.miss.is_empty() {
            return;
        }
        let m = c.miss.len();
        c.miss_y.clear();
        c.miss_y.resize(m * out, 0.0);
        c.miss_h.clear();
        c.miss_h.resize(m * w, 0.0);
        let (miss, y) = (&c.miss, &mut c.miss_y);
        with_avx2!(self.embed_rows(feats, orth_keys, miss, y, &mut c.vectors));
        maxout_layernorm(
            &self.maxout[0],
            self.pieces,
            m,
            &c.miss_y,
            &mut c.miss_h,
            w,
            false,
        );
        if c.map.len() + m > L0_MAX {
            c.map.clear();
            c.vals.clear();
        }
        for (j, &t) in c.miss.iter().enumerate() {
            let row = &c.miss_h[j * w..(j + 1) * w];
            h[(t - t0) * w..(t - t0 + 1) * w].copy_from_slice(row);
            if c.map.len() < L0_MAX {
                let k = key(t);
                if let std::collections::hash_map::Entry::Vacant(e) = c.map.entry(k) {
                    e.insert((c.vals.len() / w) as u32);
                    c.vals.extend_from_slice(row);
                }
            }
        }
    }

    /// Start a document of `n` tokens: no token vectors computed yet.
    pub fn begin(&self, n: usize, s: &mut NetScratch) {
        s.tok.clear();
        s.tok_start = 0;
        s.tok_end = 0;
        s.n = n;
        s.cached_start = 0;
        s.cached_len = 0;
    }

    /// Make the token vectors of tokens up to `upto` available, computing them in blocks of
    /// [`BLOCK`] tokens in document order; rows before `keep_from` are no longer needed and may
    /// be dropped. Tokens have the feature ids `feats[t] = [NORM, PREFIX, SUFFIX, SHAPE]` and
    /// static-vector keys `orth_keys` (ORTH ids, only used with static vectors).
    ///
    /// Each block runs the embedding, the encoder and the projection with a halo of `depth`
    /// rows on each side, which gives the same result as one pass over the whole (padded)
    /// document; the block boundaries are the same whatever the caller asks for.
    pub fn ensure_tokens(&self, feats: &[[u64; 4]], orth_keys: &[u64], s: &mut NetScratch, upto: usize, keep_from: usize) {
        let upto = upto.min(s.n);
        if s.tok_end >= upto {
            return;
        }
        let hd = self.hidden;
        let keep_from = keep_from.clamp(s.tok_start, s.tok_end);
        if keep_from > s.tok_start {
            s.tok.drain(..(keep_from - s.tok_start) * hd);
            s.tok_start = keep_from;
        }
        while s.tok_end < upto {
            let (a, b) = (s.tok_end, (s.tok_end + BLOCK).min(s.n));
            let base = s.tok.len();
            s.tok.resize(base + (b - a) * hd, 0.0);
            self.encode_block(feats, orth_keys, s, a, b, base);
            for row in s.tok[base..].chunks_exact_mut(hd) {
                for (v, bias) in row.iter_mut().zip(&self.proj_b) {
                    *v += *bias;
                }
            }
            s.tok_end = b;
        }
    }

    /// The token vector of token `t` (which `ensure_tokens` made available).
    fn tok_row<'s>(&self, s: &'s NetScratch, t: usize) -> &'s [f32] {
        let r = t - s.tok_start;
        &s.tok[r * self.hidden..(r + 1) * self.hidden]
    }

    /// Tokens [a, b) of the document into `s.tok[dest..]` (before the projection's bias).
    fn encode_block(&self, feats: &[[u64; 4]], orth_keys: &[u64], s: &mut NetScratch, a: usize, b: usize, dest: usize) {
        let n = feats.len();
        let w = self.width;
        let depth = self.maxout.len() - 1;
        let pad = depth; // window 1 × depth
        let np = self.pieces;
        let out = w * np;
        let hd = self.hidden;
        // Padded rows p = t + pad. Outputs wanted: padded [a+pad, b+pad); inputs needed:
        // padded [a, b + 2*pad) (within [0, n + 2*pad)).
        let (pa, pb) = (a, b + 2 * pad);
        let rows = pb - pa;
        // h: one extra zero row before and after so that the ±1 window of row i is the
        // contiguous slice starting at row i-1.
        s.h.clear();
        s.h.resize((rows + 2) * w, 0.0);
        s.y.resize(rows * out, 0.0);
        let t0 = pa.max(pad) - pad;
        let t1 = (pb.min(n + pad)).saturating_sub(pad).max(t0);
        // padded row of token t0 inside the block: t0 + pad - pa; +1 for the extra zero row
        let first = t0 + pad - pa + 1;
        self.layer0(feats, orth_keys, t0, t1, &mut s.l0, &mut s.h[first * w..]);
        for (layer, pb) in self.maxout[1..].iter().zip(&self.packed.encoder) {
            pb.matmul(rows, &s.h, w, &mut s.y, out);
            maxout_layernorm(layer, np, rows, &s.y, &mut s.h[w..], w, true);
        }
        // projection of the wanted rows: padded a+pad .. b+pad -> block row pad .. pad+(b-a)
        let hstart = (1 + pad) * w;
        self.packed.proj.matmul(b - a, &s.h[hstart..], w, &mut s.tok[dest..], hd);
    }

    /// Precompute the lower layer for tokens [start, start+len) into `s.cached`
    /// ((len, nF*hidden*pieces)).
    pub fn precompute(&self, s: &mut NetScratch, start: usize, len: usize) {
        let hd = self.hidden;
        let fo = self.n_feats * hd * self.hidden_pieces;
        s.cached.resize(len * fo, 0.0);
        s.rest_done.clear();
        s.rest_done.resize(len, false);
        self.packed
            .lower0
            .matmul(len, &s.tok[(start - s.tok_start) * hd..], hd, &mut s.cached, fo);
        s.cached_start = start;
        s.cached_len = len;
        self.closed_scores(s);
    }

    /// Scores of the states without an open entity (features `[t, -1, -1]`) for every cached
    /// token `t`, batched: the hidden layer row by row (same summation order as
    /// [`Weights::state_scores`]), then one matrix product with the upper layer.
    fn closed_scores(&self, s: &mut NetScratch) {
        let o = self.hidden * self.hidden_pieces;
        let fo = self.n_feats * o;
        let hd = self.hidden;
        let p = self.hidden_pieces;
        let na = self.n_actions;
        let len = s.cached_len;
        s.hid.clear();
        s.hid.resize(len * hd, 0.0);
        let mut un = [0f32; 1024];
        let un = &mut un[..o];
        for r in 0..len {
            let c0 = &s.cached[r * fo..r * fo + o];
            for (u, v) in un.iter_mut().zip(c0) {
                *u = 0.0 + *v;
            }
            for f in 1..self.n_feats {
                for (u, v) in un.iter_mut().zip(&self.lower_pad[f * o..(f + 1) * o]) {
                    *u += *v;
                }
            }
            for (u, b) in un.iter_mut().zip(&self.lower_b) {
                *u += *b;
            }
            let hrow = &mut s.hid[r * hd..(r + 1) * hd];
            for (h, u) in hrow.iter_mut().zip(un.chunks_exact(p)) {
                let mut best = u[0];
                for &x in &u[1..] {
                    if x > best {
                        best = x;
                    }
                }
                *h = best;
            }
        }
        s.closed.clear();
        s.closed.resize(len * na, 0.0);
        gemm(
            len,
            hd,
            na,
            &s.hid,
            hd as isize,
            1,
            &self.upper_w,
            1,
            hd as isize,
            0.0,
            &mut s.closed,
            na as isize,
        );
        for row in s.closed.chunks_exact_mut(na) {
            for (v, b) in row.iter_mut().zip(&self.upper_b) {
                *v += *b;
            }
        }
    }

    /// Scores of all actions for one parser state with feature token ids (-1 = none). Rows
    /// outside the precomputed block are computed on the fly.
    pub fn state_scores(
        &self,
        s: &mut NetScratch,
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
                    if f > 0 && !s.rest_done[r] {
                        let r_tok = id - s.tok_start;
                        self.packed.lower_rest.matmul(
                            1,
                            &s.tok[r_tok * hd..(r_tok + 1) * hd],
                            hd,
                            &mut s.cached[r * fo + o..(r + 1) * fo],
                            fo - o,
                        );
                        s.rest_done[r] = true;
                    }
                    &s.cached[r * fo + f * o..r * fo + (f + 1) * o]
                } else {
                    let x = self.tok_row(s, id);
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
