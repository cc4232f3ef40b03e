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

fn main() {
    for source in ["src/document/keys.rs", "src/gazetteer/places.rs", GAZETTEER] {
        println!("cargo:rerun-if-changed={source}");
    }
    let read = |name: &str| std::fs::read_to_string(format!("{GAZETTEER}/{name}")).unwrap_or_else(|err| panic!("cannot read {GAZETTEER}/{name}: {err}"));
    let (countries, cities, regions, places) = (read("countries.tsv"), read("cities.tsv"), read("regions.tsv"), read("places.tsv"));
    let tables = places::PlaceTables::derive(&places::Sources { countries: &countries, cities: &cities, regions: &regions, places: &places });
    let out = std::path::Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("place_tables.bin");
    std::fs::write(&out, tables.encode()).unwrap_or_else(|err| panic!("cannot write {}: {err}", out.display()));
}
