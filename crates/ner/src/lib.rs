//! `textmill-ner`: spaCy's English tokenizer and CNN named-entity recogniser (en_core_web_sm /
//! en_core_web_md 3.8), forward pass in pure Rust over weights exported by
//! `scripts/export_model.py` into `resources/ner/{sm,md}` (format: `resources/ner/README.md`).
//!
//! ```no_run
//! let model = textmill_ner::Model::load(std::path::Path::new("resources/ner/sm")).unwrap();
//! let mut scratch = textmill_ner::Scratch::default();
//! let mut ents = Vec::new();
//! let text = "Barack Obama visited Paris.";
//! model.recognise(text, &[0], &mut scratch, &mut ents);
//! for e in &ents { println!("{} {}", &text[e.start..e.end], e.label.as_str()); }
//! ```

pub mod decoder;
pub mod features;
pub mod kernel;
pub mod network;
pub mod tokenizer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use decoder::{Action, Move, State};
use features::{CharSet, FeatureExtractor, Norms, PyChars, StringIds};
use network::{EmbedTable, MaxoutLn, NetScratch, StaticVectors, Weights};
use tokenizer::{RawToken, Tokenizer};

/// The 18 OntoNotes entity types (serialised by their OntoNotes names, e.g. `WORK_OF_ART`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Label {
    Person,
    Norp,
    Fac,
    Org,
    Gpe,
    Loc,
    Product,
    Event,
    WorkOfArt,
    Law,
    Language,
    Date,
    Time,
    Percent,
    Money,
    Quantity,
    Ordinal,
    Cardinal,
}

impl Label {
    pub const ALL: [Label; 18] = [
        Label::Person,
        Label::Norp,
        Label::Fac,
        Label::Org,
        Label::Gpe,
        Label::Loc,
        Label::Product,
        Label::Event,
        Label::WorkOfArt,
        Label::Law,
        Label::Language,
        Label::Date,
        Label::Time,
        Label::Percent,
        Label::Money,
        Label::Quantity,
        Label::Ordinal,
        Label::Cardinal,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Norp => "NORP",
            Label::Fac => "FAC",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Product => "PRODUCT",
            Label::Event => "EVENT",
            Label::WorkOfArt => "WORK_OF_ART",
            Label::Law => "LAW",
            Label::Language => "LANGUAGE",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Percent => "PERCENT",
            Label::Money => "MONEY",
            Label::Quantity => "QUANTITY",
            Label::Ordinal => "ORDINAL",
            Label::Cardinal => "CARDINAL",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.iter().copied().find(|l| l.as_str() == s)
    }
}

/// A token: byte offsets into the text, and whether it is whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub is_space: bool,
}

/// An entity: byte offsets into the text and its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: invalid JSON: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: {msg}")]
    Invalid { path: PathBuf, msg: String },
}

/// A loaded model: tokenizer, lexical tables and network weights. Immutable, `Send + Sync`.
pub struct Model {
    name: String,
    /// Where the files came from, for [`Model::fingerprint`] (hashed when first asked: reading
    /// the weights a second time would double the load time).
    origin: Origin,
    fingerprint: std::sync::OnceLock<String>,
    tokenizer: Tokenizer,
    chars: PyChars,
    ids: StringIds,
    norms: Norms,
    weights: Weights,
    actions: Vec<Action>,
    valid: decoder::ValidTable,
    labels: Vec<Label>,
    /// Per action: true if spaCy marks the class unseen (its score is set to the minimum).
    unseen: Vec<bool>,
}

/// Per-thread reusable buffers for [`Model::recognise`].
#[derive(Default)]
pub struct Scratch {
    toks: Vec<RawToken>,
    feats: Vec<[u64; 4]>,
    orth_keys: Vec<u64>,
    is_space: Vec<bool>,
    sent_start: Vec<bool>,
    net: NetScratch,
    buf: String,
    unmaxed: Vec<f32>,
    hidden: Vec<f32>,
    scores: Vec<f32>,
    ents: Vec<(usize, usize, u8)>,
    /// Cumulative seconds spent in tokenizer, features, network, decoder (for benchmarks).
    #[doc(hidden)]
    pub phase_secs: [f64; 4],
}

impl Scratch {
    /// Forget the last document and give back the per-token buffers' room beyond `tokens`
    /// tokens (about 54 bytes each), so that a thread's memory follows the document in hand
    /// rather than the longest one it has seen.
    pub fn release_beyond(&mut self, tokens: usize) {
        fn keep<T>(buffer: &mut Vec<T>, tokens: usize) {
            buffer.clear();
            buffer.shrink_to(tokens);
        }
        keep(&mut self.toks, tokens);
        keep(&mut self.feats, tokens);
        keep(&mut self.orth_keys, tokens);
        keep(&mut self.is_space, tokens);
        keep(&mut self.sent_start, tokens);
    }
}

#[derive(serde::Deserialize)]
struct TensorInfo {
    name: String,
    dtype: String,
    shape: Vec<usize>,
    offset: usize,
    nbytes: usize,
}

#[derive(serde::Deserialize)]
struct Header {
    format: String,
    name: String,
    width: usize,
    embed_rows: Vec<usize>,
    embed_seeds: Vec<u32>,
    static_vectors: bool,
    depth: usize,
    window: usize,
    pieces: usize,
    hidden: usize,
    hidden_pieces: usize,
    n_state_features: usize,
    actions: Vec<(String, String)>,
    unseen_classes: Vec<usize>,
    tensors: Vec<TensorInfo>,
}

#[derive(serde::Deserialize)]
struct VocabData {
    lexeme_norm: Vec<(String, String)>,
    base_norms: HashMap<String, String>,
    symbols: HashMap<String, u64>,
    isalpha: Vec<(u32, u32)>,
    isupper: Vec<(u32, u32)>,
    isdigit: Vec<(u32, u32)>,
    isspace: Vec<(u32, u32)>,
    lower: HashMap<String, String>,
}

fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    std::fs::read(path).map_err(|e| LoadError::Io {
        path: path.to_owned(),
        source: e,
    })
}

fn json<T: serde::de::DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, LoadError> {
    serde_json::from_slice(bytes).map_err(|e| LoadError::Json {
        path: path.to_owned(),
        source: e,
    })
}

/// A model's files: a directory, or the four files' bytes (built into a program).
#[derive(Clone)]
enum Origin {
    Dir(PathBuf),
    Bytes(ModelBytes),
}

/// The four files of a model directory, as bytes.
#[derive(Clone, Copy)]
pub struct ModelBytes {
    pub model_json: &'static [u8],
    pub weights_bin: &'static [u8],
    pub tokenizer_json: &'static [u8],
    pub vocab_json: &'static [u8],
}

/// Where weights.bin is read from: a file, a tensor at a time (loading never holds the whole
/// file), or bytes already in memory.
enum WeightsSource {
    File(std::cell::RefCell<std::fs::File>),
    Bytes(&'static [u8]),
}

/// Reads tensors one at a time from weights.bin.
struct Tensors<'a> {
    path: &'a Path,
    source: WeightsSource,
    len: usize,
    table: HashMap<&'a str, &'a TensorInfo>,
}

impl Tensors<'_> {
    fn info(&self, name: &str) -> Result<&TensorInfo, LoadError> {
        let t = self.table.get(name).ok_or_else(|| LoadError::Invalid {
            path: self.path.to_owned(),
            msg: format!("missing tensor {name}"),
        })?;
        if t.offset + t.nbytes > self.len {
            return Err(LoadError::Invalid {
                path: self.path.to_owned(),
                msg: format!("tensor {name} runs past the end of the file"),
            });
        }
        Ok(t)
    }

    fn raw(&self, t: &TensorInfo) -> Result<Vec<u8>, LoadError> {
        use std::io::{Read, Seek, SeekFrom};
        let file = match &self.source {
            WeightsSource::Bytes(bytes) => return Ok(bytes[t.offset..t.offset + t.nbytes].to_vec()),
            WeightsSource::File(file) => file,
        };
        let mut f = file.borrow_mut();
        let mut buf = vec![0u8; t.nbytes];
        f.seek(SeekFrom::Start(t.offset as u64))
            .and_then(|_| f.read_exact(&mut buf))
            .map_err(|e| LoadError::Io {
                path: self.path.to_owned(),
                source: e,
            })?;
        Ok(buf)
    }

    fn f32(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, LoadError> {
        let t = self.info(name)?;
        if t.shape != shape {
            return Err(LoadError::Invalid {
                path: self.path.to_owned(),
                msg: format!("tensor {name}: shape {:?}, expected {:?}", t.shape, shape),
            });
        }
        let n: usize = shape.iter().product();
        let bytes = &self.raw(t)?[..];
        let decoded = |f16: bool| {
            let mut out = Vec::with_capacity(n);
            network::decode_floats(bytes, f16, &mut out);
            Ok(out)
        };
        match t.dtype.as_str() {
            "float32" if bytes.len() == 4 * n => decoded(false),
            "float16" if bytes.len() == 2 * n => decoded(true),
            d => Err(LoadError::Invalid {
                path: self.path.to_owned(),
                msg: format!("tensor {name}: unsupported dtype {d} or size"),
            }),
        }
    }

    fn shape(&self, name: &str) -> Result<Vec<usize>, LoadError> {
        Ok(self.info(name)?.shape.clone())
    }

    fn u64s(&self, name: &str) -> Result<Vec<u64>, LoadError> {
        let t = self.info(name)?;
        let bytes = &self.raw(t)?[..];
        if t.dtype != "uint64" {
            return Err(LoadError::Invalid {
                path: self.path.to_owned(),
                msg: format!("tensor {name}: expected uint64"),
            });
        }
        Ok(bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect())
    }

    fn u32s(&self, name: &str) -> Result<Vec<u32>, LoadError> {
        let t = self.info(name)?;
        let bytes = &self.raw(t)?[..];
        if t.dtype != "uint32" {
            return Err(LoadError::Invalid {
                path: self.path.to_owned(),
                msg: format!("tensor {name}: expected uint32"),
            });
        }
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect())
    }
}

/// Feed a whole file to `hasher` in 1 MiB pieces; returns its length.
fn hash_file(file: &std::fs::File, hasher: &mut sha2::Sha256) -> std::io::Result<usize> {
    use sha2::Digest;
    use std::io::Read;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0;
    loop {
        let k = r.read(&mut buf)?;
        if k == 0 {
            break;
        }
        hasher.update(&buf[..k]);
        total += k;
    }
    Ok(total)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Model {
    /// Load a model directory (`resources/ner/sm` or `resources/ner/md`).
    pub fn load(dir: &Path) -> Result<Model, LoadError> {
        let files = [
            read(&dir.join("model.json"))?,
            read(&dir.join("tokenizer.json"))?,
            read(&dir.join("vocab.json"))?,
        ];
        let wp = dir.join("weights.bin");
        let file = std::fs::File::open(&wp).map_err(|e| LoadError::Io {
            path: wp.clone(),
            source: e,
        })?;
        let len = file.metadata().map_err(|e| LoadError::Io {
            path: wp.clone(),
            source: e,
        })?.len() as usize;
        let weights = WeightsSource::File(std::cell::RefCell::new(file));
        Model::build(dir, Origin::Dir(dir.to_path_buf()), &files, weights, len)
    }

    /// A model from its files' bytes, such as a program's built-in copy (`include_bytes!`).
    /// `name` stands for the directory in error messages.
    pub fn from_bytes(name: &str, bytes: ModelBytes) -> Result<Model, LoadError> {
        let files = [bytes.model_json.to_vec(), bytes.tokenizer_json.to_vec(), bytes.vocab_json.to_vec()];
        let weights = WeightsSource::Bytes(bytes.weights_bin);
        Model::build(Path::new(name), Origin::Bytes(bytes), &files, weights, bytes.weights_bin.len())
    }

    /// `files`: model.json, tokenizer.json, vocab.json; `dir` names them in errors.
    fn build(dir: &Path, origin: Origin, files: &[Vec<u8>; 3], weights_source: WeightsSource, len: usize) -> Result<Model, LoadError> {
        let [header_bytes, tbytes, vbytes] = files;
        let hp = dir.join("model.json");
        let header: Header = json(&hp, header_bytes)?;
        let invalid = |p: &Path, msg: String| LoadError::Invalid {
            path: p.to_owned(),
            msg,
        };
        if header.format != "textmill-ner/1" {
            return Err(invalid(&hp, format!("unknown format {:?}", header.format)));
        }
        if header.window != 1
            || header.n_state_features != 3
            || header.embed_rows.len() != 4
            || header.embed_seeds.len() != 4
        {
            return Err(invalid(
                &hp,
                "unsupported architecture (window, state features or embedding tables)".into(),
            ));
        }
        let wp = dir.join("weights.bin");
        let tensors = Tensors {
            path: &wp,
            source: weights_source,
            len,
            table: header
                .tensors
                .iter()
                .map(|t| (t.name.as_str(), t))
                .collect(),
        };
        let w = header.width;
        let mut embed = Vec::new();
        for (i, (&rows, &seed)) in header
            .embed_rows
            .iter()
            .zip(&header.embed_seeds)
            .enumerate()
        {
            embed.push(EmbedTable {
                rows,
                seed,
                e: tensors.f32(&format!("embed.{i}.E"), &[rows, w])?,
            });
        }
        let static_vectors = if header.static_vectors {
            let vshape = tensors.shape("vectors.data")?;
            if vshape.len() != 2 {
                return Err(invalid(&wp, "vectors.data must be 2-d".into()));
            }
            let dim = vshape[1];
            let keys = tensors.u64s("vectors.keys")?;
            let rows = tensors.u32s("vectors.rows")?;
            if keys.len() != rows.len() || rows.iter().any(|&r| r as usize >= vshape[0]) {
                return Err(invalid(&wp, "vectors.keys/rows inconsistent".into()));
            }
            Some(StaticVectors {
                dim,
                n: vshape[0],
                raw_f16: match tensors.info("vectors.data")?.dtype.as_str() {
                    "float16" => true,
                    "float32" => false,
                    d => return Err(invalid(&wp, format!("vectors.data: unsupported dtype {d}"))),
                },
                raw: {
                    let t = tensors.info("vectors.data")?;
                    let el = if t.dtype == "float16" { 2 } else { 4 };
                    if t.nbytes != vshape[0] * vshape[1] * el {
                        return Err(invalid(
                            &wp,
                            "vectors.data: size does not match shape".into(),
                        ));
                    }
                    tensors.raw(t)?
                },
                keys,
                rows,
                w: tensors.f32("static.W", &[w, dim])?,
            })
        } else {
            None
        };
        let concat = w * (4 + header.static_vectors as usize);
        let p = header.pieces;
        let mut maxout = Vec::new();
        for i in 0..=header.depth {
            let n_in = if i == 0 { concat } else { 3 * w };
            maxout.push(MaxoutLn {
                n_in,
                w: tensors.f32(&format!("maxout.{i}.W"), &[w, p, n_in])?,
                b: tensors.f32(&format!("maxout.{i}.b"), &[w, p])?,
                g: tensors.f32(&format!("layernorm.{i}.G"), &[w])?,
                lb: tensors.f32(&format!("layernorm.{i}.b"), &[w])?,
            });
        }
        let hd = header.hidden;
        let hp_ = header.hidden_pieces;
        let nf = header.n_state_features;
        let na = header.actions.len();
        let mut weights = Weights {
            width: w,
            embed,
            static_vectors,
            maxout,
            pieces: p,
            hidden: hd,
            hidden_pieces: hp_,
            proj_w: tensors.f32("proj.W", &[hd, w])?,
            proj_b: tensors.f32("proj.b", &[hd])?,
            lower_w: tensors.f32("lower.W", &[nf, hd, hp_, hd])?,
            lower_b: tensors.f32("lower.b", &[hd, hp_])?,
            lower_pad: tensors.f32("lower.pad", &[1, nf, hd, hp_])?,
            upper_w: tensors.f32("upper.W", &[na, hd])?,
            upper_b: tensors.f32("upper.b", &[na])?,
            n_actions: na,
            n_feats: nf,
            embed_proj: Vec::new(),
            static_proj: Vec::new(),
            packed: Default::default(),
            id: 0,
        };
        weights.prepare();
        // actions and labels
        let mut labels: Vec<Label> = Vec::new();
        let mut actions = Vec::new();
        for (mv, lab) in &header.actions {
            let mv = match mv.as_str() {
                "B" => Move::Begin,
                "I" => Move::In,
                "L" => Move::Last,
                "U" => Move::Unit,
                "O" => Move::Out,
                _ => Move::Missing,
            };
            let label = if lab.is_empty() {
                None
            } else {
                let l = Label::parse(lab)
                    .ok_or_else(|| invalid(&hp, format!("unknown label {lab}")))?;
                let idx = match labels.iter().position(|&x| x == l) {
                    Some(i) => i,
                    None => {
                        labels.push(l);
                        labels.len() - 1
                    }
                };
                Some(idx as u8)
            };
            actions.push(Action { mv, label });
        }
        let mut unseen = vec![false; na];
        for &c in &header.unseen_classes {
            if c < na {
                unseen[c] = true;
            }
        }
        // tokenizer
        let tp = dir.join("tokenizer.json");
        let tokenizer = Tokenizer::from_data(json(&tp, tbytes)?).map_err(|m| invalid(&tp, m))?;
        // vocab
        let vp = dir.join("vocab.json");
        let v: VocabData = json(&vp, vbytes)?;
        let mut lower = HashMap::new();
        for (k, val) in v.lower {
            let c = k
                .parse::<u32>()
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| invalid(&vp, format!("bad code point {k}")))?;
            lower.insert(c, val);
        }
        let chars = PyChars {
            alpha: CharSet::from_ranges(v.isalpha),
            upper: CharSet::from_ranges(v.isupper),
            digit: CharSet::from_ranges(v.isdigit),
            space: CharSet::from_ranges(v.isspace),
            lower,
        };
        let mut lexeme_norm = features::FastMap::default();
        for (k, val) in v.lexeme_norm {
            lexeme_norm.insert(
                k.parse::<u64>()
                    .map_err(|_| invalid(&vp, format!("bad lexeme_norm key {k}")))?,
                val,
            );
        }
        let norms = Norms {
            lexeme_norm,
            base: v.base_norms.into_iter().collect(),
        };
        let ids = StringIds {
            symbols: v.symbols.into_iter().collect(),
        };
        Ok(Model {
            name: header.name,
            origin,
            fingerprint: std::sync::OnceLock::new(),
            tokenizer,
            chars,
            ids,
            norms,
            weights,
            valid: decoder::ValidTable::new(&actions),
            actions,
            labels,
            unseen,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// sha256 over model.json, weights.bin, tokenizer.json and vocab.json (as they are when
    /// first asked; empty if one cannot be read any more).
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            use sha2::Digest;
            let mut hasher = sha2::Sha256::new();
            match &self.origin {
                Origin::Dir(dir) => {
                    for name in ["model.json", "weights.bin", "tokenizer.json", "vocab.json"] {
                        let hashed = std::fs::File::open(dir.join(name)).and_then(|file| hash_file(&file, &mut hasher));
                        if hashed.is_err() {
                            return String::new();
                        }
                    }
                }
                Origin::Bytes(bytes) => {
                    for file in [bytes.model_json, bytes.weights_bin, bytes.tokenizer_json, bytes.vocab_json] {
                        hasher.update(file);
                    }
                }
            }
            hex(&hasher.finalize())
        })
    }

    /// spaCy's tokenization of `text` (whitespace tokens included), as byte ranges.
    pub fn tokenize(&self, text: &str, out: &mut Vec<Token>) {
        let mut raw = Vec::new();
        self.tokenizer.tokenize(text, &self.chars, &mut raw);
        out.clear();
        out.extend(raw.iter().map(|t| {
            let s = &text[t.start as usize..t.end as usize];
            Token {
                start: t.start as usize,
                end: t.end as usize,
                is_space: self.chars.is_space_str(s),
            }
        }));
    }

    /// The NORM feature string of every token of `text` (as [`Model::tokenize`] splits it);
    /// for tests and debugging.
    #[doc(hidden)]
    pub fn token_norms(&self, text: &str) -> Vec<String> {
        let mut raw = Vec::new();
        self.tokenizer.tokenize(text, &self.chars, &mut raw);
        let fx = FeatureExtractor {
            chars: &self.chars,
            ids: &self.ids,
            norms: &self.norms,
        };
        raw.iter()
            .map(|t| {
                let special = if t.norm > 0 {
                    Some(self.tokenizer.norms[t.norm as usize - 1].as_str())
                } else {
                    None
                };
                fx.norm_string(&text[t.start as usize..t.end as usize], special)
            })
            .collect()
    }

    /// Recognise entities in `text`. `sentence_starts`: sorted byte offsets where a sentence
    /// begins (a token starting at or spanning such an offset starts a sentence). Entities are
    /// written to `out` (cleared first) in text order.
    pub fn recognise(
        &self,
        text: &str,
        sentence_starts: &[usize],
        scratch: &mut Scratch,
        out: &mut Vec<Entity>,
    ) {
        out.clear();
        let s = scratch;
        let t0 = std::time::Instant::now();
        self.tokenizer.tokenize(text, &self.chars, &mut s.toks);
        let t1 = std::time::Instant::now();
        s.phase_secs[0] += (t1 - t0).as_secs_f64();
        let n = s.toks.len();
        if n == 0 {
            return;
        }
        // features
        s.feats.clear();
        s.orth_keys.clear();
        s.is_space.clear();
        s.sent_start.clear();
        let fx = FeatureExtractor {
            chars: &self.chars,
            ids: &self.ids,
            norms: &self.norms,
        };
        let with_vectors = self.weights.static_vectors.is_some();
        let mut si = 0usize;
        for t in &s.toks {
            let (a, b) = (t.start as usize, t.end as usize);
            let orth = &text[a..b];
            let special = if t.norm > 0 {
                Some(self.tokenizer.norms[t.norm as usize - 1].as_str())
            } else {
                None
            };
            s.feats.push(fx.features(orth, special, &mut s.buf));
            if with_vectors {
                s.orth_keys.push(self.ids.id(orth));
            }
            s.is_space.push(self.chars.is_space_str(orth));
            while si < sentence_starts.len() && sentence_starts[si] < a {
                si += 1;
            }
            // a start offset in [a, b) marks this token
            let mut starts = false;
            let mut j = si;
            while j < sentence_starts.len() && sentence_starts[j] < b {
                if sentence_starts[j] >= a {
                    starts = true;
                    break;
                }
                j += 1;
            }
            s.sent_start.push(starts);
        }
        let t2 = std::time::Instant::now();
        s.phase_secs[1] += (t2 - t1).as_secs_f64();
        self.weights.begin(n, &mut s.net);
        let t3 = std::time::Instant::now();
        s.phase_secs[2] += (t3 - t2).as_secs_f64();
        // greedy decoding
        let w = &self.weights;
        s.unmaxed.resize(w.hidden * w.hidden_pieces, 0.0);
        s.hidden.resize(w.hidden, 0.0);
        s.scores.resize(w.n_actions, 0.0);
        s.ents.clear();
        let any_unseen = self.unseen.iter().any(|&u| u);
        let na = w.n_actions;
        let mut st = State {
            b0: 0,
            n,
            open: None,
        };
        while st.b0 < n {
            if st.b0 >= s.net.cached_start + s.net.cached_len {
                let start = st.b0.saturating_sub(1);
                let len = (n - start).min(network::BLOCK);
                // An open entity's first token is still a feature; nothing before it is.
                let keep_from = st.open.map_or(start, |(first, _)| first.min(start));
                w.ensure_tokens(&s.feats, &s.orth_keys, &mut s.net, start + len, keep_from);
                w.precompute(&mut s.net, start, len);
            }
            let scores: &[f32] = if st.open.is_none() && !any_unseen {
                // features [b0, -1, -1]: scores batched by `precompute`
                let r = st.b0 - s.net.cached_start;
                &s.net.closed[r * na..(r + 1) * na]
            } else {
                let ids = st.features();
                w.state_scores(
                    &mut s.net,
                    &ids,
                    &mut s.unmaxed,
                    &mut s.hidden,
                    &mut s.scores,
                );
                if any_unseen {
                    let min = s.scores.iter().copied().fold(f32::INFINITY, f32::min);
                    for (sc, &u) in s.scores.iter_mut().zip(&self.unseen) {
                        if u {
                            *sc = min;
                        }
                    }
                }
                &s.scores
            };
            let best = self.valid.best(scores, &st, &s.is_space, &s.sent_start);
            let a = match best {
                Some(i) => self.actions[i],
                // Cannot happen with a well-formed action set; close or skip defensively.
                None => match st.open {
                    Some((_, l)) => Action {
                        mv: Move::Last,
                        label: Some(l),
                    },
                    None => Action {
                        mv: Move::Out,
                        label: None,
                    },
                },
            };
            if let Some(e) = decoder::apply(a, &mut st) {
                s.ents.push(e);
            }
        }
        s.phase_secs[3] += t3.elapsed().as_secs_f64();
        for &(a, b, l) in &s.ents {
            out.push(Entity {
                start: s.toks[a].start as usize,
                end: s.toks[b - 1].end as usize,
                label: self.labels[l as usize],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_beyond_gives_back_a_long_documents_buffers() {
        let mut scratch = Scratch::default();
        scratch.toks.resize(100_000, RawToken { start: 0, end: 1, norm: 0 });
        scratch.feats.resize(100_000, [0; 4]);
        scratch.orth_keys.resize(100_000, 0);
        scratch.is_space.resize(100_000, false);
        scratch.sent_start.resize(100_000, false);
        scratch.release_beyond(1_000);
        assert!(scratch.toks.is_empty() && scratch.feats.is_empty());
        assert!(scratch.toks.capacity() <= 1_000 && scratch.feats.capacity() <= 1_000 && scratch.orth_keys.capacity() <= 1_000);
        assert!(scratch.is_space.capacity() <= 1_000 && scratch.sent_start.capacity() <= 1_000);
    }

    #[test]
    fn labels_round_trip() {
        for l in Label::ALL {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
        assert_eq!(Label::WorkOfArt.as_str(), "WORK_OF_ART");
        assert_eq!(Label::parse("MISC"), None);
    }

    #[test]
    fn model_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Model>();
        check::<Scratch>();
    }
}
