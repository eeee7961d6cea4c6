//! Shared quick-xml plumbing for the GPX and TCX readers.
//!
//! * Elements are matched by **local name**, ASCII case-insensitively, and namespaces are
//!   never resolved: `gpxtpx:hr`, `ns3:hr`, `tpx1:hr` and `hr` are the same element, and a
//!   Strava file that uses a prefix it never binds (an "unbound prefix", rejected by strict
//!   parsers) reads like any other.
//! * [`Pull`] is a flat event pump: no recursion, so deeply nested input cannot exhaust the
//!   stack. Empty elements (`<ele/>`) are expanded into an open and a close.
//! * A UTF-8 BOM and whitespace before the XML declaration are skipped (both occur in real
//!   exports; strict parsers reject the whitespace).
//! * Only the five predefined entities and character references are resolved; custom
//!   entities from a DTD are never expanded (no "billion laughs").
//! * [`Break`] describes where and why the XML stopped being readable, so a reader can
//!   either fail with [`IngestError::Xml`] or keep the points read before the damage.
//!
//! The second half holds what both readers do with values once read: [`Values`] parses
//! numbers and times and counts what it must drop (garbage, `NaN`, out-of-range values,
//! the 0/0 "no fix" position), and [`assemble`] turns points in file order into samples
//! (`t_s` relative to the first valid timestamp, notes for missing times or elevation,
//! cadence through [`cadence_unit`]).

use super::cadence_unit::{self, Decision};
use super::IngestError;
use crate::model::{Activity, AltitudeSource, Pause, Sample};
use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::ops::RangeInclusive;

/// One simplified XML event.
#[derive(Debug)]
pub(crate) enum Node<'a> {
    /// An element starts (also emitted for an empty element, followed by [`Node::Close`]).
    Open(BytesStart<'a>),
    /// The most recently opened element ends.
    Close,
    /// Character data: text, CDATA, or a resolved entity/character reference.
    Text(Cow<'a, str>),
}

/// Where and why the XML could not be read further.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Break {
    /// Byte offset in the original input (BOM and leading whitespace included).
    pub byte: usize,
    /// 1-based line of `byte`.
    pub line: usize,
    /// 1-based column (in bytes) of `byte`.
    pub column: usize,
    /// What went wrong, in quick-xml's words or ours.
    pub reason: String,
}

impl Break {
    /// The error to return when nothing usable was read before the break.
    pub(crate) fn into_error(self) -> IngestError {
        IngestError::Xml(format!(
            "line {}, column {}: {}",
            self.line, self.column, self.reason
        ))
    }

    /// The note to attach when `kept` points were read before the break.
    pub(crate) fn salvage_note(&self, kept: usize) -> String {
        format!(
            "XML ends early at byte {} (line {}: {}): kept the {kept} points before the damage",
            self.byte, self.line, self.reason
        )
    }
}

/// Where a reader's nodes come from: [`Pull`] (quick-xml, reads everything) or the fast
/// path ([`super::xml_fast`], which may decline), so each reader's loop is written once.
pub(crate) trait Source<'a> {
    /// Why the source gives up without a [`Break`]: [`std::convert::Infallible`] for
    /// [`Pull`].
    type Declined;

    /// The next node; `Ok(None)` at a clean end of the document.
    ///
    /// # Errors
    /// [`Stop::Break`] where the XML is malformed (see [`Pull::next_node`]),
    /// [`Stop::Declined`] where the source cannot read on (read again through [`Pull`]).
    fn next_node(&mut self) -> Result<Option<Node<'a>>, Stop<Self::Declined>>;
}

/// Why a [`Source`] stopped before the end.
#[derive(Debug)]
pub(crate) enum Stop<D> {
    /// The XML is damaged here.
    Break(Break),
    /// The source cannot read this document (nothing is wrong with it).
    Declined(D),
}

/// Streaming reader over an in-memory document.
pub(crate) struct Pull<'a> {
    reader: Reader<&'a [u8]>,
    /// The whole input, for line/column computation.
    source: &'a [u8],
    /// Bytes skipped before the document (BOM, whitespace).
    skipped: usize,
    /// The document as text, when it is all UTF-8 (checked once): each text node is then
    /// a slice of it, not checked again (issue 24: checking each node alone cost 4% of
    /// a folder review).
    body: Option<&'a str>,
    /// Number of currently open elements.
    depth: usize,
    /// Set once an error or the end was reported: later calls return `Ok(None)`.
    done: bool,
}

impl<'a> Pull<'a> {
    /// Start reading `bytes`, skipping a UTF-8 BOM and whitespace before the first `<`.
    pub fn new(bytes: &'a [u8]) -> Self {
        let skipped = leading_junk_len(bytes);
        let body = bytes.get(skipped..).unwrap_or_default();
        let text = std::str::from_utf8(body).ok();
        let mut reader = Reader::from_reader(body);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        Self {
            reader,
            source: bytes,
            skipped,
            body: text,
            depth: 0,
            done: false,
        }
    }

    /// The next node, for a reader that keeps what came before damage: at a break, the
    /// error when nothing was `kept` yet, else a salvage note in `notes` and the end.
    ///
    /// # Errors
    /// [`IngestError::Xml`] for a break before anything was kept.
    pub(crate) fn next_or_salvage(
        &mut self,
        kept: usize,
        notes: &mut Vec<String>,
    ) -> Result<Option<Node<'a>>, IngestError> {
        match self.next_node() {
            Ok(n) => Ok(n),
            Err(b) if kept == 0 => Err(b.into_error()),
            Err(b) => {
                notes.push(b.salvage_note(kept));
                Ok(None)
            }
        }
    }

    /// Number of currently open elements.
    #[cfg(test)]
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Next event; `Ok(None)` at a clean end of the document.
    ///
    /// # Errors
    /// A [`Break`] when the XML is malformed or ends inside an open element. After a
    /// break, further calls return `Ok(None)`.
    // Inlined into each reader's loop: one call per event, with its result moved out,
    // cost 1.5% of a folder review (issue 24).
    #[inline]
    pub(crate) fn next_node(&mut self) -> Result<Option<Node<'a>>, Break> {
        if self.done {
            return Ok(None);
        }
        loop {
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    self.done = true;
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
                    return Err(self.make_break(at, e.to_string()));
                }
            };
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    return Ok(Some(Node::Open(start)));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Some(Node::Close));
                }
                // Bytes that are not UTF-8 (a Latin-1 file) are replaced, not dropped.
                Event::Text(text) => {
                    let s = match self.slice_of_body(&text) {
                        Some(s) => Cow::Borrowed(s),
                        None => text.decode().unwrap_or_else(|_| lossy(&text)),
                    };
                    return Ok(Some(Node::Text(s)));
                }
                Event::CData(data) => {
                    let s = match self.slice_of_body(&data) {
                        Some(s) => Cow::Borrowed(s),
                        None => data.decode().unwrap_or_else(|_| lossy(&data)),
                    };
                    return Ok(Some(Node::Text(s)));
                }
                Event::GeneralRef(r) => {
                    if let Some(c) = resolve_reference(&r) {
                        return Ok(Some(Node::Text(Cow::Owned(c.to_string()))));
                    }
                }
                Event::Eof => {
                    self.done = true;
                    if self.depth > 0 {
                        let reason =
                            format!("input ends with {} element(s) still open", self.depth);
                        return Err(self.make_break(usize::MAX, reason));
                    }
                    return Ok(None);
                }
                // With `expand_empty_elements` set, `Empty` is never produced.
                Event::Empty(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => {}
            }
        }
    }

    /// `bytes` as the text they are in the document, when they are a part of it (the
    /// reader hands out slices of its input) and the document is UTF-8: the same text
    /// `str::from_utf8` gives, without checking the bytes again.
    fn slice_of_body(&self, bytes: &[u8]) -> Option<&'a str> {
        let body = self.body?;
        let start = (bytes.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
        body.get(start..start.checked_add(bytes.len())?)
    }

    /// A [`Break`] at `body_offset` (an offset past the skipped prefix), clamped to the
    /// input length.
    fn make_break(&self, body_offset: usize, reason: String) -> Break {
        let byte = body_offset
            .saturating_add(self.skipped)
            .min(self.source.len());
        let (line, column) = line_column(self.source, byte);
        // quick-xml quotes tag names from the file: keep the message one short line.
        let reason = reason
            .chars()
            .filter(|c| !c.is_control())
            .take(160)
            .collect();
        Break {
            byte,
            line,
            column,
            reason,
        }
    }
}

/// Text from bytes that are not valid UTF-8, with replacement characters.
fn lossy<'a>(bytes: &[u8]) -> Cow<'a, str> {
    Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
}

/// Length of a UTF-8 BOM plus any whitespace before the first `<`.
pub(crate) fn leading_junk_len(bytes: &[u8]) -> usize {
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let rest = bytes.get(bom..).unwrap_or_default();
    bom + rest.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// 1-based line and column of byte `pos` in `source`.
fn line_column(source: &[u8], pos: usize) -> (usize, usize) {
    let before = source.get(..pos).unwrap_or(source);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, before.len() - line_start + 1)
}

/// Resolve a predefined entity or a character reference; custom entities stay unexpanded.
fn resolve_reference(r: &BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    match r.decode().ok()?.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Local name of an element (the part after any `prefix:`), as bytes.
pub(crate) fn local_name<'b>(start: &'b BytesStart<'_>) -> &'b [u8] {
    let full = start.name().into_inner();
    // `local_of`, its `:` found a word at a time (every element of every point).
    match super::xml_fast::last_colon(full) {
        Some(i) => full.get(i + 1..).unwrap_or(full),
        None => full,
    }
}

/// The part of a qualified name after the last `:`.
fn local_of(qualified: &[u8]) -> &[u8] {
    qualified
        .iter()
        .rposition(|&b| b == b':')
        .and_then(|i| qualified.get(i + 1..))
        .unwrap_or(qualified)
}

/// Value of the attribute whose local name is `local` (ASCII case-insensitive), with
/// predefined entities unescaped. Malformed attributes are skipped.
pub(crate) fn attribute(start: &BytesStart<'_>, local: &str) -> Option<String> {
    attribute_str(start, local).map(Cow::into_owned)
}

/// [`attribute`], borrowed from the element when it needs no unescaping (a GPX point's
/// `lat` and `lon`: no copy per point).
pub(crate) fn attribute_str<'b>(start: &'b BytesStart<'_>, local: &str) -> Option<Cow<'b, str>> {
    start
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| local_of(a.key.as_ref()).eq_ignore_ascii_case(local.as_bytes()))
        .map(|a| match a.unescape_value() {
            Ok(v) => v,
            Err(_) => Cow::Owned(String::from_utf8_lossy(&a.value).into_owned()),
        })
}

/// [`attribute_str`] for two names in one pass over the element's attributes (a GPX
/// point's `lat` and `lon`): the same values as two look-ups.
pub(crate) fn attribute_pair<'b>(
    start: &'b BytesStart<'_>,
    first: &str,
    second: &str,
) -> (Option<Cow<'b, str>>, Option<Cow<'b, str>>) {
    // Issue 24: quick-xml's attribute iterator cost 2% of a folder review on GPX points;
    // the plain attributes of nearly every start tag are read directly.
    let (mut one, mut two) = (None, None);
    let plain = scan_attributes(start.attributes_raw(), |key, value| {
        let local = local_of(key);
        if one.is_none() && local.eq_ignore_ascii_case(first.as_bytes()) {
            one = Some(Cow::Borrowed(value));
        } else if two.is_none() && local.eq_ignore_ascii_case(second.as_bytes()) {
            two = Some(Cow::Borrowed(value));
        }
        one.is_some() && two.is_some()
    });
    if plain.is_some() {
        (one, two)
    } else {
        attribute_pair_quick(start, first, second)
    }
}

/// [`attribute_pair`] through quick-xml's attribute iterator: for anything
/// [`scan_attributes`] does not read.
fn attribute_pair_quick<'b>(
    start: &'b BytesStart<'_>,
    first: &str,
    second: &str,
) -> (Option<Cow<'b, str>>, Option<Cow<'b, str>>) {
    let value = |a: &quick_xml::events::attributes::Attribute<'b>| match a.unescape_value() {
        Ok(v) => v,
        Err(_) => Cow::Owned(String::from_utf8_lossy(&a.value).into_owned()),
    };
    let (mut one, mut two) = (None, None);
    for a in start.attributes().with_checks(false).filter_map(Result::ok) {
        let local = local_of(a.key.as_ref());
        if one.is_none() && local.eq_ignore_ascii_case(first.as_bytes()) {
            one = Some(value(&a));
        } else if two.is_none() && local.eq_ignore_ascii_case(second.as_bytes()) {
            two = Some(value(&a));
        }
        if one.is_some() && two.is_some() {
            break;
        }
    }
    (one, two)
}

/// The whitespace of quick-xml's attribute parser.
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// Walk the attributes of a start tag (`raw`: the bytes after its name) as quick-xml's
/// iterator (XML mode, no duplicate check) walks them, giving `each` every key and value
/// until it returns `true`: `Some(())` when every attribute up to there was plain
/// (`key="value"` or `key='value'`, the `=` right after the key and the quote right after
/// the `=`, a UTF-8 value without `&`, so the very slice quick-xml's `unescape_value`
/// borrows); `None` at the first that is not, and the caller asks quick-xml instead.
fn scan_attributes<'b>(
    raw: &'b [u8],
    mut each: impl FnMut(&'b [u8], &'b str) -> bool,
) -> Option<()> {
    let mut at = 0;
    loop {
        let Some(skip) = raw.get(at..)?.iter().position(|&b| !is_xml_space(b)) else {
            return Some(());
        };
        let key_start = at + skip;
        // quick-xml takes the key's first byte whatever it is, then looks for `=` or
        // whitespace after it.
        let rest = raw.get(key_start + 1..)?;
        let eq = key_start + 1 + rest.iter().position(|&b| b == b'=' || is_xml_space(b))?;
        if raw.get(eq) != Some(&b'=') {
            return None;
        }
        let key = raw.get(key_start..eq)?;
        let quote = *raw.get(eq + 1).filter(|&&q| q == b'"' || q == b'\'')?;
        let value_start = eq + 2;
        let len = raw.get(value_start..)?.iter().position(|&b| b == quote)?;
        let value = raw.get(value_start..value_start + len)?;
        if value.contains(&b'&') {
            return None;
        }
        let value = std::str::from_utf8(value).ok()?;
        if each(key, value) {
            return Some(());
        }
        at = value_start + len + 1;
    }
}

/// The text of the element being read: the document's own slice while it is one text
/// node (nearly always), a copy only when it is several (text around an entity, CDATA).
/// Issue 24: copying every text node, the indentation between elements included, into
/// a buffer cost about 1% of a folder review.
#[derive(Debug, Default)]
pub(crate) struct Text<'a> {
    borrowed: &'a str,
    owned: String,
    is_owned: bool,
}

impl<'a> Text<'a> {
    /// Forget the text read so far (an element opens or closes).
    pub fn clear(&mut self) {
        self.borrowed = "";
        self.owned.clear();
        self.is_owned = false;
    }

    /// Append a text node: the first one of an element borrowed in place (inlined into the
    /// readers' loops: issue 24, about 23 instructions a node as a call), any other copied.
    #[inline(always)]
    pub fn push(&mut self, node: Cow<'a, str>) {
        match node {
            Cow::Borrowed(s) if !self.is_owned && self.borrowed.is_empty() => self.borrowed = s,
            node => self.push_owned(&node),
        }
    }

    /// [`Text::push`] of a second node, or of one that is not a slice of the document.
    #[cold]
    #[inline(never)]
    fn push_owned(&mut self, node: &str) {
        if !self.is_owned {
            self.owned.push_str(self.borrowed);
            self.is_owned = true;
        }
        self.owned.push_str(node);
    }

    /// The text so far.
    pub fn as_str(&self) -> &str {
        if self.is_owned {
            &self.owned
        } else {
            self.borrowed
        }
    }
}

/// A finite number from element text (surrounding whitespace ignored). `NaN`, `inf` and
/// garbage give `None`.
///
/// Plain decimals are read directly, to the same bits (see [`super::decimal`]).
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    super::decimal::parse_finite(text)
}

/// A number from element text: `None` for text that is empty or whitespace ("absent"),
/// else what [`parse_number`] gives. The plain decimal of nearly every value is read
/// without trimming the text first (issue 24: `Values` trimmed and parsed some texts
/// twice).
fn read_number(text: &str) -> Option<Option<f64>> {
    if let Some(v) = super::decimal::plain(text.as_bytes()) {
        return Some(Some(v));
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(text.parse::<f64>().ok().filter(|v| v.is_finite()))
}

/// An `xsd:dateTime` as UTC: RFC 3339 with `Z` or an offset; without a zone the time is
/// taken as UTC (as the GPX schema requires and the gpx crate does). A space instead of
/// `T` and a lower-case `z` are accepted.
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let s = text.trim();
    if s.is_empty() {
        return None;
    }
    // Nearly every point of a GPX or TCX file is written in one form; read it directly
    // (issue 24: chrono's general path cost 2% of a folder review). Anything else, and
    // an impossible date in this form, goes the general way.
    if let Some(t) = parse_utc_z(s.as_bytes()) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|fmt| NaiveDateTime::parse_from_str(naive, fmt).ok())
    .map(|t| t.and_utc())
}

/// `YYYY-MM-DDTHH:MM:SS[.f]Z` with one to nine fractional digits and a second below 60:
/// the instant chrono's RFC 3339 parser gives for it; `None` for any other text (a leap
/// second, an offset, a lower-case letter, more digits, an impossible date), which the
/// caller hands to chrono.
fn parse_utc_z(b: &[u8]) -> Option<DateTime<Utc>> {
    let (&b'Z', head) = b.split_last()? else {
        return None;
    };
    let (fixed, frac) = head.split_at_checked(19)?;
    // Separators at 4, 7, 10, 13, 16; digits everywhere else.
    let mut d = [0_u32; 19];
    for (i, (&c, v)) in fixed.iter().zip(&mut d).enumerate() {
        let ok = match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            _ => {
                *v = u32::from(c.wrapping_sub(b'0'));
                *v < 10
            }
        };
        if !ok {
            return None;
        }
    }
    let two = |i: usize| d[i] * 10 + d[i + 1];
    let year = two(0) * 100 + two(2);
    let (month, day) = (two(5), two(8));
    let (hour, minute, second) = (two(11), two(14), two(17));
    if second >= 60 {
        return None;
    }
    let nano = match frac {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let mut v = 0_u32;
            for &c in digits {
                let d = c.wrapping_sub(b'0');
                if d >= 10 {
                    return None;
                }
                v = v * 10 + u32::from(d);
            }
            // Scale to nanoseconds: `digits.len()` is 1..=9, so the exponent is 0..=8.
            v * 10_u32.pow(9 - u32::try_from(digits.len()).ok()?)
        }
        _ => return None,
    };
    let year = i32::try_from(year).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)?
        .and_hms_nano_opt(hour, minute, second, nano)
        .map(|t| t.and_utc())
}

/// The offset of a time written with one (`2019-06-15T11:42:23+02:00`: 7200 s); `None`
/// for `Z`, no zone, or an offset beyond ±14 h (none exists).
pub(crate) fn written_offset(text: &str) -> Option<i32> {
    // `Z` first: no parse for the usual UTC time (read at every point until one time
    // gives an offset, so every point of a file in UTC).
    if text.trim().ends_with(['Z', 'z']) {
        return None;
    }
    let t = DateTime::parse_from_rfc3339(text.trim()).ok()?;
    let s = t.offset().local_minus_utc();
    (s != 0 && s.abs() <= 14 * 3600).then_some(s)
}

/// Short, quoted rendering of an untrusted value for a note.
pub(crate) fn quote(text: &str) -> String {
    let short: String = text.trim().chars().take(24).collect();
    format!("{short:?}")
}

// ---------------------------------------------------------------------------------------
// Points and values shared by the GPX and TCX readers.
// ---------------------------------------------------------------------------------------

/// Plausible latitude range in degrees.
const LAT_RANGE: RangeInclusive<f64> = -90.0..=90.0;
/// Plausible longitude range in degrees.
const LON_RANGE: RangeInclusive<f64> = -180.0..=180.0;
/// Plausible altitude in metres (below the Dead Sea shore to above Everest, with margin).
pub(crate) const ALTITUDE_RANGE: RangeInclusive<f64> = -1000.0..=10_000.0;
/// Plausible heart rate in bpm; 0 means "no reading" and is dropped silently.
pub(crate) const HEART_RATE_RANGE: RangeInclusive<f64> = 1.0..=300.0;
/// Plausible recorded cadence (strides, steps or rpm); 0 means standing still.
pub(crate) const CADENCE_RANGE: RangeInclusive<f64> = 0.0..=300.0;
/// Plausible speed in m/s.
pub(crate) const SPEED_RANGE: RangeInclusive<f64> = 0.0..=100.0;
/// Plausible cumulative distance in metres.
pub(crate) const DISTANCE_RANGE: RangeInclusive<f64> = 0.0..=100_000_000.0;

/// One track point as read, before times are made relative to the start.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawPoint {
    /// Everything but `t_s` and `cadence`.
    pub sample: Sample,
    /// Absolute time, when the point has a valid one.
    pub time: Option<DateTime<Utc>>,
    /// Cadence in the file's own unit (see [`cadence_unit`]).
    pub cadence: Option<f64>,
    /// First point of a new GPX `<trkseg>`/`<trk>` or TCX `<Track>` after earlier points:
    /// the recording may have paused before it.
    pub new_segment: bool,
}

thread_local! {
    /// The worker's buffer for the points of a track being read (see `scratch`).
    static POINTS: std::cell::RefCell<Vec<RawPoint>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty vector for a track's points, with the memory of the last track this thread
/// assembled.
pub(crate) fn point_buffer() -> Vec<RawPoint> {
    super::scratch::take(&POINTS)
}

/// Parses values and counts the ones it had to drop, for one note per activity.
#[derive(Clone, Debug, Default)]
pub(crate) struct Values {
    dropped: usize,
    first: Option<String>,
    /// The offset from UTC of the first time written with one (`+02:00`; not `Z`).
    offset_s: Option<i32>,
}

impl Values {
    /// A number in `range`; empty text is "absent", anything else unusable is dropped
    /// and counted.
    pub fn number(&mut self, what: &str, text: &str, range: &RangeInclusive<f64>) -> Option<f64> {
        let value = read_number(text)?.filter(|v| range.contains(v));
        if value.is_none() {
            self.drop_value(what, text);
        }
        value
    }

    /// A heart rate; zero (strap off) is absent rather than dropped.
    pub fn heart_rate(&mut self, text: &str) -> Option<f64> {
        let parsed = read_number(text)?;
        if parsed == Some(0.0) {
            return None;
        }
        let value = parsed.filter(|v| HEART_RATE_RANGE.contains(v));
        if value.is_none() {
            self.drop_value("heart rate", text);
        }
        value
    }

    /// A timestamp; empty text is "absent", anything else unusable is dropped and counted.
    pub fn time(&mut self, text: &str) -> Option<DateTime<Utc>> {
        // The usual form, `...Z` with nothing around it: no trimming, and no offset to
        // look for (issue 24).
        if let Some(t) = parse_utc_z(text.as_bytes()) {
            return Some(t);
        }
        if text.trim().is_empty() {
            return None;
        }
        let value = parse_time(text);
        if value.is_none() {
            self.drop_value("time", text);
        } else if self.offset_s.is_none() {
            self.offset_s = written_offset(text);
        }
        value
    }

    /// The recording's own offset from UTC: that of its first time written with one.
    pub fn utc_offset(&self) -> Option<crate::model::UtcOffset> {
        self.offset_s.map(|seconds| crate::model::UtcOffset {
            seconds,
            source: crate::model::OffsetSource::Recording,
            zone: None,
        })
    }

    /// A position from latitude and longitude texts: both must be in range and not the
    /// 0/0 "no fix" marker, else both are dropped.
    pub fn position(&mut self, lat: Option<&str>, lon: Option<&str>) -> Option<(f64, f64)> {
        let (lat, lon) = match (lat, lon) {
            (None, None) => return None,
            (Some(lat), Some(lon)) => (lat, lon),
            (Some(one), None) | (None, Some(one)) => {
                self.drop_value("half a position", one);
                return None;
            }
        };
        let parsed = parse_number(lat)
            .zip(parse_number(lon))
            .filter(|(la, lo)| LAT_RANGE.contains(la) && LON_RANGE.contains(lo))
            .filter(|&(la, lo)| la != 0.0 || lo != 0.0);
        if parsed.is_none() {
            self.drop_value("position", &format!("{} {}", lat.trim(), lon.trim()));
        }
        parsed
    }

    fn drop_value(&mut self, what: &str, text: &str) {
        self.dropped += 1;
        if self.first.is_none() {
            self.first = Some(format!("{what} {}", quote(text)));
        }
    }

    /// The note describing dropped values, if any were dropped.
    pub fn note(&self) -> Option<String> {
        let first = self.first.as_deref()?;
        Some(format!(
            "dropped {} unreadable or out-of-range value(s), first: {first}",
            self.dropped
        ))
    }
}

/// Fill `activity` (sport and device already set) from the points in file order:
/// `start_time` is the first valid timestamp and every `t_s` is relative to it; cadence
/// goes through the unit decision; notes say what is missing. Returns the cadence
/// decision so other values of the file can be converted alike.
pub(crate) fn assemble(activity: &mut Activity, mut points: Vec<RawPoint>) -> Decision {
    let start = points.iter().find_map(|p| p.time);
    activity.start_time = start;
    let mut cadence = Vec::with_capacity(points.len());
    if activity.samples.capacity() == 0 {
        activity.samples = super::scratch::samples();
    }
    activity.samples.reserve(points.len());
    let mut last_t: Option<f64> = None;
    let mut breaks = Vec::new();
    for point in points.drain(..) {
        let mut sample = point.sample;
        sample.t_s = start
            .zip(point.time)
            .map(|(s, t)| super::elapsed::seconds_f64(t, s));
        if point.new_segment {
            if let (Some(t0), Some(t1)) = (last_t, sample.t_s) {
                if t1 > t0 {
                    breaks.push(Pause {
                        start_s: t0,
                        end_s: t1,
                    });
                }
            }
        }
        last_t = sample.t_s.or(last_t);
        activity.samples.push(sample);
        cadence.push(point.cadence);
    }
    super::scratch::give(&POINTS, points);
    // The first point after a break stands for the sampling interval before it (devices
    // write it one interval after the timer restarts), so the pause ends one median
    // interval before it; a boundary without a gap longer than that (a new lap recorded
    // without stopping) pauses nothing.
    let mut steps: Vec<f64> = activity
        .samples
        .windows(2)
        .filter_map(|w| Some(w[1].t_s? - w[0].t_s?))
        .filter(|d| *d > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    let step = steps.get(steps.len() / 2).copied().unwrap_or(0.0);
    for b in &mut breaks {
        b.end_s -= step;
    }
    breaks.retain(|b| b.end_s > b.start_s);
    settle_times(activity);
    if !activity.is_route() && !breaks.is_empty() {
        activity.notes.push(format!(
            "{} track segment boundaries read as pauses (no distance or moving time across them)",
            breaks.len()
        ));
        activity.pauses.append(&mut breaks);
    }
    note_elevation(activity);
    cadence_unit::apply(activity, &cadence)
}

/// Longest median interval between a track's timed points (repeated times left out) for it to count as a
/// recording (our choice: watches record every 1–10 s, smart recording rarely leaves a
/// minute; points minutes apart are waypoints stamped by a planner or a hand-made log).
pub(crate) const MAX_RECORDING_MEDIAN_INTERVAL_S: f64 = 300.0;

/// Timestamps that cannot describe a recording are dropped, which makes the track a
/// planned route (hills only, no pace or cadence over time): fewer than half of the points
/// timed (a few stray times would turn 13 km into a minute's "run"), every timed point
/// within one second (a placeholder such as 1901-12-13T20:45:52Z, the most negative 32-bit
/// Unix time, written by some route editors), or points a median of more than
/// [`MAX_RECORDING_MEDIAN_INTERVAL_S`] apart. Notes say which, and name points without a
/// timestamp in a recording that keeps its times.
fn settle_times(activity: &mut Activity) {
    let total = activity.samples.len();
    let times: Vec<f64> = activity.samples.iter().filter_map(|s| s.t_s).collect();
    let timed = times.len();
    if total == 0 || timed == total && timed < 2 {
        return;
    }
    let (first, last) = times
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &t| {
            (lo.min(t), hi.max(t))
        });
    // Repeated times (waypoints stamped alike) are not intervals.
    let mut steps: Vec<f64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|d| *d > 0.0)
        .collect();
    steps.sort_by(f64::total_cmp);
    let median_step = steps.get(steps.len() / 2).copied().unwrap_or(0.0);
    let note = if timed == 0 {
        "no timestamps: treated as a planned route".to_string()
    } else if timed >= 2 && last - first < 1.0 {
        // Within a second of each other (placeholders may differ in their fractions).
        format!(
            "all {timed} timestamps fall within one second: times ignored, treated as a planned route"
        )
    } else if timed * 2 < total {
        format!("only {timed} of {total} points have a timestamp: times ignored, treated as a planned route")
    } else if median_step > MAX_RECORDING_MEDIAN_INTERVAL_S {
        format!(
            "points are a median {:.0} min apart, too sparse for a recording: times ignored, treated as a planned route",
            median_step / 60.0
        )
    } else if timed < total {
        let untimed = total - timed;
        activity
            .notes
            .push(format!("{untimed} of {total} points have no timestamp"));
        return;
    } else {
        return;
    };
    for s in &mut activity.samples {
        s.t_s = None;
    }
    activity.start_time = None;
    activity.notes.push(note);
}

/// Altitude source and notes: GPX/TCX elevation may be GPS, barometric or from a
/// terrain model and the file does not say, so it is taken as noisy GPS altitude
/// (smoothed before any gain is computed, see [`crate::analysis::elevation`]).
fn note_elevation(activity: &mut Activity) {
    let mut altitudes = activity
        .samples
        .iter()
        .filter_map(|s| s.altitude_m)
        .peekable();
    if altitudes.peek().is_none() {
        activity.altitude_source = AltitudeSource::None;
        if !activity.samples.is_empty() {
            activity.notes.push("no elevation data".to_string());
        }
        return;
    }
    activity.altitude_source = AltitudeSource::Gps;
    if altitudes.all(|a| a == 0.0) {
        activity
            .notes
            .push("elevation is 0 on every point: probably not recorded".to_string());
    }
}

/// The element names a reader knows and their tags (`Tag`, the reader's own enum, with an
/// `Other`): `NAMES` lists them shortest first, `exact` matches the names as written, and
/// `Tag::of` finds a name's tag (GPX and TCX).
macro_rules! known_names {
    ($($name:literal => $tag:ident,)*) => {
        const NAMES: [(&[u8], Tag); [$(stringify!($tag)),*].len()] = [$(($name, Tag::$tag)),*];

        /// The longest name of [`NAMES`].
        const LONGEST: usize = {
            let mut longest = 0;
            let mut i = 0;
            while i < NAMES.len() {
                // [`NAMES`] is sorted by length (the look-up below relies on it).
                assert!(i == 0 || NAMES[i - 1].0.len() <= NAMES[i].0.len());
                if NAMES[i].0.len() > longest {
                    longest = NAMES[i].0.len();
                }
                i += 1;
            }
            longest
        };

        /// For each length, the range of [`NAMES`] of that length.
        const BY_LENGTH: [(usize, usize); LONGEST + 1] = {
            let mut ranges = [(0, 0); LONGEST + 1];
            let mut i = NAMES.len();
            while i > 0 {
                i -= 1;
                let len = NAMES[i].0.len();
                if ranges[len].1 == 0 {
                    ranges[len].1 = i + 1;
                }
                ranges[len].0 = i;
            }
            ranges
        };

        /// The tag of a name written exactly as in [`NAMES`] (nearly every file): each name
        /// compared whole (the compiler switches on the length and compares a few words;
        /// a `match` on the byte strings compared them byte by byte).
        #[inline]
        fn exact(local: &[u8]) -> Option<Tag> {
            $(
                if local.len() == $name.len() && local == $name {
                    return Some(Tag::$tag);
                }
            )*
            None
        }

        impl Tag {
            /// By local name, ASCII case-insensitively: the name as written first, then,
            /// for another case, only the names of its length (issue 24: comparing
            /// case-insensitively with every name in turn, at every element of every
            /// point, cost nearly 3% of a folder review).
            fn of(local: &[u8]) -> Self {
                if let Some(tag) = exact(local) {
                    return tag;
                }
                let (from, to) = BY_LENGTH.get(local.len()).copied().unwrap_or_default();
                NAMES
                    .get(from..to)
                    .unwrap_or_default()
                    .iter()
                    .find(|(name, _)| local.eq_ignore_ascii_case(name))
                    .map_or(Self::Other, |&(_, tag)| tag)
            }
        }

        /// [`Tag::of`] against a plain search of [`NAMES`]: a name as written, then the first
        /// one equal ignoring ASCII case.
        #[cfg(test)]
        mod known_names_of {
            use super::*;

            #[test]
            fn of_is_the_exact_name_then_the_first_in_any_case() {
                let mut locals: Vec<Vec<u8>> = vec![
                    Vec::new(),
                    b"Extensions".to_vec(),
                    b"TPX".to_vec(),
                    b"TrackPointExtension".to_vec(),
                    vec![b'x'; LONGEST + 3],
                ];
                for (name, _) in NAMES {
                    locals.push(name.to_vec());
                    locals.push(name.to_ascii_uppercase());
                    locals.push(name.to_ascii_lowercase());
                    locals.push(name.get(1..).unwrap_or_default().to_vec());
                    locals.push([name, &b"x"[..]].concat());
                    let mut near = name.to_vec();
                    if let Some(last) = near.last_mut() {
                        *last ^= 1;
                    }
                    locals.push(near);
                }
                for local in locals {
                    let plain = NAMES
                        .iter()
                        .find(|(name, _)| *name == local.as_slice())
                        .or_else(|| NAMES.iter().find(|(name, _)| local.eq_ignore_ascii_case(name)))
                        .map_or(Tag::Other, |&(_, tag)| tag);
                    assert_eq!(Tag::of(&local), plain, "{:?}", String::from_utf8_lossy(&local));
                }
            }
        }
    };
}
pub(crate) use known_names;

#[cfg(test)]
mod tests {
    use super::*;

    fn names(xml: &str) -> Vec<String> {
        let mut pull = Pull::new(xml.as_bytes());
        let mut out = Vec::new();
        while let Ok(Some(node)) = pull.next_node() {
            match node {
                Node::Open(s) => out.push(String::from_utf8_lossy(local_name(&s)).into_owned()),
                Node::Close => out.push("/".into()),
                Node::Text(t) if !t.trim().is_empty() => out.push(format!("'{}'", t.trim())),
                Node::Text(_) => {}
            }
        }
        out
    }

    #[test]
    fn prefixes_are_ignored_even_unbound() {
        let got = names("<a><gpxtpx:hr>1</gpxtpx:hr><ns3:cad/><nobody:x>y</nobody:x></a>");
        assert_eq!(
            got,
            ["a", "hr", "'1'", "/", "cad", "/", "x", "'y'", "/", "/"]
        );
    }

    #[test]
    fn bom_and_whitespace_before_declaration_are_skipped() {
        let xml = "\u{feff}  \n\t <?xml version=\"1.0\"?><r>t</r>";
        assert_eq!(names(xml), ["r", "'t'", "/"]);
    }

    #[test]
    fn text_of_a_utf8_document_is_a_slice_of_it() {
        let xml = "<r>\n  <name>Caf\u{e9} \u{1f3c3}</name><![CDATA[\u{e9}<x>]]></r>";
        let mut pull = Pull::new(xml.as_bytes());
        let mut texts = Vec::new();
        while let Ok(Some(node)) = pull.next_node() {
            if let Node::Text(t) = node {
                assert!(matches!(t, Cow::Borrowed(_)), "{t:?} copied");
                texts.push(t.into_owned());
            }
        }
        assert_eq!(texts, ["\n  ", "Caf\u{e9} \u{1f3c3}", "\u{e9}<x>"]);
    }

    #[test]
    fn latin1_text_is_replaced_not_dropped() {
        let mut pull = Pull::new(b"<name>Caf\xe9</name>");
        let _ = pull.next_node();
        let Ok(Some(Node::Text(t))) = pull.next_node() else {
            panic!("no text");
        };
        assert_eq!(t, "Caf\u{fffd}");
    }

    #[test]
    fn predefined_entities_resolve_custom_ones_do_not() {
        let xml = "<!DOCTYPE r [<!ENTITY boom \"BOOM\">]><r>a&amp;b&#x41;&boom;</r>";
        let mut pull = Pull::new(xml.as_bytes());
        let mut text = String::new();
        while let Ok(Some(node)) = pull.next_node() {
            if let Node::Text(t) = node {
                text.push_str(&t);
            }
        }
        assert_eq!(text, "a&bA");
    }

    #[test]
    fn truncated_input_is_a_break_with_position() {
        let xml = "<a>\n<b>1</b>\n<c>";
        let mut pull = Pull::new(xml.as_bytes());
        let err = loop {
            match pull.next_node() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("expected a break"),
                Err(e) => break e,
            }
        };
        assert_eq!(err.byte, xml.len());
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("still open"), "{}", err.reason);
        assert!(matches!(pull.next_node(), Ok(None)));
    }

    #[test]
    fn mismatched_tags_are_a_break() {
        let mut pull = Pull::new(b"<a>\n  <b></c></a>");
        let err = loop {
            match pull.next_node() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("expected a break"),
                Err(e) => break e,
            }
        };
        assert_eq!(err.line, 2);
        let IngestError::Xml(msg) = err.into_error() else {
            panic!("not an Xml error");
        };
        assert!(msg.starts_with("line 2, column "), "{msg}");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 100_000;
        let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let mut pull = Pull::new(xml.as_bytes());
        let mut max = 0;
        while let Ok(Some(_)) = pull.next_node() {
            max = max.max(pull.depth());
        }
        assert_eq!(max, depth);
    }

    #[test]
    fn attributes_by_local_name() {
        let xml = r#"<trkpt xsi:lat="1.5" lon="2&amp;" Creator="x"/>"#;
        let mut pull = Pull::new(xml.as_bytes());
        let Ok(Some(Node::Open(start))) = pull.next_node() else {
            panic!("no start");
        };
        assert_eq!(attribute(&start, "lat").as_deref(), Some("1.5"));
        assert_eq!(attribute(&start, "lon").as_deref(), Some("2&"));
        assert_eq!(attribute(&start, "creator").as_deref(), Some("x"));
        assert_eq!(attribute(&start, "ele"), None);
        let (lat, lon) = attribute_pair(&start, "lat", "lon");
        assert_eq!((lat.as_deref(), lon.as_deref()), (Some("1.5"), Some("2&")));
        let (lat, ele) = attribute_pair(&start, "LAT", "ele");
        assert_eq!((lat.as_deref(), ele), (Some("1.5"), None));
        let xml = r#"<p lon="1" lat="2" lat="3" lon="4"/>"#;
        let mut pull = Pull::new(xml.as_bytes());
        let Ok(Some(Node::Open(start))) = pull.next_node() else {
            panic!("no start");
        };
        let (lat, lon) = attribute_pair(&start, "lat", "lon");
        assert_eq!(lat.as_deref(), attribute(&start, "lat").as_deref());
        assert_eq!(lon.as_deref(), attribute(&start, "lon").as_deref());
    }

    #[test]
    fn text_is_the_nodes_joined() {
        let mut t = Text::default();
        assert_eq!(t.as_str(), "");
        t.push(Cow::Borrowed("12"));
        assert_eq!(t.as_str(), "12");
        t.push(Cow::Owned("&".to_string()));
        t.push(Cow::Borrowed("3"));
        assert_eq!(t.as_str(), "12&3");
        t.clear();
        assert_eq!(t.as_str(), "");
        t.push(Cow::Owned("a".to_string()));
        t.push(Cow::Borrowed("b"));
        assert_eq!(t.as_str(), "ab");
        t.clear();
        t.push(Cow::Borrowed(""));
        t.push(Cow::Borrowed("x"));
        assert_eq!(t.as_str(), "x");
        let xml = "<a>1&amp;2<![CDATA[<3>]]></a>";
        let mut pull = Pull::new(xml.as_bytes());
        let mut t = Text::default();
        while let Ok(Some(node)) = pull.next_node() {
            if let Node::Text(s) = node {
                t.push(s);
            }
        }
        assert_eq!(t.as_str(), "1&2<3>");
    }

    #[test]
    fn numbers_must_be_finite() {
        assert_eq!(parse_number(" 12.5\n"), Some(12.5));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("12,5"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn times_parse_to_utc() {
        let t = parse_time("2019-06-15T09:42:23.250Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-06-15T09:42:23.250+00:00");
        let t = parse_time("2019-06-15T11:42:23+02:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-06-15T09:42:23+00:00");
        let t = parse_time("2019-06-15T09:42:23").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-06-15T09:42:23+00:00");
        let t = parse_time("2019-06-15 09:42:23z").unwrap();
        assert_eq!(t.to_rfc3339(), "2019-06-15T09:42:23+00:00");
        assert!(parse_time("yesterday").is_none());
        assert!(parse_time("2019-13-45T99:00:00Z").is_none());
        assert!(parse_time("").is_none());
    }

    /// Every form the direct path reads gives what chrono's RFC 3339 parser gives, and
    /// every text it declines still parses as before.
    #[test]
    fn direct_time_path_agrees_with_chrono() {
        for text in [
            "2019-06-15T09:42:23Z",
            "2019-06-15T09:42:23.5Z",
            "2019-06-15T09:42:23.123456789Z",
            "2019-06-15T09:42:23.1234567891Z",
            "2016-12-31T23:59:60Z",
            "2019-02-29T00:00:00Z",
            "2020-02-29T00:00:00Z",
            "2019-06-15t09:42:23z",
            "2019-06-15 09:42:23Z",
            "2019-06-15T09:42:23.Z",
            "2019-06-15T24:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2019-06-15T09:42:2xZ",
            "+2019-06-15T09:42:23Z",
        ] {
            let chrono = DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|t| t.with_timezone(&Utc));
            if let Some(t) = parse_utc_z(text.as_bytes()) {
                assert_eq!(Some(t), chrono, "{text}");
            }
        }
        assert!(parse_utc_z(b"2016-12-31T23:59:60Z").is_none());
        assert!(parse_time("2016-12-31T23:59:60Z").is_some());
        assert!(parse_utc_z(b"2019-06-15T09:42:23.5Z").is_some());
    }

    /// The values and whether each is borrowed.
    type Pair<'b> = (Option<Cow<'b, str>>, Option<Cow<'b, str>>);

    fn shape<'b>(pair: &Pair<'b>) -> [(Option<&'b str>, bool); 2] {
        let one = |v: &Option<Cow<'b, str>>| match v {
            Some(Cow::Borrowed(s)) => (Some(*s), true),
            Some(Cow::Owned(_)) | None => (None, false),
        };
        [one(&pair.0), one(&pair.1)]
    }

    /// The direct scan gives what quick-xml's iterator gives, borrowed alike.
    fn same_pair(start: &BytesStart<'_>, first: &str, second: &str) {
        let fast = attribute_pair(start, first, second);
        let quick = attribute_pair_quick(start, first, second);
        assert_eq!(
            fast,
            quick,
            "{:?}",
            String::from_utf8_lossy(start.attributes_raw())
        );
        assert_eq!(shape(&fast), shape(&quick));
    }

    #[test]
    fn attribute_scan_agrees_with_quick_xml() {
        for attrs in [
            r#" lat="1.5" lon="2.5""#,
            r#" lon='2.5' lat='1.5'"#,
            r#"  lat="1" lon="2" lat="3""#,
            r#" lat="1"lon="2""#,
            r#" lat = "1" lon="2""#,
            r#" lat= "1" lon="2""#,
            r#" lat ="1" lon="2""#,
            r#" lat="1&amp;" lon="2""#,
            r#" lat="1" lon="2&#x41;""#,
            r#" lat="1 lon="2""#,
            r#" lat='1" lon="2'"#,
            r#" lat=1 lon="2""#,
            r#" lat lon="2""#,
            r#" ="1" lat="2""#,
            r#" =="1" lon="2""#,
            r#" x:lat="1" y:LON="2""#,
            r#" :lat="1" a:b:lon="2""#,
            r#" latitude="1" lat="2" lon="3""#,
            " lat=\"\u{e9}\" lon=\"\t\"",
            " \r\n\tlat=\"1\"\nlon=\"2\"",
            r#" lat="" lon="""#,
            r#" lat="1""#,
            "",
            " ",
            r#" lat="1" lon"#,
            r#" lat="1" lon="#,
            r#" lat="1" lon=""#,
            r#" lat="1" / "#,
        ] {
            let start = BytesStart::from_content(format!("trkpt{attrs}"), 5);
            same_pair(&start, "lat", "lon");
            same_pair(&start, "LON", "lat");
            same_pair(&start, "lat", "lat");
        }
        // Plain attributes are read directly, unusual ones left to quick-xml.
        let mut seen = Vec::new();
        let plain = scan_attributes(b" lat=\"1.5\"\n\tx:lon='2' a=\"\"", |k, v| {
            seen.push((k, v));
            false
        });
        assert_eq!(plain, Some(()));
        assert_eq!(
            seen,
            [(&b"lat"[..], "1.5"), (&b"x:lon"[..], "2"), (&b"a"[..], "")]
        );
        for unusual in [
            " lat = \"1\"",
            " lat=\"&amp;\"",
            " lat=1",
            " lat=\"1",
            " lat",
        ] {
            assert_eq!(
                scan_attributes(unusual.as_bytes(), |_, _| false),
                None,
                "{unusual}"
            );
        }
        // A value that is not UTF-8 (a Latin-1 file): replaced, as before.
        let mut pull = Pull::new(b"<trkpt lat=\"1\xe9\" lon=\"2\"/>");
        let Ok(Some(Node::Open(start))) = pull.next_node() else {
            panic!("no start");
        };
        same_pair(&start, "lat", "lon");
        assert_eq!(
            attribute_pair(&start, "lat", "lon").0.as_deref(),
            Some("1\u{fffd}")
        );
    }

    #[test]
    fn values_read_as_before() {
        let mut v = Values::default();
        assert_eq!(v.number("x", " 12.5\n", &(0.0..=20.0)), Some(12.5));
        assert_eq!(v.number("x", " \t", &(0.0..=20.0)), None);
        assert_eq!(v.number("x", "", &(0.0..=20.0)), None);
        assert!(v.note().is_none());
        assert_eq!(v.heart_rate("0"), None);
        assert_eq!(v.heart_rate("-0.0"), None);
        assert_eq!(v.heart_rate(" "), None);
        assert!(v.note().is_none());
        assert_eq!(v.heart_rate("140"), Some(140.0));
        assert_eq!(v.heart_rate("1e2"), Some(100.0));
        assert_eq!(v.heart_rate("400"), None);
        assert_eq!(
            v.note().as_deref(),
            Some("dropped 1 unreadable or out-of-range value(s), first: heart rate \"400\"")
        );
        assert_eq!(v.number("x", "NaN", &(0.0..=20.0)), None);
        assert_eq!(v.number("x", "\u{a0}3\u{a0}", &(0.0..=20.0)), Some(3.0));
        assert!(v.note().unwrap().starts_with("dropped 2 "));
        let mut v = Values::default();
        assert!(v.time("2019-06-15T09:42:23Z").is_some());
        assert!(v.utc_offset().is_none());
        assert!(v.time(" 2019-06-15T11:42:23+02:00 ").is_some());
        assert_eq!(v.utc_offset().map(|o| o.seconds), Some(7200));
        assert!(v.time("2019-06-15T09:42:23Z").is_some());
        assert_eq!(v.utc_offset().map(|o| o.seconds), Some(7200));
        assert_eq!(v.time(" \n "), None);
        assert!(v.note().is_none());
        assert_eq!(v.time("soon"), None);
        assert_eq!(v.position(Some(" 0.0"), Some("0")), None);
        assert_eq!(v.position(Some("1.5"), Some("-2.25 ")), Some((1.5, -2.25)));
        assert_eq!(
            v.note().as_deref(),
            Some("dropped 2 unreadable or out-of-range value(s), first: time \"soon\"")
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// One attribute, written well or badly.
        fn attribute_text() -> impl Strategy<Value = String> {
            (
                prop::sample::select(vec!["", " ", "  ", "\t", "\n", "\r\n"]),
                prop::sample::select(vec!["", "xsi:", "a:b:", ":", "="]),
                prop::sample::select(vec!["lat", "lon", "LAT", "Lon", "lat2", "la", "ele", ""]),
                prop::sample::select(vec!["=", "=", "=", " =", "= ", "", "=="]),
                prop::sample::select(vec!["\"", "\"", "'", ""]),
                "[-0-9.a-z\u{e9}&;'\" <>=]{0,8}",
                prop::sample::select(vec!["\"", "'", ""]),
            )
                .prop_map(|(space, prefix, name, eq, open, value, close)| {
                    format!("{space}{prefix}{name}{eq}{open}{value}{close}")
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 2000,
                rng_seed: proptest::test_runner::RngSeed::Fixed(24),
                ..ProptestConfig::default()
            })]

            /// Random instants from year 0 to 9999, written with 0 to 12 fractional
            /// digits: the direct path reads each exactly as chrono does, and declines
            /// only what it is not for (more than nine digits).
            #[test]
            fn direct_path_matches_chrono(
                secs in -62_167_219_200_i64..253_402_300_800,
                nanos in 0_u32..1_000_000_000,
                digits in 0_usize..=12,
            ) {
                let t = DateTime::from_timestamp(secs, nanos).expect("in range");
                let frac = format!("{nanos:09}000");
                let text = if digits == 0 {
                    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
                } else {
                    format!("{}.{}Z", t.format("%Y-%m-%dT%H:%M:%S"), &frac[..digits])
                };
                let chrono = DateTime::parse_from_rfc3339(&text)
                    .expect("chrono reads it")
                    .with_timezone(&Utc);
                match parse_utc_z(text.as_bytes()) {
                    Some(fast) => prop_assert_eq!(fast, chrono),
                    None => prop_assert!(digits > 9, "{} declined", text),
                }
                prop_assert_eq!(parse_time(&text), Some(chrono));
            }

            /// Any text of the shape, digits anywhere: never a different answer.
            #[test]
            fn direct_path_never_disagrees(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,10})?Z") {
                let chrono = DateTime::parse_from_rfc3339(&text)
                    .ok()
                    .map(|t| t.with_timezone(&Utc));
                if let Some(fast) = parse_utc_z(text.as_bytes()) {
                    prop_assert_eq!(Some(fast), chrono);
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 20_000,
                rng_seed: proptest::test_runner::RngSeed::Fixed(24),
                ..ProptestConfig::default()
            })]

            /// Start tags of up to six attributes, well or badly written: the direct
            /// scan gives quick-xml's values, borrowed where quick-xml borrows.
            #[test]
            fn attribute_scan_matches_quick_xml(
                attrs in prop::collection::vec(attribute_text(), 0..6),
                names in prop::sample::select(vec![("lat", "lon"), ("LON", "lat"), ("lat", "lat"), ("ele", "x")]),
            ) {
                let start = BytesStart::from_content(format!("trkpt{}", attrs.concat()), 5);
                let fast = attribute_pair(&start, names.0, names.1);
                let quick = attribute_pair_quick(&start, names.0, names.1);
                prop_assert_eq!(shape(&fast), shape(&quick));
                prop_assert_eq!(fast, quick);
            }

            /// Any text of the characters attributes are made of.
            #[test]
            fn attribute_scan_matches_quick_xml_on_any_text(attrs in "[ \t\nlatonLAT:=\"'&;1.\u{e9}]{0,30}") {
                let start = BytesStart::from_content(format!("trkpt{attrs}"), 5);
                let fast = attribute_pair(&start, "lat", "lon");
                let quick = attribute_pair_quick(&start, "lat", "lon");
                prop_assert_eq!(shape(&fast), shape(&quick));
                prop_assert_eq!(fast, quick);
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 2000,
                rng_seed: proptest::test_runner::RngSeed::Fixed(24),
                ..ProptestConfig::default()
            })]
        }
    }

    #[test]
    fn quote_is_short_and_escaped() {
        assert_eq!(quote("a\u{1b}b"), "\"a\\u{1b}b\"");
        assert_eq!(quote(&"x".repeat(100)).len(), 26);
    }
}
