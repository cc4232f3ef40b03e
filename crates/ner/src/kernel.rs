//! A matrix product specialised to the network's shapes: `C (m×n) = A (m×k) · B (k×n)` with B a
//! weight matrix packed once at load time (panels of 32 columns, zero-padded), A read in place
//! (row-major with any row stride, so the encoder's overlapping ±1 windows need no copy), and
//! an AVX-512 micro-kernel of 12 rows × 32 columns. Every element is one fused multiply-add
//! chain over k in order. Without AVX-512 (checked at run time, or with the environment
//! variable `TEXTMILL_NER_NO_AVX512` set) it falls back to `matrixmultiply`; both paths give
//! the same entities on the equivalence corpus.

/// Columns per packed panel.
const NR: usize = 32;
/// Rows per micro-kernel call.
const MR: usize = 12;

/// B packed as `[panel][k][NR]`, 64-byte aligned.
#[derive(Debug, Default)]
pub struct PackedB {
    pub k: usize,
    pub n: usize,
    buf: Vec<f32>,
    off: usize,
    /// The unpacked matrix, row-major (k × n), for the fallback path.
    plain: Vec<f32>,
}

#[inline]
fn has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        use std::sync::atomic::{AtomicU8, Ordering};
        static STATE: AtomicU8 = AtomicU8::new(0);
        match STATE.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let yes = std::is_x86_feature_detected!("avx512f")
                    && std::env::var_os("TEXTMILL_NER_NO_AVX512").is_none();
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

impl PackedB {
    /// Pack B given by element accessor strides: `B[kk][j] = src[kk*rsb + j*csb]`.
    pub fn new(k: usize, n: usize, src: &[f32], rsb: usize, csb: usize) -> PackedB {
        let panels = n.div_ceil(NR);
        let len = panels * k * NR;
        let mut buf = vec![0f32; len + 16];
        let off = (16 - (buf.as_ptr() as usize / 4) % 16) % 16;
        let mut plain = vec![0f32; k * n];
        for kk in 0..k {
            for j in 0..n {
                let v = src[kk * rsb + j * csb];
                plain[kk * n + j] = v;
                let (p, c) = (j / NR, j % NR);
                buf[off + (p * k + kk) * NR + c] = v;
            }
        }
        PackedB {
            k,
            n,
            buf,
            off,
            plain,
        }
    }

    fn panels(&self) -> &[f32] {
        &self.buf[self.off..]
    }

    /// `C[i][j] = sum_kk A[i*rsa + kk] * B[kk][j]` for i < m, j < n; C rows `rsc` apart.
    pub fn matmul(&self, m: usize, a: &[f32], rsa: usize, c: &mut [f32], rsc: usize) {
        if m == 0 {
            return;
        }
        assert!(a.len() >= (m - 1) * rsa + self.k, "A too short");
        assert!(c.len() >= (m - 1) * rsc + self.n, "C too short");
        #[cfg(target_arch = "x86_64")]
        if has_avx512() {
            // SAFETY: AVX-512F checked at run time; bounds asserted above.
            unsafe { self.matmul_avx512(m, a, rsa, c, rsc) };
            return;
        }
        unsafe {
            matrixmultiply::sgemm(
                m,
                self.k,
                self.n,
                1.0,
                a.as_ptr(),
                rsa as isize,
                1,
                self.plain.as_ptr(),
                self.n as isize,
                1,
                0.0,
                c.as_mut_ptr(),
                rsc as isize,
                1,
            );
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn matmul_avx512(&self, m: usize, a: &[f32], rsa: usize, c: &mut [f32], rsc: usize) {
        let k = self.k;
        let n = self.n;
        let bp = self.panels().as_ptr();
        let ap = a.as_ptr();
        let cp = c.as_mut_ptr();
        let panels = n.div_ceil(NR);
        let mut i = 0;
        while i < m {
            let rows = (m - i).min(MR);
            for p in 0..panels {
                let cols = (n - p * NR).min(NR);
                let b = bp.add(p * k * NR);
                let a0 = ap.add(i * rsa);
                let c0 = cp.add(i * rsc + p * NR);
                match rows {
                    MR => tile::<MR>(k, a0, rsa, b, c0, rsc, cols),
                    r if r >= 8 => {
                        tile::<8>(k, a0, rsa, b, c0, rsc, cols);
                        tail(
                            r - 8,
                            k,
                            a0.add(8 * rsa),
                            rsa,
                            b,
                            c0.add(8 * rsc),
                            rsc,
                            cols,
                        );
                    }
                    r if r >= 4 => {
                        tile::<4>(k, a0, rsa, b, c0, rsc, cols);
                        tail(
                            r - 4,
                            k,
                            a0.add(4 * rsa),
                            rsa,
                            b,
                            c0.add(4 * rsc),
                            rsc,
                            cols,
                        );
                    }
                    r => tail(r, k, a0, rsa, b, c0, rsc, cols),
                }
            }
            i += rows;
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)]
unsafe fn tail(
    rows: usize,
    k: usize,
    a: *const f32,
    rsa: usize,
    b: *const f32,
    c: *mut f32,
    rsc: usize,
    cols: usize,
) {
    for r in 0..rows {
        tile::<1>(k, a.add(r * rsa), rsa, b, c.add(r * rsc), rsc, cols);
    }
}

/// R rows × 32 columns: `c[r][j] = sum_kk a[r*rsa + kk] * b[kk*32 + j]` for j < cols.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn tile<const R: usize>(
    k: usize,
    a: *const f32,
    rsa: usize,
    b: *const f32,
    c: *mut f32,
    rsc: usize,
    cols: usize,
) {
    use std::arch::x86_64::*;
    let mut acc0 = [_mm512_setzero_ps(); R];
    let mut acc1 = [_mm512_setzero_ps(); R];
    for kk in 0..k {
        let b0 = _mm512_load_ps(b.add(kk * NR));
        let b1 = _mm512_load_ps(b.add(kk * NR + 16));
        for r in 0..R {
            let av = _mm512_set1_ps(*a.add(r * rsa + kk));
            acc0[r] = _mm512_fmadd_ps(av, b0, acc0[r]);
            acc1[r] = _mm512_fmadd_ps(av, b1, acc1[r]);
        }
    }
    if cols == NR {
        for r in 0..R {
            _mm512_storeu_ps(c.add(r * rsc), acc0[r]);
            _mm512_storeu_ps(c.add(r * rsc + 16), acc1[r]);
        }
    } else {
        let m0: __mmask16 = if cols >= 16 {
            0xffff
        } else {
            ((1u32 << cols) - 1) as u16
        };
        let m1: __mmask16 = if cols <= 16 {
            0
        } else {
            ((1u32 << (cols - 16)) - 1) as u16
        };
        for r in 0..R {
            _mm512_mask_storeu_ps(c.add(r * rsc), m0, acc0[r]);
            _mm512_mask_storeu_ps(c.add(r * rsc + 16), m1, acc1[r]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_naive_product() {
        for &(m, k, n, rsa) in &[
            (1, 3, 5, 3),
            (13, 7, 32, 7),
            (29, 64, 74, 64),
            (30, 288, 288, 96),
            (5, 96, 64, 100),
        ] {
            let a: Vec<f32> = (0..(m - 1) * rsa + k)
                .map(|i| ((i * 37 % 101) as f32 - 50.0) / 25.0)
                .collect();
            let b: Vec<f32> = (0..k * n)
                .map(|i| ((i * 53 % 97) as f32 - 48.0) / 31.0)
                .collect();
            // B given transposed (n × k), as the weight matrices are stored.
            let bt: Vec<f32> = (0..n * k).map(|i| b[(i % k) * n + i / k]).collect();
            let pb = PackedB::new(k, n, &bt, 1, k);
            let rsc = n + 3;
            let mut c = vec![f32::NAN; (m - 1) * rsc + n];
            pb.matmul(m, &a, rsa, &mut c, rsc);
            for i in 0..m {
                for j in 0..n {
                    let want: f64 = (0..k)
                        .map(|kk| a[i * rsa + kk] as f64 * b[kk * n + j] as f64)
                        .sum();
                    let got = c[i * rsc + j] as f64;
                    assert!(
                        (got - want).abs() < 1e-3,
                        "{m}x{k}x{n} [{i},{j}] {got} vs {want}"
                    );
                }
            }
        }
    }
}
