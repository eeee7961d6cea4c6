//! XML text encodings: GPX and TCX files are turned into UTF-8 once, before sniffing and
//! parsing, so the readers only ever see UTF-8.
//!
//! Rules (XML 1.0 §4.3.3 and Appendix F, "Autodetection of Character Encodings"):
//! * A byte-order mark wins: `FF FE` is UTF-16LE, `FE FF` is UTF-16BE, `EF BB BF` UTF-8.
//! * Without a BOM, the `encoding="..."` of the XML declaration names the encoding; labels
//!   are resolved by the WHATWG Encoding Standard (`encoding_rs`), where `ISO-8859-1` and
//!   `latin1` mean windows-1252, its superset.
//! * Anything else, or an unknown label, is taken as UTF-8 (invalid bytes are replaced
//!   by the readers as before).
//!
//! Why `encoding_rs` rather than quick-xml's `encoding` feature: transcoding the whole
//! document here keeps one code path (sniffing, the GPX and TCX readers and their byte-level
//! helpers all keep working on UTF-8), whereas the feature decodes event by event inside
//! each reader. quick-xml's feature uses `encoding_rs` itself.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// The bytes of an XML document as UTF-8 (borrowed when they already are, or are not
/// XML at all).
#[must_use]
pub(crate) fn xml_to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    let encoding = if bytes.starts_with(b"\xFF\xFE") {
        UTF_16LE
    } else if bytes.starts_with(b"\xFE\xFF") {
        UTF_16BE
    } else {
        match declared(bytes) {
            Some(e) if e != UTF_8 && e.is_ascii_compatible() => e,
            _ => return Cow::Borrowed(bytes),
        }
    };
    // decode() strips the BOM it recognises.
    let (text, _, _) = encoding.decode(bytes);
    let utf8 = match text {
        Cow::Borrowed(s) => s.as_bytes().to_vec(),
        Cow::Owned(s) => s.into_bytes(),
    };
    Cow::Owned(utf8)
}

/// The encoding named by the XML declaration at the very start of `bytes`.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(512))?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let decl = head.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = decl.get(..end)?;
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = decl.get(at + 8..)?;
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let (&quote, rest) = rest.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let len = rest.iter().position(|&b| b == quote)?;
    Encoding::for_label(rest.get(..len)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf16_with_a_bom_becomes_utf8() {
        let doc =
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx><name>Lauf über Hügel</name></gpx>";
        for be in [false, true] {
            assert_eq!(xml_to_utf8(&utf16(doc, be)).as_ref(), doc.as_bytes());
        }
    }

    #[test]
    fn a_latin1_declaration_is_honoured() {
        let mut doc = b"<?xml version='1.0' encoding = 'ISO-8859-1'?><gpx><name>".to_vec();
        doc.extend_from_slice(b"Lauf \xFCber H\xFCgel, 5\x80</name></gpx>");
        let out = xml_to_utf8(&doc);
        let text = std::str::from_utf8(&out).expect("utf-8");
        // 0x80 is the euro sign in windows-1252, which WHATWG uses for ISO-8859-1.
        assert!(text.contains("<name>Lauf über Hügel, 5€</name>"), "{text}");
    }

    #[test]
    fn utf8_and_non_xml_are_borrowed_unchanged() {
        let plain = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><gpx>ü</gpx>".as_bytes();
        assert!(matches!(xml_to_utf8(plain), Cow::Borrowed(_)));
        let fit = b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT";
        assert!(matches!(xml_to_utf8(fit), Cow::Borrowed(_)));
        let unknown = b"<?xml version='1.0' encoding='x-nonsense'?><gpx/>";
        assert_eq!(xml_to_utf8(unknown).as_ref(), unknown);
        assert_eq!(xml_to_utf8(b"").as_ref(), b"");
    }
}
