//! The binary form of temporary spill files (mentions waiting for their ids, catalog runs):
//! little-endian u64 numbers and u64-length-prefixed UTF-8 text. The files live for one run.

use std::io::{self, Read, Write};

pub fn write_u64(out: &mut impl Write, value: u64) -> io::Result<()> {
    out.write_all(&value.to_le_bytes())
}

pub fn write_text(out: &mut impl Write, text: &str) -> io::Result<()> {
    write_u64(out, text.len() as u64)?;
    out.write_all(text.as_bytes())
}

pub fn read_u64(input: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0u8; 8];
    input.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

pub fn read_text(input: &mut impl Read) -> io::Result<String> {
    let mut text = String::new();
    read_text_into(input, &mut text)?;
    Ok(text)
}

/// Read the next text into `text`, reusing its buffer (readers of many records allocate once).
pub fn read_text_into(input: &mut impl Read, text: &mut String) -> io::Result<()> {
    let len = read_u64(input)? as usize;
    let mut bytes = std::mem::take(text).into_bytes();
    bytes.clear();
    if len <= SMALL_TEXT {
        bytes.resize(len, 0);
        input.read_exact(&mut bytes)?;
    } else {
        // A damaged length must not allocate more than the file holds.
        bytes.reserve(SMALL_TEXT);
        input.take(len as u64).read_to_end(&mut bytes)?;
        if bytes.len() != len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
    *text = String::from_utf8(bytes).map_err(io::Error::other)?;
    Ok(())
}

/// Texts up to this size are read in one go into a buffer of their size.
const SMALL_TEXT: usize = 1 << 20;

/// The first text of the next record, or `None` at a clean end of the file.
pub fn read_first_text(input: &mut impl Read) -> io::Result<Option<String>> {
    let mut text = String::new();
    Ok(read_first_text_into(input, &mut text)?.then_some(text))
}

/// [`read_first_text`] into a reused buffer: `false` at a clean end of the file.
pub fn read_first_text_into(input: &mut impl Read, text: &mut String) -> io::Result<bool> {
    match read_text_into(input, text) {
        Ok(()) => Ok(true),
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut bytes = Vec::new();
        write_text(&mut bytes, "Tiranë").unwrap();
        write_u64(&mut bytes, 42).unwrap();
        let mut input = &bytes[..];
        assert_eq!(read_first_text(&mut input).unwrap().as_deref(), Some("Tiranë"));
        assert_eq!(read_u64(&mut input).unwrap(), 42);
        assert_eq!(read_first_text(&mut input).unwrap(), None);
        assert!(read_text(&mut &bytes[..5]).is_err());
    }
}
