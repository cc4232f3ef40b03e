//! A Parquet file written one row group at a time, whose footer metadata is held compactly.
//!
//! polars' own writer keeps the metadata of every row group as structs until it writes the
//! footer, with a spec of every page for the page index: a few KB per column chunk, which made
//! a run's peak memory grow with the corpus (about 17 MB more at 40 M words than with CSV
//! alone). Here polars still encodes and compresses the pages, and a polars writer of its own
//! lays out each row group; its metadata is then moved to the row group's place in this file
//! and kept as the compact thrift bytes that end up in the footer (0.45 MB for the three tables
//! streamed at 40 M words). The footer is written from those bytes at the end, one row group
//! decoded at a time.
//!
//! The files get no page index: column and offset indexes are optional in Parquet, and readers
//! prune with the row groups' statistics without them.

use std::io::Write;

use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;
use polars_parquet::parquet::metadata::SchemaDescriptor;
use polars_parquet::parquet::page::CompressedPage;
use polars_parquet::parquet::write::{DynIter, DynStreamingIterator, FileWriter, Version, WriteOptions};
use polars_parquet::read::fallible_streaming_iterator;
use polars_parquet_format::thrift::protocol::{
    TCompactInputProtocol, TCompactOutputProtocol, TFieldIdentifier, TListIdentifier, TOutputProtocol, TStructIdentifier, TType,
};
use polars_parquet_format::{FileMetaData, RowGroup};

const MAGIC: &[u8; 4] = b"PAR1";

pub struct ParquetFile<W: Write> {
    /// polars' writer, used only to encode and compress frames into pages (it writes nothing).
    encoder: BatchedWriter<std::io::Sink>,
    /// polars' footer for this schema with no row groups: everything the footer holds but them.
    template: FileMetaData,
    row_groups: RowGroups<W>,
}

/// The file's row groups: written to `out`, their metadata kept serialised.
struct RowGroups<W: Write> {
    out: W,
    /// Bytes written to `out` so far (the magic is written with the first row group or the footer).
    position: u64,
    schema: SchemaDescriptor,
    /// One compact-thrift `RowGroup` after another.
    metadata: Vec<u8>,
    count: usize,
    num_rows: i64,
}

fn thrift_error(err: polars_parquet_format::thrift::Error) -> PolarsError {
    polars_err!(ComputeError: "parquet metadata: {err}")
}

impl<W: Write> ParquetFile<W> {
    pub fn new(out: W, schema: &Schema, compression: ParquetCompression) -> PolarsResult<Self> {
        let encoder = ParquetWriter::new(std::io::sink())
            .with_compression(compression)
            .with_statistics(StatisticsOptions::default())
            .batched(schema)?;
        let (parquet_schema, template) = {
            let writer = encoder.get_writer().lock().unwrap_or_else(|e| e.into_inner());
            let parquet_schema = writer.parquet_schema().clone();
            // The footer's Arrow schema (the `ARROW:schema` key) in the oldest types, as polars
            // writes it unless told otherwise: `large_string`, which every Arrow reader knows,
            // not `string_view`, which pyarrow before 15 cannot read. The pages are the same
            // Parquet strings either way.
            let mut empty = polars_parquet::write::FileWriter::new_with_parquet_schema(
                std::io::sink(),
                schema.to_arrow(CompatLevel::oldest()),
                parquet_schema.clone(),
                writer.options(),
            );
            empty.end(None)?;
            (parquet_schema, empty.into_inner_and_metadata().1)
        };
        let row_groups = RowGroups { out, position: 0, schema: parquet_schema, metadata: Vec::new(), count: 0, num_rows: 0 };
        Ok(ParquetFile { encoder, template, row_groups })
    }

    /// The writer the file goes to, to see what went through it (writing to it would corrupt
    /// the file).
    pub fn output(&mut self) -> &mut W {
        &mut self.row_groups.out
    }

    /// Bytes written so far.
    #[cfg(test)]
    fn position(&self) -> u64 {
        self.row_groups.position
    }

    /// Encode `frame` and append it as a row group (one per chunk of the frame).
    pub fn write_frame(&mut self, frame: &DataFrame) -> PolarsResult<()> {
        for group in self.encoder.encode_and_compress(frame) {
            self.row_groups.append(u64::MAX, group?)?;
        }
        Ok(())
    }

    /// Append a row group whose pages are already encoded and compressed (copied from an
    /// earlier file), a list of pages per column.
    pub fn write_pages(&mut self, rows: u64, pages: &[Vec<CompressedPage>]) -> PolarsResult<()> {
        let group = DynIter::new(pages.iter().map(|column| {
            Ok(DynStreamingIterator::new(fallible_streaming_iterator::convert(column.iter().map(PolarsResult::Ok))))
        }));
        self.row_groups.append(rows, group)
    }

    /// Write the footer (polars' footer for the schema, with this file's row groups) and
    /// return the writer.
    pub fn finish(self) -> PolarsResult<W> {
        let RowGroups { mut out, position, metadata, count, num_rows, .. } = self.row_groups;
        if position == 0 {
            out.write_all(MAGIC)?;
        }
        let footer_len = write_footer(&mut out, &self.template, num_rows, count, &metadata).map_err(thrift_error)?;
        let footer_len = u32::try_from(footer_len).map_err(|_| polars_err!(ComputeError: "parquet footer over 4 GiB"))?;
        out.write_all(&footer_len.to_le_bytes())?;
        out.write_all(MAGIC)?;
        out.flush()?;
        Ok(out)
    }
}

impl<W: Write> RowGroups<W> {
    /// Lay out one row group with a polars writer of its own, into memory, then copy its
    /// column chunks to `out` with their metadata moved to where they land in this file.
    fn append(&mut self, rows: u64, group: polars_parquet::write::RowGroupIterColumns<'_, PolarsError>) -> PolarsResult<()> {
        if self.position == 0 {
            self.out.write_all(MAGIC)?;
            self.position = MAGIC.len() as u64;
        }
        let mut writer = FileWriter::new(Vec::new(), self.schema.clone(), WriteOptions { write_statistics: false, version: Version::V1 }, None);
        writer.write(rows, group)?;
        writer.end(None)?;
        let (laid_out, metadata) = writer.into_inner_and_metadata();
        let mut row_group = metadata.row_groups.into_iter().next().ok_or_else(|| polars_err!(ComputeError: "a row group without metadata"))?;
        self.position = move_row_group(&mut row_group, &laid_out, &mut self.out, self.position, self.count)?;
        row_group.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut self.metadata)).map_err(thrift_error)?;
        self.num_rows += row_group.num_rows;
        self.count += 1;
        Ok(())
    }
}

/// Copy the column chunks of `group` from `laid_out` (a file polars wrote with that row group
/// alone) to `out` at `position`: each chunk's pages, then its `ColumnMetaData` as polars writes
/// it after them, with every offset moved to the new place. Sets the row group's ordinal, drops
/// its page index (not written, see the module comment); returns the position after it.
fn move_row_group(group: &mut RowGroup, laid_out: &[u8], out: &mut impl Write, mut position: u64, ordinal: usize) -> PolarsResult<u64> {
    group.ordinal = i16::try_from(ordinal).ok();
    for column in &mut group.columns {
        let meta = column.meta_data.as_mut().ok_or_else(|| polars_err!(ComputeError: "a column chunk without metadata"))?;
        let start = meta.dictionary_page_offset.unwrap_or(meta.data_page_offset).min(meta.data_page_offset);
        let pages = usize::try_from(start).ok().and_then(|start| laid_out.get(start..start + usize::try_from(meta.total_compressed_size).ok()?));
        let pages = pages.ok_or_else(|| polars_err!(ComputeError: "a column chunk outside its row group"))?;
        let shift = position as i64 - start;
        out.write_all(pages)?;
        meta.data_page_offset += shift;
        for offset in [&mut meta.index_page_offset, &mut meta.dictionary_page_offset, &mut meta.bloom_filter_offset] {
            *offset = offset.map(|offset| offset + shift);
        }
        column.file_offset += shift;
        column.offset_index_offset = None;
        column.offset_index_length = None;
        column.column_index_offset = None;
        column.column_index_length = None;
        let meta_len = meta.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut *out)).map_err(thrift_error)?;
        position += (pages.len() + meta_len) as u64;
    }
    // Where polars puts it: the first column chunk's first page.
    group.file_offset = group.columns.first().and_then(|column| column.meta_data.as_ref()).map(|meta| meta.dictionary_page_offset.filter(|offset| *offset > 0).unwrap_or(meta.data_page_offset));
    Ok(position)
}

/// Write `template` as a thrift `FileMetaData` with `num_rows` and the `count` row groups
/// serialised in `row_groups` in place of its own (fields in the order and form thrift's
/// generated writer uses); the bytes written.
fn write_footer(out: &mut impl Write, template: &FileMetaData, num_rows: i64, count: usize, row_groups: &[u8]) -> polars_parquet_format::thrift::Result<usize> {
    debug_assert!(template.row_groups.is_empty() && template.encryption_algorithm.is_none() && template.footer_signing_key_metadata.is_none());
    let mut o = TCompactOutputProtocol::new(out);
    let list_field = |o: &mut TCompactOutputProtocol<_>, name: &str, id: i16, len: usize| -> polars_parquet_format::thrift::Result<usize> {
        Ok(o.write_field_begin(&TFieldIdentifier::new(name, TType::List, id))?
            + o.write_list_begin(&TListIdentifier::new(TType::Struct, u32::try_from(len).unwrap_or(u32::MAX)))?)
    };
    let mut n = o.write_struct_begin(&TStructIdentifier::new("FileMetaData"))?;
    n += o.write_field_begin(&TFieldIdentifier::new("version", TType::I32, 1))? + o.write_i32(template.version)? + o.write_field_end()?;
    n += list_field(&mut o, "schema", 2, template.schema.len())?;
    for element in &template.schema {
        n += element.write_to_out_protocol(&mut o)?;
    }
    n += o.write_list_end()? + o.write_field_end()?;
    n += o.write_field_begin(&TFieldIdentifier::new("num_rows", TType::I64, 3))? + o.write_i64(num_rows)? + o.write_field_end()?;
    n += list_field(&mut o, "row_groups", 4, count)?;
    let mut input = TCompactInputProtocol::new(row_groups, usize::MAX);
    for _ in 0..count {
        n += RowGroup::read_from_in_protocol(&mut input)?.write_to_out_protocol(&mut o)?;
    }
    n += o.write_list_end()? + o.write_field_end()?;
    if let Some(pairs) = &template.key_value_metadata {
        n += list_field(&mut o, "key_value_metadata", 5, pairs.len())?;
        for pair in pairs {
            n += pair.write_to_out_protocol(&mut o)?;
        }
        n += o.write_list_end()? + o.write_field_end()?;
    }
    if let Some(created_by) = &template.created_by {
        n += o.write_field_begin(&TFieldIdentifier::new("created_by", TType::String, 6))? + o.write_string(created_by)? + o.write_field_end()?;
    }
    if let Some(orders) = &template.column_orders {
        n += list_field(&mut o, "column_orders", 7, orders.len())?;
        for order in orders {
            n += order.write_to_out_protocol(&mut o)?;
        }
        n += o.write_list_end()? + o.write_field_end()?;
    }
    n += o.write_field_stop()? + o.write_struct_end()?;
    o.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(from: i64, n: i64) -> DataFrame {
        let ids: Vec<i64> = (from..from + n).collect();
        let texts: Vec<String> = ids.iter().map(|i| format!("text number {i} {}", "x".repeat((*i % 7) as usize))).collect();
        let titles: Vec<Option<String>> = ids.iter().map(|i| (i % 3 != 0).then(|| format!("title {i}"))).collect();
        df!("id" => ids, "text" => texts, "title" => titles).unwrap()
    }

    fn footer_bytes(file: &[u8]) -> &[u8] {
        let len = u32::from_le_bytes(file[file.len() - 8..file.len() - 4].try_into().unwrap()) as usize;
        &file[file.len() - 8 - len..file.len() - 8]
    }

    #[test]
    fn row_groups_read_back_and_their_bytes_are_polars_own() {
        let frames = [frame(0, 5), frame(5, 300), frame(305, 1)];
        let mut ours = ParquetFile::new(Vec::new(), &frames[0].schema(), ParquetCompression::Snappy).unwrap();
        for f in &frames {
            ours.write_frame(f).unwrap();
        }
        let data_end = ours.position() as usize;
        let ours = ours.finish().unwrap();

        // Read back whole, by polars.
        let read = ParquetReader::new(std::io::Cursor::new(ours.clone())).finish().unwrap();
        let mut expected = frames[0].clone();
        for f in &frames[1..] {
            expected.vstack_mut(f).unwrap();
        }
        assert!(read.equals_missing(&expected), "{read}\n{expected}");

        // The row groups are byte for byte what polars' own writer lays out.
        let mut theirs = Vec::new();
        let mut writer = ParquetWriter::new(&mut theirs).with_compression(ParquetCompression::Snappy).batched(&frames[0].schema()).unwrap();
        for f in &frames {
            writer.write_batch(f).unwrap();
        }
        writer.finish().unwrap();
        assert!(ours[..data_end] == theirs[..data_end]);

        // The footer is canonical thrift: decoding and encoding it again gives the same bytes,
        // and it equals polars' footer but for the page index this file does not have.
        let footer = footer_bytes(&ours);
        let meta = FileMetaData::read_from_in_protocol(&mut TCompactInputProtocol::new(footer, usize::MAX)).unwrap();
        let mut again = Vec::new();
        meta.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut again)).unwrap();
        assert!(again == footer);
        let theirs_footer = footer_bytes(&theirs);
        let mut their_meta = FileMetaData::read_from_in_protocol(&mut TCompactInputProtocol::new(theirs_footer, usize::MAX)).unwrap();
        for column in their_meta.row_groups.iter_mut().flat_map(|group| &mut group.columns) {
            (column.offset_index_offset, column.offset_index_length, column.column_index_offset, column.column_index_length) = (None, None, None, None);
        }
        assert_eq!(meta.row_groups.len(), 3);
        meta.row_groups.iter().enumerate().for_each(|(i, g)| assert_eq!(g.ordinal, Some(i as i16)));
        // ... and for the Arrow schema, which is in the oldest types (see the next test).
        their_meta.key_value_metadata.clone_from(&meta.key_value_metadata);
        assert_eq!(meta, their_meta);
    }

    /// The `ARROW:schema` value of a footer polars writes for `schema` in `compat_level`.
    fn arrow_schema_key(schema: &Schema, compat_level: CompatLevel) -> Option<String> {
        let encoder = ParquetWriter::new(std::io::sink()).batched(schema).unwrap();
        let writer = encoder.get_writer().lock().unwrap();
        let mut empty = polars_parquet::write::FileWriter::new_with_parquet_schema(
            std::io::sink(),
            schema.to_arrow(compat_level),
            writer.parquet_schema().clone(),
            writer.options(),
        );
        empty.end(None).unwrap();
        let metadata = empty.into_inner_and_metadata().1;
        metadata.key_value_metadata?.into_iter().find(|kv| kv.key == "ARROW:schema")?.value
    }

    /// pyarrow before 15 (and other readers) cannot read `string_view`, polars' newest type for
    /// strings (issue 16): the footer holds the oldest types (`large_string`).
    #[test]
    fn the_arrow_schema_is_in_the_oldest_types_not_string_view() {
        let f = frame(0, 10);
        let mut file = ParquetFile::new(Vec::new(), &f.schema(), ParquetCompression::Snappy).unwrap();
        file.write_frame(&f).unwrap();
        let bytes = file.finish().unwrap();
        let footer = footer_bytes(&bytes);
        let meta = FileMetaData::read_from_in_protocol(&mut TCompactInputProtocol::new(footer, usize::MAX)).unwrap();
        let ours = meta.key_value_metadata.unwrap().into_iter().find(|kv| kv.key == "ARROW:schema").and_then(|kv| kv.value);
        let (oldest, newest) = (arrow_schema_key(&f.schema(), CompatLevel::oldest()), arrow_schema_key(&f.schema(), CompatLevel::newest()));
        assert_ne!(oldest, newest, "the compatibility levels differ for strings");
        assert_eq!(ours, oldest);
    }

    #[test]
    fn copied_pages_and_an_empty_file_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.parquet");
        let f = frame(0, 40);
        let mut file = ParquetFile::new(std::fs::File::create(&path).unwrap(), &f.schema(), ParquetCompression::Zstd(None)).unwrap();
        file.write_frame(&f).unwrap();
        file.finish().unwrap();

        // Copy the row group's pages into a second file, twice.
        let mut reader = std::fs::File::open(&path).unwrap();
        let metadata = polars_parquet::parquet::read::read_metadata(&mut reader).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let mut pages = Vec::new();
        for column in metadata.row_groups[0].parquet_columns() {
            let range = column.byte_range();
            let chunk = polars_buffer::Buffer::from(bytes[range.start as usize..range.end as usize].to_vec());
            let len = chunk.len();
            let reader = polars_parquet::parquet::read::PageReader::new(std::io::Cursor::new(chunk), column, Vec::new(), len);
            let column_pages: Vec<CompressedPage> = reader
                .map(|page| {
                    let mut page = page.unwrap();
                    if let CompressedPage::Data(data) = &mut page {
                        data.num_rows = Some(data.num_values());
                    }
                    page
                })
                .collect();
            pages.push(column_pages);
        }
        let mut copy = ParquetFile::new(Vec::new(), &f.schema(), ParquetCompression::Zstd(None)).unwrap();
        copy.write_pages(40, &pages).unwrap();
        copy.write_pages(40, &pages).unwrap();
        let copy = copy.finish().unwrap();
        let read = ParquetReader::new(std::io::Cursor::new(copy)).finish().unwrap();
        let mut expected = f.clone();
        expected.vstack_mut(&f).unwrap();
        assert!(read.equals_missing(&expected));

        // No rows: the schema alone.
        let empty = ParquetFile::new(Vec::new(), &f.schema(), ParquetCompression::Snappy).unwrap().finish().unwrap();
        let read = ParquetReader::new(std::io::Cursor::new(empty)).finish().unwrap();
        assert_eq!(read.height(), 0);
        assert_eq!(read.schema(), f.schema());
    }
}
