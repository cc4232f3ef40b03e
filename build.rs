//! Derives the built-in gazetteer's place tables once, at build time (see
//! `src/gazetteer/places.rs`): the program reads them back instead of deriving them in every
//! process. It compiles the two source files the derivation needs, as they are.

#[path = "src/document/keys.rs"]
mod keys;
#[allow(dead_code)] // (the program's side: reading the tables back, looking names up)
#[path = "src/gazetteer/places.rs"]
mod places;

/// What `places.rs` calls `crate::document::name_key`.
mod document {
    pub use crate::keys::name_key;
}

const GAZETTEER: &str = "resources/gazetteer";

/// What the program is built from: the build id hashes them (see [`build_id`]).
const BUILT_FROM: [&str; 6] = ["src", "crates", "resources", "Cargo.toml", "Cargo.lock", "build.rs"];

fn main() {
    for source in BUILT_FROM {
        println!("cargo:rerun-if-changed={source}");
    }
    println!("cargo:rustc-env=TEXTMILL_BUILD_ID={}", build_id());
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let out = out_dir.join("place_tables.bin");
    // (Derived again only when what they are derived from changed: this script runs on any
    // source's change, for the build id.)
    let derived_from = hash_files(&["src/document/keys.rs".into(), "src/gazetteer/places.rs".into(), GAZETTEER.into()]);
    let key = out_dir.join("place_tables.key");
    if out.is_file() && std::fs::read_to_string(&key).is_ok_and(|old| old == derived_from) {
        return;
    }
    let read = |name: &str| std::fs::read_to_string(format!("{GAZETTEER}/{name}")).unwrap_or_else(|err| panic!("cannot read {GAZETTEER}/{name}: {err}"));
    let (countries, cities, regions, places) = (read("countries.tsv"), read("cities.tsv"), read("regions.tsv"), read("places.tsv"));
    let tables = places::PlaceTables::derive(&places::Sources { countries: &countries, cities: &cities, regions: &regions, places: &places });
    std::fs::write(&out, tables.encode()).unwrap_or_else(|err| panic!("cannot write {}: {err}", out.display()));
    std::fs::write(&key, derived_from).unwrap_or_else(|err| panic!("cannot write {}: {err}", key.display()));
}

/// The build's id: a hash of its sources, the resources it embeds, its dependencies' versions,
/// the compiler and the profile. Two copies of one build, or the same sources built again, have
/// the same id, and so share their cache entries (the executable's path and time do not count).
fn build_id() -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hash_files(&BUILT_FROM.map(std::path::PathBuf::from)).hash(&mut hasher);
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    std::process::Command::new(rustc).arg("-vV").output().map(|output| output.stdout).unwrap_or_default().hash(&mut hasher);
    let mut build: Vec<(String, String)> = std::env::vars().filter(|(name, _)| matches!(name.as_str(), "PROFILE" | "OPT_LEVEL" | "DEBUG" | "TARGET") || name.starts_with("CARGO_FEATURE_") || name.starts_with("CARGO_CFG_TARGET_FEATURE")).collect();
    build.sort();
    build.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// A hash of the files under `roots` (files or directories), their paths and bytes, in order.
fn hash_files(roots: &[std::path::PathBuf]) -> String {
    use std::hash::{Hash, Hasher};
    fn walk(path: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        match std::fs::read_dir(path) {
            Ok(entries) => entries.flatten().filter(|entry| entry.file_name() != "target").for_each(|entry| walk(&entry.path(), files)),
            Err(_) => files.push(path.to_path_buf()),
        }
    }
    let mut files = Vec::new();
    roots.iter().for_each(|root| walk(root, &mut files));
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}
