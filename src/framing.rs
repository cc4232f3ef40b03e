//! The one binary framing of textmill's own files; every payload is postcard.
//!
//! - State files that are only a shortcut (cache entries): a magic
//!   number naming the kind, the payload's length (u64, little-endian) and its blake3 checksum,
//!   then the payload. A torn or damaged file is recognised and ignored.
//! - Spill files (records waiting within one run: mentions before their entity ids, catalog
//!   runs): records one after another, each behind its length (u32, little-endian).

use std::io::{self, Read, Write};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Magic number, payload length, checksum.
pub const HEADER_LEN: usize = 8 + 8 + 32;

/// `value` framed behind `magic`, its length and its checksum.
pub fn frame<T: Serialize + ?Sized>(magic: &[u8; 8], value: &T) -> Result<Vec<u8>, String> {
    let payload = postcard::to_stdvec(value).map_err(|err| err.to_string())?;
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(blake3::hash(&payload).as_bytes());
    bytes.extend_from_slice(&payload);
    Ok(bytes)
}

/// The value of [`frame`]d bytes, if the magic number, length and checksum hold.
pub fn unframe<T: DeserializeOwned>(magic: &[u8; 8], bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(payload(magic, bytes)?).map_err(|err| err.to_string())
}

/// The payload of [`frame`]d bytes, if the magic number, length and checksum hold.
pub fn payload<'a>(magic: &[u8; 8], bytes: &'a [u8]) -> Result<&'a [u8], String> {
    let declared = declared_len(bytes).filter(|_| bytes.starts_with(magic)).ok_or("not a textmill state file of this kind")?;
    let (checksum, payload) = bytes[magic.len() + 8..].split_at(32);
    if declared != payload.len() as u64 {
        return Err("truncated or overlong".into());
    }
    if blake3::hash(payload).as_bytes() != checksum {
        return Err("checksum mismatch".into());
    }
    Ok(payload)
}

/// The payload length a frame's header declares, once the whole header is there.
pub fn declared_len(bytes: &[u8]) -> Option<u64> {
    let header = bytes.get(..HEADER_LEN)?;
    Some(u64::from_le_bytes(header[8..16].try_into().expect("8 bytes")))
}

/// Append one record to a spill file.
pub fn write_record<T: Serialize>(out: &mut impl Write, record: &T) -> io::Result<()> {
    let payload = postcard::to_stdvec(record).map_err(io::Error::other)?;
    let len = u32::try_from(payload.len()).map_err(|_| io::Error::other("spill record over 4 GiB"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&payload)
}

/// The next record of a spill file, `None` at its end; `buffer` is reused between calls.
pub fn read_record<T: DeserializeOwned>(input: &mut impl Read, buffer: &mut Vec<u8>) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(err) => return Err(err),
    }
    let len = u32::from_le_bytes(len) as usize;
    buffer.clear();
    // A damaged length must not allocate more than the file holds.
    input.take(len as u64).read_to_end(buffer)?;
    if buffer.len() != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    postcard::from_bytes(buffer).map(Some).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_damage_is_recognised() {
        let bytes = frame(b"TMTEST01", &("Tiranë", 42u64)).unwrap();
        assert_eq!(unframe::<(String, u64)>(b"TMTEST01", &bytes).unwrap(), ("Tiranë".to_string(), 42));
        assert!(unframe::<(String, u64)>(b"TMOTHER1", &bytes).is_err());
        assert!(unframe::<(String, u64)>(b"TMTEST01", &bytes[..bytes.len() - 1]).unwrap_err().contains("truncated"));
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(unframe::<(String, u64)>(b"TMTEST01", &flipped).unwrap_err().contains("checksum"));
    }

    #[test]
    fn records_round_trip_and_a_torn_record_is_an_error() {
        let mut bytes = Vec::new();
        write_record(&mut bytes, &("Tiranë", 1u64)).unwrap();
        write_record(&mut bytes, &("Rama", 2u64)).unwrap();
        let (mut input, mut buffer) = (&bytes[..], Vec::new());
        assert_eq!(read_record::<(String, u64)>(&mut input, &mut buffer).unwrap(), Some(("Tiranë".into(), 1)));
        assert_eq!(read_record::<(String, u64)>(&mut input, &mut buffer).unwrap(), Some(("Rama".into(), 2)));
        assert_eq!(read_record::<(String, u64)>(&mut input, &mut buffer).unwrap(), None);
        assert!(read_record::<(String, u64)>(&mut &bytes[..6], &mut buffer).is_err());
    }
}
