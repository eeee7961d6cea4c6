//! A small typed table and its Parquet encoding: named columns of one of a few shapes
//! (nullable numbers, timestamps and dates, text, a list of text, a text-to-number map),
//! written with the `parquet` crate's column writer, one row group per call.
//!
//! Determinism: the writer's `created_by` is ours and fixed, the key-value metadata is
//! ours, nothing reads the clock; statistics and page layout depend on the values only.

use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{WriterProperties, WriterVersion};
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use std::io::Write;
use std::sync::Arc;

/// One column's values, one entry per row.
#[derive(Debug, Clone)]
pub enum Values {
    /// `optional double` (null for `None` and for a value that is not finite).
    F64(Vec<Option<f64>>),
    /// `optional int64`.
    I64(Vec<Option<i64>>),
    /// `optional int32`.
    I32(Vec<Option<i32>>),
    /// `optional int64 (TIMESTAMP(MILLIS, true))`: milliseconds since the Unix epoch, UTC.
    TimestampMs(Vec<Option<i64>>),
    /// `optional boolean`.
    Bool(Vec<Option<bool>>),
    /// `optional int32 (DATE)`: days since 1970-01-01.
    Date(Vec<Option<i32>>),
    /// `optional binary (STRING)`.
    Text(Vec<Option<String>>),
    /// `required group (LIST)` of required strings (empty for none).
    TextList(Vec<Vec<String>>),
    /// `required group (MAP)` of required string keys to required doubles (empty for none).
    NumberMap(Vec<Vec<(String, f64)>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Self::F64(v) => v.len(),
            Self::I64(v) | Self::TimestampMs(v) => v.len(),
            Self::I32(v) | Self::Date(v) => v.len(),
            Self::Text(v) => v.len(),
            Self::Bool(v) => v.len(),
            Self::TextList(v) => v.len(),
            Self::NumberMap(v) => v.len(),
        }
    }

    /// The column's line in a Parquet message type.
    fn schema(&self, name: &str) -> String {
        match self {
            Self::F64(_) => format!("optional double {name};"),
            Self::I64(_) => format!("optional int64 {name};"),
            Self::I32(_) => format!("optional int32 {name};"),
            Self::TimestampMs(_) => format!("optional int64 {name} (TIMESTAMP(MILLIS,true));"),
            Self::Date(_) => format!("optional int32 {name} (DATE);"),
            Self::Bool(_) => format!("optional boolean {name};"),
            Self::Text(_) => format!("optional binary {name} (STRING);"),
            Self::TextList(_) => format!(
                "required group {name} (LIST) {{ repeated group list {{ required binary element (STRING); }} }}"
            ),
            Self::NumberMap(_) => format!(
                "required group {name} (MAP) {{ repeated group key_value {{ required binary key (STRING); required double value; }} }}"
            ),
        }
    }
}

/// A table: its columns in order, every one as long as the others.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// (name, values).
    pub columns: Vec<(&'static str, Values)>,
}

impl Table {
    /// Add a column.
    pub fn push(&mut self, name: &'static str, values: Values) {
        self.columns.push((name, values));
    }

    /// Rows (the first column's length).
    #[must_use]
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| v.len())
    }

    /// The Parquet message type of the table.
    #[must_use]
    pub(crate) fn message_type(&self) -> String {
        let mut s = String::from("message stridewise {\n");
        for (name, v) in &self.columns {
            s.push_str("  ");
            s.push_str(&v.schema(name));
            s.push('\n');
        }
        s.push('}');
        s
    }
}

/// A Parquet file being written: its schema fixed by the first table's columns, one row
/// group per [`FileWriter::write`].
pub(crate) struct FileWriter<W: Write + Send> {
    inner: SerializedFileWriter<W>,
    message_type: String,
}

impl<W: Write + Send> FileWriter<W> {
    /// Start a file with the columns of `like` (its values unused) and the key-value
    /// metadata `meta`.
    ///
    /// # Errors
    /// A schema the writer refuses, or I/O errors.
    pub fn new(out: W, like: &Table, meta: &[(&str, String)]) -> Result<Self, ParquetError> {
        let schema = Arc::new(parquet::schema::parser::parse_message_type(
            &like.message_type(),
        )?);
        let props = WriterProperties::builder()
            .set_writer_version(WriterVersion::PARQUET_1_0)
            .set_created_by(format!("stridewise {}", env!("CARGO_PKG_VERSION")))
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(
                meta.iter()
                    .map(|(k, v)| KeyValue::new((*k).to_string(), v.clone()))
                    .collect(),
            ))
            .build();
        Ok(Self {
            inner: SerializedFileWriter::new(out, schema, Arc::new(props))?,
            message_type: like.message_type(),
        })
    }

    /// Write `t` (same columns as the file's) as one row group; nothing for no rows.
    ///
    /// # Errors
    /// Columns unlike the schema, or I/O errors.
    pub fn write(&mut self, t: &Table) -> Result<(), ParquetError> {
        if t.rows() == 0 {
            return Ok(());
        }
        if t.message_type() != self.message_type {
            return Err(ParquetError::General("columns unlike the file's".into()));
        }
        if t.columns.iter().any(|(_, v)| v.len() != t.rows()) {
            return Err(ParquetError::General("columns of unequal length".into()));
        }
        let mut rg = self.inner.next_row_group()?;
        for (_, v) in &t.columns {
            write_values(&mut rg, v)?;
        }
        rg.close()?;
        Ok(())
    }

    /// Finish the file (footer).
    ///
    /// # Errors
    /// I/O errors.
    pub fn finish(self) -> Result<W, ParquetError> {
        self.inner.into_inner()
    }
}

/// Encode one table into a whole file's bytes.
///
/// # Errors
/// As [`FileWriter`].
pub(crate) fn to_bytes(t: &Table, meta: &[(&str, String)]) -> Result<Vec<u8>, ParquetError> {
    let mut w = FileWriter::new(Vec::new(), t, meta)?;
    w.write(t)?;
    w.finish()
}

/// Definition levels and present values of an optional column.
fn optional<T: Copy>(v: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
    let values = v.iter().filter_map(|x| *x).collect();
    let defs = v.iter().map(|x| i16::from(x.is_some())).collect();
    (values, defs)
}

/// Repetition and definition levels of a required repeated group with required leaves:
/// an empty row is (rep 0, def 0) with no value; each item is def 1, rep 0 for a row's
/// first and 1 after.
fn repeated(lens: impl Iterator<Item = usize>) -> (Vec<i16>, Vec<i16>) {
    let mut reps = Vec::new();
    let mut defs = Vec::new();
    for n in lens {
        if n == 0 {
            reps.push(0);
            defs.push(0);
        }
        for i in 0..n {
            reps.push(i16::from(i > 0));
            defs.push(1);
        }
    }
    (reps, defs)
}

fn next<'a, W: Write + Send>(
    rg: &'a mut SerializedRowGroupWriter<'_, W>,
) -> Result<parquet::file::writer::SerializedColumnWriter<'a>, ParquetError> {
    rg.next_column()?
        .ok_or_else(|| ParquetError::General("more columns than the schema".into()))
}

fn write_values<W: Write + Send>(
    rg: &mut SerializedRowGroupWriter<'_, W>,
    v: &Values,
) -> Result<(), ParquetError> {
    match v {
        Values::F64(x) => {
            let finite: Vec<Option<f64>> = x.iter().map(|v| v.filter(|v| v.is_finite())).collect();
            let (vals, defs) = optional(&finite);
            let mut c = next(rg)?;
            c.typed::<DoubleType>()
                .write_batch(&vals, Some(&defs), None)?;
            c.close()
        }
        Values::I64(x) | Values::TimestampMs(x) => {
            let (vals, defs) = optional(x);
            let mut c = next(rg)?;
            c.typed::<Int64Type>()
                .write_batch(&vals, Some(&defs), None)?;
            c.close()
        }
        Values::I32(x) | Values::Date(x) => {
            let (vals, defs) = optional(x);
            let mut c = next(rg)?;
            c.typed::<Int32Type>()
                .write_batch(&vals, Some(&defs), None)?;
            c.close()
        }
        Values::Bool(x) => {
            let (vals, defs) = optional(x);
            let mut c = next(rg)?;
            c.typed::<BoolType>()
                .write_batch(&vals, Some(&defs), None)?;
            c.close()
        }
        Values::Text(x) => {
            let vals: Vec<ByteArray> = x
                .iter()
                .flatten()
                .map(|s| ByteArray::from(s.as_str()))
                .collect();
            let defs: Vec<i16> = x.iter().map(|s| i16::from(s.is_some())).collect();
            let mut c = next(rg)?;
            c.typed::<ByteArrayType>()
                .write_batch(&vals, Some(&defs), None)?;
            c.close()
        }
        Values::TextList(x) => {
            let (reps, defs) = repeated(x.iter().map(Vec::len));
            let vals: Vec<ByteArray> = x
                .iter()
                .flatten()
                .map(|s| ByteArray::from(s.as_str()))
                .collect();
            let mut c = next(rg)?;
            c.typed::<ByteArrayType>()
                .write_batch(&vals, Some(&defs), Some(&reps))?;
            c.close()
        }
        Values::NumberMap(x) => {
            let (reps, defs) = repeated(x.iter().map(Vec::len));
            let keys: Vec<ByteArray> = x
                .iter()
                .flatten()
                .map(|(k, _)| ByteArray::from(k.as_str()))
                .collect();
            let mut c = next(rg)?;
            c.typed::<ByteArrayType>()
                .write_batch(&keys, Some(&defs), Some(&reps))?;
            c.close()?;
            // A map's value is required: a number that is not finite cannot be a key's
            // value, so it was left out with its key by the caller.
            let vals: Vec<f64> = x.iter().flatten().map(|(_, v)| *v).collect();
            let mut c = next(rg)?;
            c.typed::<DoubleType>()
                .write_batch(&vals, Some(&defs), Some(&reps))?;
            c.close()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_of_empty_and_full_rows() {
        let (reps, defs) = repeated([2, 0, 1].into_iter());
        assert_eq!(reps, vec![0, 1, 0, 0]);
        assert_eq!(defs, vec![1, 1, 0, 1]);
        let (vals, defs) = optional(&[Some(1), None, Some(3)]);
        assert_eq!(vals, vec![1, 3]);
        assert_eq!(defs, vec![1, 0, 1]);
    }

    #[test]
    fn unequal_columns_are_refused() {
        let mut t = Table::default();
        t.push("a", Values::I64(vec![Some(1), Some(2)]));
        t.push("b", Values::F64(vec![Some(1.0)]));
        assert!(to_bytes(&t, &[]).is_err());
    }
}
