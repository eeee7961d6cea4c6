//! Format detection by content, never by file name: a Strava export names files
//! `123.fit.gz`, but people rename files, and a `.gpx` may hold TCX.

use crate::model::Format;

/// gzip magic bytes (RFC 1952 §2.3.1).
#[must_use]
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// zip local file header magic (PKWARE APPNOTE 4.3.7).
#[must_use]
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// FIT: header size byte 12 or 14 and the ASCII signature `.FIT` at offset 8
/// (FIT SDK, "FIT File Protocol", file header).
#[must_use]
pub(crate) fn is_fit(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && matches!(bytes[0], 12 | 14) && &bytes[8..12] == b".FIT"
}

/// Detect the format. XML is recognised by its root element, after an optional UTF-8
/// byte-order mark, whitespace, the XML declaration, comments and doctype (`<gpx>`,
/// `<TrainingCenterDatabase>`, Suunto's `<sml>` and Moveslink's `<MovesCount>`); JSON by
/// its keys near the start (Suunto's `"DeviceLog"`, Polar Flow's `"exercises"`); a Polar
/// `.hrm` by its first section, `[Params]`.
#[must_use]
pub fn format(bytes: &[u8]) -> Option<Format> {
    if is_fit(bytes) {
        return Some(Format::Fit);
    }
    if let Some(f) = json_format(bytes) {
        return Some(f);
    }
    if is_hrm(bytes) {
        return Some(Format::PolarHrm);
    }
    xml_root(bytes).and_then(|root| {
        let local = root.rsplit(':').next().unwrap_or(root);
        match local.to_ascii_lowercase().as_str() {
            "gpx" => Some(Format::Gpx),
            "trainingcenterdatabase" => Some(Format::Tcx),
            "sml" => Some(Format::SuuntoSml),
            "movescount" => Some(Format::SuuntoMoveslink),
            // Apple Health: the export's root, or excerpts cut from one.
            "healthdata" | "workout" | "record" => Some(Format::AppleHealth),
            _ => None,
        }
    })
}

/// The bytes after a UTF-8 BOM and leading whitespace.
fn trimmed_head(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let skip = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    b.get(skip..).unwrap_or_default()
}

/// True when the content is a JSON object or array (its first byte after whitespace).
#[must_use]
pub(crate) fn is_json(bytes: &[u8]) -> bool {
    matches!(trimmed_head(bytes).first(), Some(b'{' | b'['))
}

/// Suunto or Polar JSON, by the keys in the first 64 KiB: `"DeviceLog"` (the Suunto app's
/// log) or `"exercises"` (a Polar Flow training session).
fn json_format(bytes: &[u8]) -> Option<Format> {
    let head = trimmed_head(bytes);
    if head.first() != Some(&b'{') {
        return None;
    }
    let head = &head[..head.len().min(64 * 1024)];
    if find(head, b"\"DeviceLog\"").is_some() {
        Some(Format::SuuntoJson)
    } else if find(head, b"\"exercises\"").is_some() {
        Some(Format::PolarJson)
    } else {
        None
    }
}

/// Polar Precision Performance `.hrm`: the text starts with the `[Params]` section.
fn is_hrm(bytes: &[u8]) -> bool {
    trimmed_head(bytes)
        .get(..8)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"[Params]"))
}

/// Name of the first element in an XML document, if the bytes look like XML.
fn xml_root(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut i = 0;
    while i < head.len() {
        match head[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'<' => {
                let rest = &head[i + 1..];
                if rest.starts_with(b"?") || rest.starts_with(b"!") {
                    // Declaration, comment or doctype: skip to its end.
                    let end = if rest.starts_with(b"!--") {
                        find(rest, b"-->").map(|p| p + 3)
                    } else {
                        // A doctype with an internal subset (Apple Health's export
                        // declares its whole DTD) ends at `]>`.
                        let close = find(rest, b">");
                        match find(rest, b"[") {
                            Some(open) if close.is_some_and(|c| open < c) => {
                                find(rest, b"]>").map(|p| p + 2)
                            }
                            _ => close.map(|p| p + 1),
                        }
                    }?;
                    i += 1 + end;
                } else {
                    let len = rest
                        .iter()
                        .position(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
                        .unwrap_or(rest.len());
                    return std::str::from_utf8(&rest[..len]).ok();
                }
            }
            _ => return None,
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One-line description of unrecognised content, for the error message.
#[must_use]
pub(crate) fn describe_unknown(bytes: &[u8]) -> String {
    if is_zip(bytes) {
        return "a zip archive (give the folder or archive to the batch review)".into();
    }
    if bytes.len() >= 12 && &bytes[8..12] == b".FIT" {
        return "FIT signature with an invalid header size".into();
    }
    if let Some(root) = xml_root(bytes) {
        return format!("XML whose root element <{root}> is not GPX, TCX or a Suunto log");
    }
    if is_json(bytes) {
        return "JSON that is neither a Suunto log nor a Polar Flow session".into();
    }
    "not a FIT, GPX or TCX file".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_xml_roots_after_bom_comments_and_whitespace() {
        assert_eq!(
            format(b"\xEF\xBB\xBF<?xml version=\"1.0\"?><gpx>"),
            Some(Format::Gpx)
        );
        assert_eq!(
            format(b"  \n<?xml version='1.0'?>\n<!-- c --><TrainingCenterDatabase x='1'>"),
            Some(Format::Tcx)
        );
        assert_eq!(format(b"<ns0:gpx xmlns:ns0='x'>"), Some(Format::Gpx));
        assert_eq!(format(b"<kml>"), None);
        assert_eq!(
            format(b"<?xml version='1.0'?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData (Record*)>\n]>\n<HealthData locale='en'>"),
            Some(Format::AppleHealth)
        );
        assert_eq!(
            format(b"<?xml version='1.0'?><sml xmlns='x'>"),
            Some(Format::SuuntoSml)
        );
        assert_eq!(
            format(b"<MovesCount TimeZone='60'>"),
            Some(Format::SuuntoMoveslink)
        );
        assert_eq!(format(b" {\"DeviceLog\": {}}"), Some(Format::SuuntoJson));
        assert_eq!(
            format(b"{\"name\": \"x\", \"exercises\": []}"),
            Some(Format::PolarJson)
        );
        assert_eq!(format(b"{\"activities\": []}"), None);
        assert_eq!(
            format(b"\xEF\xBB\xBF[Params]\r\nVersion=106"),
            Some(Format::PolarHrm)
        );
        assert_eq!(format(b"hello"), None);
        assert_eq!(format(b"<"), None);
    }

    #[test]
    fn sniffs_fit_header() {
        let mut h = vec![14u8, 0x10, 0, 0, 0, 0, 0, 0];
        h.extend_from_slice(b".FIT\0\0");
        assert_eq!(format(&h), Some(Format::Fit));
        h[0] = 13;
        assert_eq!(format(&h), None);
        assert!(describe_unknown(&h).contains("invalid header size"));
    }
}
