use polars::prelude::*;
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    for name in ["documents", "sentences", "mentions"] {
        let df = ParquetReader::new(std::fs::File::open(format!("{dir}/{name}.parquet")).unwrap()).finish().unwrap();
        let schema = df.schema().as_ref().clone();
        let chunks: Vec<DataFrame> = (0..df.height()).step_by(if name=="mentions" {8192} else if name=="documents" {256} else {1800}).map(|o| df.slice(o as i64, 256.max(if name=="mentions" {8192} else if name=="documents" {256} else {1800}))).collect();
        for (label, comp, stats) in [
            ("zstd1+stats", ParquetCompression::Zstd(polars_parquet::write::ZstdLevel::try_new(1).ok()), true),
            ("zstd1 nostats", ParquetCompression::Zstd(polars_parquet::write::ZstdLevel::try_new(1).ok()), false),
            ("snappy+stats", ParquetCompression::Snappy, true),
            ("lz4+stats", ParquetCompression::Lz4Raw, true),
            ("none+stats", ParquetCompression::Uncompressed, true),
        ] {
            let t = Instant::now();
            let mut buf = Vec::new();
            {
                let mut w = ParquetWriter::new(&mut buf).with_compression(comp).with_statistics(if stats { StatisticsOptions::default() } else { StatisticsOptions::empty() }).batched(&schema).unwrap();
                for c in &chunks { w.write_batch(c).unwrap(); }
                w.finish().unwrap();
            }
            println!("{name:10} {label:14} {:.4}s {} bytes", t.elapsed().as_secs_f64(), buf.len());
        }
        let t = Instant::now();
        let mut buf = Vec::new();
        { let mut w = CsvWriter::new(&mut buf).include_header(true).batched(&schema).unwrap(); for c in &chunks { w.write_batch(c).unwrap(); } w.finish().unwrap(); }
        println!("{name:10} csv            {:.4}s {} bytes", t.elapsed().as_secs_f64(), buf.len());
    }
}
