//! Every table is built and written here, behind one door (polars' API moves between versions).
//!
//! Tables are streamed: each batch of documents becomes one row group (Parquet) or one block of
//! lines (CSV), so memory does not grow with the corpus. Files are written into a temporary
//! directory inside the output directory and renamed into place only after every table is
//! complete and synced, so an interrupted run never leaves a truncated table behind.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use polars::io::parquet::write::{BatchedWriter, KeyValueMetadata};
use polars::prelude::*;
use polars_parquet::write::ZstdLevel;

use crate::config::{Format, Layout, OutputConfig};
use crate::error::RunError;

/// The output tables, each with its columns in contract order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Documents,
    Sentences,
    Mentions,
    Entities,
    Errors,
    /// Every spelling of an entity in the corpus (after the contract's tables).
    Aliases,
}

/// Whether a file or directory of that name in an output directory is one of a run's own: a
/// table (either format, either layout), the run report, a staging directory.
pub fn is_output_name(name: &str) -> bool {
    name == "run_report.json"
        || name.starts_with(".textmill-staging-")
        || Table::ALL.iter().any(|table| name.strip_prefix(table.name()).is_some_and(|rest| rest == ".csv" || rest == ".parquet"))
}

impl Table {
    pub const ALL: [Table; 6] = [Table::Documents, Table::Sentences, Table::Mentions, Table::Entities, Table::Errors, Table::Aliases];

    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Sentences => "sentences",
            Table::Mentions => "mentions",
            Table::Entities => "entities",
            Table::Errors => "errors",
            Table::Aliases => "aliases",
        }
    }

    /// Column names and types, in the contract's order.
    pub fn columns(self) -> &'static [(&'static str, ColumnType)] {
        use ColumnType::*;
        match self {
            Table::Documents => &[
                ("doc_id", Text),
                ("source", Text),
                ("content_sha256", Text),
                ("title", NullableText),
                ("n_chars", Integer),
                ("n_sentences", Integer),
                ("n_mentions", Integer),
                ("text", Text),
                ("published", NullableText),
                ("authors", NullableText),
                ("language", NullableText),
            ],
            Table::Sentences => {
                &[("doc_id", Text), ("sent_idx", Integer), ("start_char", Integer), ("end_char", Integer), ("text", Text)]
            }
            Table::Mentions => &[
                ("doc_id", Text),
                ("sent_idx", Integer),
                ("start_char", Integer),
                ("end_char", Integer),
                ("text", Text),
                ("label", Text),
                ("entity_id", Text),
                ("value", NullableText),
            ],
            Table::Entities => {
                &[
                    ("entity_id", Text),
                    ("label", Text),
                    ("canonical", Text),
                    ("n_mentions", Integer),
                    ("n_docs", Integer),
                    ("geonames_id", NullableInteger),
                    ("country_code", NullableText),
                    ("latitude", NullableFloat),
                    ("longitude", NullableFloat),
                ]
            }
            Table::Errors => &[("doc_id", Text), ("source", Text), ("stage", Text), ("message", Text)],
            Table::Aliases => &[("entity_id", Text), ("alias", Text), ("label", Text), ("n_mentions", Integer)],
        }
    }

    /// How many of [`Table::columns`] the table has had since it was first written: a table
    /// of an older version has at least these (columns are only ever added at the end).
    fn first_columns(self) -> usize {
        match self {
            Table::Documents => 8,
            Table::Sentences => 5,
            Table::Mentions => 7,
            Table::Entities => 5,
            Table::Errors => 4,
            Table::Aliases => 4,
        }
    }

    /// The table's file (or, in the dataset layout, folder) of one format: `documents.csv`.
    pub fn file_name(self, extension: &str) -> String {
        format!("{}.{extension}", self.name())
    }

    fn schema(self) -> Schema {
        self.columns().iter().map(|(name, kind)| Field::new((*name).into(), kind.dtype())).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    NullableText,
    Integer,
    NullableInteger,
    NullableFloat,
}

impl ColumnType {
    fn dtype(self) -> DataType {
        match self {
            ColumnType::Text | ColumnType::NullableText => DataType::String,
            ColumnType::Integer | ColumnType::NullableInteger => DataType::Int64,
            ColumnType::NullableFloat => DataType::Float64,
        }
    }
}

/// polars' codec for `output.parquet_compression`; zstd at level 1, most of level 3's size for
/// about half the time.
fn codec(compression: crate::config::ParquetCompression) -> ParquetCompression {
    use crate::config::ParquetCompression as Setting;
    match compression {
        Setting::Snappy => ParquetCompression::Snappy,
        Setting::Lz4 => ParquetCompression::Lz4Raw,
        Setting::Zstd => ParquetCompression::Zstd(ZstdLevel::try_new(1).ok()),
        Setting::Uncompressed => ParquetCompression::Uncompressed,
    }
}

/// polars' Parquet writer for `schema`, one row group per batch written. The footer's Arrow
/// schema (the `ARROW:schema` key) is in polars' oldest types: `large_string`, which every Arrow
/// reader knows, not `string_view`, which pyarrow before 15 cannot read. The pages are the same
/// Parquet strings either way.
fn parquet_writer(file: BufWriter<File>, table: Table, compression: ParquetCompression) -> PolarsResult<BatchedWriter<BufWriter<File>>> {
    let schema = table.schema();
    let arrow_schema = polars_parquet::write::schema_to_metadata_key(&schema.to_arrow(CompatLevel::oldest()));
    let footer_schema = KeyValueMetadata::from_static(vec![(arrow_schema.key, arrow_schema.value.unwrap_or_default())]);
    ParquetWriter::new(file)
        .with_compression(compression)
        .with_statistics(StatisticsOptions::default())
        .with_key_value_metadata(Some(footer_schema))
        .batched(&schema)
}

/// One cell value while a batch is being filled; text is borrowed and copied once, straight
/// into the column's buffer.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Text(&'a str),
    Null,
    Integer(i64),
    Float(f64),
}

/// Rows of one table for one batch, stored by column in polars' own builders.
pub struct Rows {
    table: Table,
    columns: Vec<ColumnBuffer>,
    len: usize,
}

enum ColumnBuffer {
    Text(StringChunkedBuilder),
    Integer(Vec<i64>),
    NullableInteger(Vec<Option<i64>>),
    NullableFloat(Vec<Option<f64>>),
}

/// Whether a spreadsheet would run this cell as a formula (see `output.csv_escape_formulas`).
fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

impl Rows {
    pub fn new(table: Table) -> Rows {
        let columns = table
            .columns()
            .iter()
            .map(|(name, kind)| match kind {
                ColumnType::Integer => ColumnBuffer::Integer(Vec::new()),
                ColumnType::NullableInteger => ColumnBuffer::NullableInteger(Vec::new()),
                ColumnType::NullableFloat => ColumnBuffer::NullableFloat(Vec::new()),
                ColumnType::Text | ColumnType::NullableText => ColumnBuffer::Text(StringChunkedBuilder::new((*name).into(), 0)),
            })
            .collect();
        Rows { table, columns, len: 0 }
    }

    /// Append one row; values in column order. Panics on a programming error (wrong arity/type).
    pub fn push<'a>(&mut self, values: impl IntoIterator<Item = Value<'a>>) {
        let mut count = 0;
        for (column, value) in self.columns.iter_mut().zip(values) {
            count += 1;
            match (column, value) {
                (ColumnBuffer::Text(cells), Value::Text(text)) => cells.append_value(text),
                (ColumnBuffer::Text(cells), Value::Null) => cells.append_null(),
                (ColumnBuffer::Integer(cells), Value::Integer(n)) => cells.push(n),
                (ColumnBuffer::NullableInteger(cells), Value::Integer(n)) => cells.push(Some(n)),
                (ColumnBuffer::NullableInteger(cells), Value::Null) => cells.push(None),
                (ColumnBuffer::NullableFloat(cells), Value::Float(x)) => cells.push(Some(x)),
                (ColumnBuffer::NullableFloat(cells), Value::Null) => cells.push(None),
                (_, value) => panic!("{}: value {value:?} does not fit column {}", self.table.name(), count - 1),
            }
        }
        assert_eq!(count, self.columns.len(), "{}: wrong number of values", self.table.name());
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn into_frame(self) -> PolarsResult<DataFrame> {
        let columns = self
            .table
            .columns()
            .iter()
            .zip(self.columns)
            .map(|((name, _), buffer)| match buffer {
                ColumnBuffer::Text(cells) => cells.finish().into_column(),
                ColumnBuffer::Integer(cells) => Column::new((*name).into(), cells),
                ColumnBuffer::NullableInteger(cells) => Column::new((*name).into(), cells),
                ColumnBuffer::NullableFloat(cells) => Column::new((*name).into(), cells),
            })
            .collect();
        DataFrame::new(self.len, columns)
    }
}

/// `frame` with text cells a spreadsheet would run as a formula prefixed by `'`; columns
/// without such a cell are shared, not copied.
fn escaped_for_spreadsheets(frame: &DataFrame) -> PolarsResult<DataFrame> {
    let columns = frame
        .columns()
        .iter()
        .map(|column| {
            let Ok(text) = column.str() else { return Ok(column.clone()) };
            if !text.iter().flatten().any(looks_like_formula) {
                return Ok(column.clone());
            }
            let mut escaped = StringChunkedBuilder::new(column.name().clone(), text.len());
            for cell in text.iter() {
                match cell {
                    Some(cell) if looks_like_formula(cell) => escaped.append_value(format!("'{cell}")),
                    cell => escaped.append_option(cell),
                }
            }
            Ok(escaped.finish().into_column())
        })
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(frame.height(), columns)
}

/// Streaming writers for every table, into a temporary directory until `commit`.
///
/// Files layout (`output.layout = "files"`): one file per table and format, `documents.parquet`,
/// a row group and a block of CSV lines per batch. Dataset layout (`"dataset"`): a directory of
/// the same name per table and format, `documents.parquet/part-<name>.parquet`, whose part files
/// are named by what determines their rows, so that a part an earlier run wrote with the same
/// name is linked into the new table instead of being encoded again.
pub struct TableWriters {
    output_dir: PathBuf,
    staging: tempfile::TempDir,
    format: Format,
    layout: Layout,
    escape_formulas: bool,
    compression: ParquetCompression,
    /// Files layout: every table's open files.
    open: Vec<OpenTable>,
    /// Rows per table (`Table as usize`), and dataset parts per table, written or linked.
    rows: [usize; Table::ALL.len()],
    parts: [usize; Table::ALL.len()],
    /// Dataset parts linked from the last run's tables, and parts encoded anew.
    pub parts_reused: u64,
    pub parts_written: u64,
    /// Syncs of the files written, under way.
    syncing: Vec<std::thread::JoinHandle<Result<(), RunError>>>,
    /// The stamp of each table file as the last run left it (see [`table_stamps`]):
    /// a part edited since is written again, not linked.
    recorded: Option<TableStamps>,
}

struct OpenTable {
    table: Table,
    parquet_path: PathBuf,
    csv_path: PathBuf,
    /// polars' Parquet writer, one row group per batch.
    parquet: Option<BatchedWriter<BufWriter<File>>>,
    /// The CSV file, its header written.
    csv: Option<BufWriter<File>>,
}

impl OpenTable {
    /// `table`'s files, at `path("parquet")` and/or `path("csv")` (its header written).
    fn create(table: Table, path: impl Fn(&str) -> PathBuf, format: Format, compression: ParquetCompression) -> Result<OpenTable, RunError> {
        let create = |extension: &str| -> Result<BufWriter<File>, RunError> {
            let path = path(extension);
            File::create(&path).map(BufWriter::new).map_err(|source| RunError::Output { path, source })
        };
        let table_error = |err: PolarsError| RunError::Table { table: table.name().into(), path: path("parquet"), message: err.to_string() };
        let parquet = if format.parquet() { Some(parquet_writer(create("parquet")?, table, compression).map_err(table_error)?) } else { None };
        let csv = if format.csv() {
            let mut file = create("csv")?;
            let header = csv_header(table).map_err(table_error)?;
            file.write_all(&header).map_err(|source| RunError::Output { path: path("csv"), source })?;
            Some(file)
        } else {
            None
        };
        Ok(OpenTable { table, parquet_path: path("parquet"), csv_path: path("csv"), parquet, csv })
    }

    /// Write one batch of rows to the table's files.
    fn append(&mut self, rows: Rows, escape_formulas: bool) -> Result<(), RunError> {
        debug_assert!(self.parquet.is_some() || self.csv.is_some(), "rows for a finished table");
        let table = self.table;
        let table_error = |path: PathBuf| move |err: PolarsError| RunError::Table { table: table.name().into(), path, message: err.to_string() };
        let frame = rows.into_frame().map_err(table_error(self.parquet_path.clone()))?;
        if let Some(writer) = &mut self.parquet {
            writer.write_batch(&frame).map_err(table_error(self.parquet_path.clone()))?;
        }
        if let Some(file) = &mut self.csv {
            write_csv_lines(file, &frame, escape_formulas).map_err(table_error(self.csv_path.clone()))?;
        }
        Ok(())
    }

    /// Finish the table's files (an empty table still gets its header or schema); the paths of
    /// the files written, none when they were finished before.
    fn finish(&mut self) -> Result<Vec<PathBuf>, RunError> {
        let name = self.table.name();
        let mut finished = Vec::new();
        if let Some(writer) = self.parquet.take() {
            let path = self.parquet_path.clone();
            let size = writer.finish().map_err(|err| RunError::Table { table: name.into(), path: path.clone(), message: err.to_string() })?;
            // The writer's buffer is flushed when it is dropped, which cannot report an error:
            // a file shorter than the writer says (a full disk) is caught here instead.
            drop(writer);
            let written = std::fs::metadata(&path).map_err(|source| RunError::Output { path: path.clone(), source })?.len();
            if written != size {
                let source = std::io::Error::other(format!("{written} bytes written of {size}"));
                return Err(RunError::Output { path, source });
            }
            finished.push(path);
        }
        if let Some(mut file) = self.csv.take() {
            file.flush().map_err(|source| RunError::Output { path: self.csv_path.clone(), source })?;
            finished.push(self.csv_path.clone());
        }
        Ok(finished)
    }
}

/// Write the CSV lines of `frame` (no header), escaped for spreadsheets when asked.
fn write_csv_lines(out: &mut impl Write, frame: &DataFrame, escape_formulas: bool) -> PolarsResult<()> {
    let mut frame = if escape_formulas { escaped_for_spreadsheets(frame)? } else { frame.clone() };
    // polars serialises 1,024 rows per thread of its pool into one buffer each: a batch's
    // document texts whole, so a buffer as large as the batch. A few rows at a time on this
    // thread bound the buffer by a few documents.
    CsvWriter::new(out).include_header(false).with_batch_size(CSV_ROWS_PER_CHUNK).n_threads(1).finish(&mut frame)
}

/// Rows serialised together when writing CSV lines (see `write_csv_lines`).
const CSV_ROWS_PER_CHUNK: std::num::NonZeroUsize = std::num::NonZeroUsize::new(16).unwrap();

/// The header line of `table`'s CSV file.
fn csv_header(table: Table) -> PolarsResult<Vec<u8>> {
    let mut empty = Rows::new(table).into_frame()?;
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes).include_header(true).finish(&mut empty)?;
    Ok(bytes)
}

impl TableWriters {
    pub fn create(output: &OutputConfig) -> Result<TableWriters, RunError> {
        let output_dir = &output.dir;
        let io_error = |source| RunError::Output { path: output_dir.to_path_buf(), source };
        std::fs::create_dir_all(output_dir).map_err(io_error)?;
        // Staging inside the output dir keeps the final rename on one file system (atomic).
        let staging = tempfile::Builder::new().prefix(".textmill-staging-").tempdir_in(output_dir).map_err(io_error)?;
        if let Ok(mut current) = STAGING.lock() {
            *current = Some(staging.path().to_path_buf());
        }
        let compression = codec(output.parquet_compression);
        let mut open = Vec::new();
        for table in Table::ALL {
            match output.layout {
                Layout::Files => {
                    let path = |extension: &str| staging.path().join(table.file_name(extension));
                    open.push(OpenTable::create(table, path, output.format, compression)?);
                }
                Layout::Dataset => {
                    for extension in output.format.extensions() {
                        std::fs::create_dir(staging.path().join(table.file_name(extension))).map_err(io_error)?;
                    }
                }
            }
        }
        Ok(TableWriters {
            output_dir: output_dir.to_path_buf(),
            staging,
            format: output.format,
            layout: output.layout,
            escape_formulas: output.csv_escape_formulas && output.format.csv(),
            compression,
            open,
            rows: [0; Table::ALL.len()],
            parts: [0; Table::ALL.len()],
            parts_reused: 0,
            parts_written: 0,
            syncing: Vec::new(),
            recorded: None,
        })
    }

    /// Append a batch's rows to their tables: in the files layout a row group and a block of
    /// CSV lines each; in the dataset layout a part file each, named `part-<part>` (`part` is
    /// required there), linked from the last run's table when it has that part. Each table is
    /// written on a thread of its own (the tables share nothing), so a batch costs the slowest
    /// table's time.
    pub fn append(&mut self, part: Option<&str>, batch: Vec<Rows>) -> Result<(), RunError> {
        let batch: Vec<Rows> = batch.into_iter().filter(|rows| !rows.is_empty()).collect();
        for rows in &batch {
            self.rows[rows.table as usize] += rows.len();
        }
        let escape = self.escape_formulas;
        if self.layout == Layout::Dataset {
            let stem = format!("part-{}", part.expect("a part name in the dataset layout"));
            for rows in batch {
                self.write_part(&stem, rows, true)?;
            }
            return Ok(());
        }
        for rows in batch {
            let open = self.open.iter_mut().find(|o| o.table == rows.table).expect("every table is open");
            open.append(rows, escape)?;
        }
        Ok(())
    }

    /// One part file of the dataset layout: linked from the last run's table directory when
    /// `reuse` and it has every file of this name, else written from `rows`.
    fn write_part(&mut self, stem: &str, rows: Rows, reuse: bool) -> Result<(), RunError> {
        let table = rows.table;
        self.parts[table as usize] += 1;
        let part = |extension: &str| part_file(table, stem, extension);
        let extensions = self.format.extensions();
        if reuse && part_as_left(&self.output_dir, self.recorded.as_ref(), self.format, table, stem) && self.link_part_files(table, stem) {
            self.parts_reused += 1;
            return Ok(());
        }
        // The empty part of a table without rows is not counted.
        self.parts_written += u64::from(reuse);
        for extension in &extensions {
            // A link made before a later one failed must go first: writing through it would
            // rewrite the last run's file.
            let _ = std::fs::remove_file(self.staging.path().join(part(extension)));
        }
        let mut files = OpenTable::create(table, |extension| self.staging.path().join(part(extension)), self.format, self.compression)?;
        if !rows.is_empty() {
            files.append(rows, self.escape_formulas)?;
        }
        let finished = files.finish()?;
        self.sync_staged(finished);
        Ok(())
    }

    /// The last run's part `part` of each of `tables` (with its number of rows), linked: parts
    /// a rerun took whole, checked by [`part_as_left`] before.
    pub fn link_part(&mut self, part: &str, tables: &[(Table, usize)]) -> Result<(), RunError> {
        let stem = format!("part-{part}");
        for &(table, rows) in tables.iter().filter(|(_, rows)| *rows > 0) {
            if !self.link_part_files(table, &stem) {
                let path = self.output_dir.join(format!("{}.{}", table.name(), self.format.extensions()[0]));
                return Err(RunError::Output { path, source: std::io::Error::other(format!("{stem} of the last run's table could not be linked or copied")) });
            }
            self.rows[table as usize] += rows;
            self.parts[table as usize] += 1;
            self.parts_reused += 1;
        }
        Ok(())
    }

    /// Link (else copy) each format's file of a part of the last run's `table` into the staging
    /// directory: a hard link shares the bytes already on disk (and synced by the run that wrote them).
    fn link_part_files(&self, table: Table, stem: &str) -> bool {
        self.format.extensions().iter().all(|extension| {
            let part = part_file(table, stem, extension);
            let (from, to) = (self.output_dir.join(&part), self.staging.path().join(&part));
            std::fs::hard_link(&from, &to).is_ok() || std::fs::copy(&from, &to).is_ok()
        })
    }

    /// Link only the last run's parts that are as it left them (`recorded_stamps`).
    pub fn reuse_only_as_left(&mut self, stamps: Option<TableStamps>) {
        self.recorded = stamps;
    }

    pub fn rows_written(&self, table: Table) -> usize {
        self.rows[table as usize]
    }

    /// Sync finished files (paths inside the staging directory) on threads of their own, so
    /// that the disk works while later tables are still being built.
    fn sync_staged(&mut self, files: Vec<PathBuf>) {
        for path in files {
            self.syncing.push(std::thread::spawn(move || {
                File::open(&path).and_then(|f| f.sync_all()).map_err(|source| RunError::Output { path, source })
            }));
        }
    }

    /// Finish `table`'s files (no more rows come for it). A dataset table with no part gets an
    /// empty one, so that readers still find its columns.
    pub fn finish(&mut self, table: Table) -> Result<(), RunError> {
        match self.layout {
            Layout::Files => {
                let open = self.open.iter_mut().find(|o| o.table == table).expect("every table is open");
                let finished = open.finish()?;
                self.sync_staged(finished);
            }
            Layout::Dataset if self.parts[table as usize] == 0 => self.write_part("part-empty", Rows::new(table), false)?,
            Layout::Dataset => {}
        }
        Ok(())
    }

    /// Finish every table in the staging directory and wait for the disk: what can fail (a
    /// full disk) fails here, before anything replaces the last run's tables.
    pub fn finish_all(&mut self) -> Result<(), RunError> {
        for table in Table::ALL {
            self.finish(table)?;
        }
        // The syncs wait on the disk, not the CPU: side by side, they cost the slowest one.
        for sync in std::mem::take(&mut self.syncing) {
            sync.join().expect("a sync thread panicked")?;
        }
        // (Tests fail here as a full disk would: TEXTMILL_TEST_FAIL_FINISH.)
        if std::env::var_os("TEXTMILL_TEST_FAIL_FINISH").is_some() {
            let source = std::io::Error::new(std::io::ErrorKind::StorageFull, "injected by TEXTMILL_TEST_FAIL_FINISH");
            return Err(RunError::Output { path: self.staging.path().to_path_buf(), source });
        }
        Ok(())
    }

    /// Finish every file (if [`TableWriters::finish_all`] did not), then rename each into the
    /// output directory (a dataset table's directory is swapped whole). Only then do the
    /// previous run's tables get replaced; tables of a format or layout not written are removed.
    pub fn commit(mut self) -> Result<(), RunError> {
        self.finish_all()?;
        // (Tests end the process before the n-th rename, as a kill would: TEXTMILL_TEST_KILL_AT_RENAME.)
        let kill_at: Option<usize> = std::env::var("TEXTMILL_TEST_KILL_AT_RENAME").ok().and_then(|n| n.parse().ok());
        // (And pause there, as a slow disk would, for a signal to come: TEXTMILL_TEST_PAUSE_AT_RENAME.)
        let pause_at: Option<usize> = std::env::var("TEXTMILL_TEST_PAUSE_AT_RENAME").ok().and_then(|n| n.parse().ok());
        let renames = std::cell::Cell::new(0);
        let rename = |from: &Path, to: &Path| {
            renames.set(renames.get() + 1);
            if kill_at == Some(renames.get()) {
                std::process::abort();
            }
            if pause_at == Some(renames.get()) {
                std::thread::sleep(std::time::Duration::from_millis(1500));
            }
            std::fs::rename(from, to).map_err(|source| RunError::Output { path: to.to_path_buf(), source })
        };
        for table in Table::ALL {
            for (wanted, extension) in [(self.format.parquet(), "parquet"), (self.format.csv(), "csv")] {
                // The table as a file (files layout) or a directory of parts (dataset layout).
                let name = table.file_name(extension);
                let current = self.output_dir.join(&name);
                let staged = self.staging.path().join(&name);
                // A file replaces a file in one rename: a kill leaves the old table or the new,
                // never none. (A dataset's directory cannot replace one: it goes in two.)
                if wanted && current.is_file() && staged.is_file() {
                    rename(&staged, &current)?;
                    continue;
                }
                if current.exists() {
                    // The last run's table, of either layout, leaves with the staging directory.
                    // Tables of a format this run did not write would describe an older corpus.
                    rename(&current, &self.staging.path().join(format!("old-{name}")))?;
                }
                if wanted {
                    rename(&staged, &current)?;
                }
            }
        }
        crate::files::sync_dir(&self.output_dir);
        Ok(())
    }

    pub fn staging_dir(&self) -> &Path {
        self.staging.path()
    }
}

/// The state file with the stamp (size, time, hash) of every table file the last run wrote.
pub const TABLE_STAMPS: &str = "tables.json";

/// Table file (`documents.csv`, `documents.parquet/part-x.parquet`) → its stamp.
pub type TableStamps = std::collections::BTreeMap<String, TableStamp>;

/// A table file as a run left it: its size, time and a hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableStamp {
    pub size: u64,
    pub mtime_ns: i128,
    pub blake3: String,
}

impl TableStamp {
    fn of(path: &Path, previous: Option<&TableStamp>) -> Option<TableStamp> {
        let (size, mtime_ns) = crate::files::file_stamp(path)?;
        // (A part linked from the last run keeps its size and time: its hash is not read again.)
        let blake3 = match previous {
            Some(previous) if (previous.size, previous.mtime_ns) == (size, mtime_ns) => previous.blake3.clone(),
            _ => hash_file(path)?,
        };
        Some(TableStamp { size, mtime_ns, blake3 })
    }

    /// Whether the file at `path` is the one this stamp describes: the same size and time, or
    /// the same bytes under another time (DVC's cache or a backup linking or copying it back).
    pub fn matches(&self, path: &Path) -> bool {
        match crate::files::file_stamp(path) {
            Some((size, mtime_ns)) if size == self.size => mtime_ns == self.mtime_ns || hash_file(path).is_some_and(|hash| hash == self.blake3),
            _ => false,
        }
    }
}

fn hash_file(path: &Path) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(File::open(path).ok()?).ok()?;
    Some(hasher.finalize().to_hex().to_string())
}

/// The stamp of every file of the tables (each part of a dataset's table), as a run leaves
/// them: a later edit or a damaged copy shows as another stamp (see [`edited_table`]).
/// `previous`: the last run's, whose hashes are kept for the files it left as they were.
fn table_stamps(output_dir: &Path, output: &OutputConfig, previous: Option<&TableStamps>) -> TableStamps {
    let mut stamps = TableStamps::new();
    for table in Table::ALL {
        for extension in output.format.extensions() {
            let name = table.file_name(extension);
            let mut files = vec![name.clone()];
            if output.layout == Layout::Dataset {
                let parts = std::fs::read_dir(output_dir.join(&name)).into_iter().flatten().flatten();
                files = parts.map(|part| format!("{name}/{}", part.file_name().to_string_lossy())).collect();
            }
            for file in files {
                if let Some(stamp) = TableStamp::of(&output_dir.join(&file), previous.and_then(|previous| previous.get(&file))) {
                    stamps.insert(file, stamp);
                }
            }
        }
    }
    stamps
}

/// On an output that is up to date, record the new times of table files put back with the same
/// bytes (DVC's checkout, a restore): without it every later `status` would hash them again.
pub fn restamp_tables(output_dir: &Path, state_dir: &Path, output: &OutputConfig) {
    let Some(recorded) = recorded_stamps(state_dir) else { return };
    let moved = recorded.iter().any(|(file, stamp)| crate::files::file_stamp(&output_dir.join(file)).is_some_and(|(_, mtime_ns)| mtime_ns != stamp.mtime_ns));
    if moved {
        // (Only the files it recorded: a part put beside them is none of the tables'.)
        let mut stamps = table_stamps(output_dir, output, Some(&recorded));
        stamps.retain(|file, _| recorded.contains_key(file));
        let _ = write_stamps(state_dir, &stamps);
    }
}

/// Keep the stamps of the tables as they are now in `state_dir` ([`TABLE_STAMPS`]), the hashes
/// of `previous` reused for the files left as they were.
pub fn record_table_stamps(output_dir: &Path, state_dir: &Path, output: &OutputConfig, previous: Option<&TableStamps>) -> Result<(), RunError> {
    write_stamps(state_dir, &table_stamps(output_dir, output, previous))
}

fn write_stamps(state_dir: &Path, stamps: &TableStamps) -> Result<(), RunError> {
    crate::files::write_atomically(&state_dir.join(TABLE_STAMPS), &serde_json::to_vec(stamps).expect("stamps serialise"))
}

/// The stamps the last run kept in `state_dir` ([`TABLE_STAMPS`]); none from an older version.
pub fn recorded_stamps(state_dir: &Path) -> Option<TableStamps> {
    serde_json::from_slice(&std::fs::read(state_dir.join(TABLE_STAMPS)).ok()?).ok()
}

/// The first table file that is not as the last run left it (`stamps`, see
/// [`TableStamp::matches`]): edited (`df.to_csv("output/documents.csv", index=False)`) or
/// damaged since.
pub fn edited_table(output_dir: &Path, stamps: &TableStamps) -> Option<String> {
    stamps.iter().find(|(file, stamp)| !stamp.matches(&output_dir.join(file))).map(|(file, _)| file.clone())
}

/// The first file in a dataset table's folder that the last run did not write (`stamps`): a
/// part restored from a backup, a sync tool's "part-... (1).csv". Readers of the folder would
/// read its rows as the table's.
pub fn unrecorded_part(output_dir: &Path, stamps: &TableStamps) -> Option<String> {
    let folders: std::collections::BTreeSet<&str> = stamps.keys().filter_map(|file| file.split_once('/').map(|(folder, _)| folder)).collect();
    folders.into_iter().find_map(|folder| {
        let mut files: Vec<String> = std::fs::read_dir(output_dir.join(folder)).ok()?.flatten().map(|entry| entry.file_name().to_string_lossy().into_owned()).collect();
        files.sort();
        files.into_iter().filter(|name| name != ".DS_Store").map(|name| format!("{folder}/{name}")).find(|file| !stamps.contains_key(file))
    })
}

/// Files with tables' names in `output_dir` that textmill did not write (a user's own
/// `aliases.csv` there): a run, which replaces its tables and removes those of a format it no
/// longer writes, must not replace or remove them. Told by content, so that tables whose state
/// directory is gone (a fresh clone, a reset) or of an older version (fewer columns) are still
/// textmill's.
pub fn foreign_tables(output_dir: &Path, recorded: Option<&TableStamps>) -> Vec<String> {
    let no_stamps = TableStamps::new();
    let stamps = recorded.unwrap_or(&no_stamps);
    // (A file as the last run left it is its, unread; so is a dataset's folder it wrote, its
    // first part unread: a damaged part is written again.)
    let file_as_left = |name: &str| stamps.get(name).is_some_and(|stamp| stamp.matches(&output_dir.join(name)));
    let folder_written = |name: &str| stamps.keys().any(|file| file.strip_prefix(name).is_some_and(|rest| rest.starts_with('/')));
    let mut foreign = Vec::new();
    for table in Table::ALL {
        for extension in ["parquet", "csv"] {
            let name = table.file_name(extension);
            let path = output_dir.join(&name);
            let ours = match path.is_dir() {
                true => folder_of_parts(&path, extension).is_some_and(|first| folder_written(&name) || first.is_none_or(|first| written_by_textmill(&first, table, extension))),
                false => file_as_left(&name) || written_by_textmill(&path, table, extension),
            };
            if path.symlink_metadata().is_ok() && !ours {
                foreign.push(name);
            }
        }
    }
    foreign
}

/// A dataset table's folder holding only part files (and a file manager's `.DS_Store`), with
/// its first part; none when it holds anything else.
fn folder_of_parts(path: &Path, extension: &str) -> Option<Option<PathBuf>> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(path).ok()?.flatten().map(|entry| entry.path()).collect();
    parts.retain(|part| !part.file_name().is_some_and(|name| name == ".DS_Store"));
    parts.sort();
    let named = parts.iter().all(|part| part.file_name().and_then(|n| n.to_str()).is_some_and(|name| name.starts_with("part-") && name.ends_with(&format!(".{extension}"))));
    named.then(|| parts.into_iter().next())
}

/// Refuse a run or a merge into `output_dir` while it holds [`foreign_tables`].
pub fn refuse_foreign_tables(output_dir: &Path, state_dir: &Path) -> Result<(), RunError> {
    let foreign = foreign_tables(output_dir, recorded_stamps(state_dir).as_ref());
    match foreign.is_empty() {
        true => Ok(()),
        false => Err(RunError::ForeignTables { path: output_dir.to_path_buf(), several: foreign.len() > 1, names: foreign.join(", ") }),
    }
}

/// A table's file whose columns are the table's (or their start: an older version's).
fn written_by_textmill(path: &Path, table: Table, extension: &str) -> bool {
    let columns: Vec<String> = match extension {
        "csv" => {
            use std::io::BufRead;
            let Ok(file) = File::open(path) else { return false };
            let mut header = String::new();
            if std::io::BufReader::new(file.take(64 * 1024)).read_line(&mut header).is_err() {
                return false;
            }
            // (As a spreadsheet saves it again: a byte order mark, quoted names.)
            header.trim_start_matches('\u{feff}').trim_end_matches(['\n', '\r']).split(',').map(|name| name.trim_matches('"').to_string()).collect()
        }
        _ => match File::open(path).map_err(PolarsError::from).and_then(|file| ParquetReader::new(file).schema()) {
            Ok(schema) => schema.iter_names().map(|name| name.to_string()).collect(),
            Err(_) => return false,
        },
    };
    let expected = table.columns();
    (table.first_columns()..=expected.len()).contains(&columns.len()) && columns.iter().zip(expected).all(|(found, (name, _))| found == name)
}

/// The staging directory of the run in progress, for [`remove_staging_now`].
static STAGING: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Held while a run renames its tables into place and records them (see [`commit_under_way`]).
static COMMIT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Hold this from the first rename of a run's tables to its manifest: an interruption waits for
/// it (a few milliseconds), so that the tables are this run's, all of them. (Removing the staging
/// directory under the renames lost a table: one was moved out to be replaced, its successor gone.)
pub fn commit_under_way() -> std::sync::MutexGuard<'static, ()> {
    COMMIT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove the staging directory of the run in progress (on Ctrl-C or SIGTERM, before the process
/// ends: it would be left inside the output, with its partial tables, until the next run); a
/// commit under way is let finish first.
pub fn remove_staging_now() {
    let _finished = commit_under_way();
    if let Some(staging) = STAGING.lock().ok().and_then(|mut staging| staging.take()) {
        let _ = std::fs::remove_dir_all(staging);
    }
}

/// Remove staging directories left by a run that was killed.
pub fn remove_stale_staging(output_dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(output_dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(".textmill-staging-") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Each format's part in the table's directory of that format: `documents.parquet/<stem>.parquet`.
fn part_file(table: Table, stem: &str, extension: &str) -> String {
    format!("{}.{extension}/{stem}.{extension}", table.name())
}

/// Whether every format's file of the part `stem` of the last run's `table` is there, as that
/// run left it (`recorded`: the stamps it recorded) and whole: a part edited since is written
/// again, not linked.
pub fn part_as_left(output_dir: &Path, recorded: Option<&TableStamps>, format: Format, table: Table, stem: &str) -> bool {
    format.extensions().iter().all(|extension| {
        let part = part_file(table, stem, extension);
        let from = output_dir.join(&part);
        let as_left = recorded.is_none_or(|recorded| recorded.get(&part).is_some_and(|stamp| stamp.matches(&from)));
        as_left && whole_file(&from, extension)
    })
}

/// Whether a part file of the last run is whole, so that it may be linked instead of written:
/// a Parquet file opens and ends with its magic number, a CSV file ends its last line (a part
/// cut short by a full disk or a copy is written again).
fn whole_file(path: &Path, extension: &str) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let len = file.metadata().map_or(0, |m| m.len());
    let mut read_at = |offset: u64, buf: &mut [u8]| file.seek(SeekFrom::Start(offset)).and_then(|_| file.read_exact(buf)).is_ok();
    match extension {
        "parquet" => {
            let (mut head, mut tail) = ([0u8; 4], [0u8; 4]);
            len >= 12 && read_at(0, &mut head) && read_at(len - 4, &mut tail) && &head == b"PAR1" && &tail == b"PAR1"
        }
        _ => {
            let mut last = [0u8; 1];
            len > 0 && read_at(len - 1, &mut last) && last[0] == b'\n'
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_in_small_chunks_equal_polars_default() {
        // Longer than several chunks, with quoting, newlines and nulls across chunk edges.
        let n = 3 * CSV_ROWS_PER_CHUNK.get() + 5;
        let texts: Vec<Option<String>> = (0..n).map(|i| (i % 7 != 3).then(|| format!("line {i}, \"quoted\"\nnext"))).collect();
        let numbers: Vec<i64> = (0..n as i64).collect();
        let mut frame = DataFrame::new(n, vec![Column::new("text".into(), texts), Column::new("n".into(), numbers)]).unwrap();
        let mut ours = Vec::new();
        write_csv_lines(&mut ours, &frame, false).unwrap();
        let mut default = Vec::new();
        CsvWriter::new(&mut default).include_header(false).finish(&mut frame).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(default).unwrap());
    }

    #[test]
    fn writes_both_formats_with_contract_columns() {
        let dir = tempfile::tempdir().unwrap();
        let mut writers = TableWriters::create(&OutputConfig { dir: dir.path().into(), format: Format::Both, ..OutputConfig::default() }).unwrap();
        let mut rows = Rows::new(Table::Documents);
        rows.push([
            Value::Text("a.txt"),
            Value::Text("data/a.txt"),
            Value::Text("00"),
            Value::Null,
            Value::Integer(5),
            Value::Integer(1),
            Value::Integer(0),
            Value::Text("Hello, \"world\"\nline"),
            Value::Text("2022-09-07"),
            Value::Null,
            Value::Text("eng"),
        ]);
        writers.append(None, vec![rows]).unwrap();
        let staging = writers.staging_dir().to_path_buf();
        writers.commit().unwrap();
        assert!(!staging.exists());
        let csv = std::fs::read_to_string(dir.path().join("documents.csv")).unwrap();
        assert!(csv.starts_with("doc_id,source,content_sha256,title,n_chars,n_sentences,n_mentions,text,published,authors,language\n"), "{csv}");
        assert!(csv.contains("\"Hello, \"\"world\"\"\nline\""), "{csv}");
        // Empty tables still have their header / schema.
        let entities = std::fs::read_to_string(dir.path().join("entities.csv")).unwrap();
        assert_eq!(entities.trim(), "entity_id,label,canonical,n_mentions,n_docs,geonames_id,country_code,latitude,longitude");
        for table in Table::ALL {
            let file = File::open(dir.path().join(format!("{}.parquet", table.name()))).unwrap();
            let frame = ParquetReader::new(file).finish().unwrap();
            let names: Vec<&str> = frame.get_column_names().iter().map(|n| n.as_str()).collect();
            let expected: Vec<&str> = table.columns().iter().map(|(n, _)| *n).collect();
            assert_eq!(names, expected);
        }
    }

    #[test]
    fn dropping_writers_without_commit_leaves_no_tables() {
        let dir = tempfile::tempdir().unwrap();
        let writers = TableWriters::create(&OutputConfig { dir: dir.path().into(), format: Format::Csv, ..OutputConfig::default() }).unwrap();
        drop(writers);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
