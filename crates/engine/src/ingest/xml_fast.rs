//! A fast XML path for the GPX and TCX readers (issue 24): the common, well-formed subset
//! of XML read into the same `xml::Node`s `xml::Pull` gives, **exactly as quick-xml 0.38 reads
//! it**, and "unsupported" for anything else, so the reader starts again on `xml::Pull` and an
//! unusual or damaged file is read, salvaged and reported as before.
//!
//! quick-xml's own handling of each event (the `Event` enum moved out, the `match`, the
//! end-name stack) cost about as much as its tokenizing in a folder review; this path is a
//! few searches over a document already checked to be UTF-8: eight bytes at a time in place
//! for the first 32 bytes of a span (indentation, a value and a tag are shorter than that,
//! where `memchr`'s set-up cost more than its search), `memchr` beyond.
//!
//! What it reads, by quick-xml 0.38's rules (`src/reader/{mod,state,slice_reader}.rs`,
//! `src/parser/{element,pi}.rs`, with the reader `xml::Pull` configures):
//! * text up to the next `<` (whitespace-only text between elements included, never
//!   trimmed; text before and after a comment comes as two nodes, as quick-xml gives it);
//! * `<?...?>` (the declaration, processing instructions), skipped: the first `>` after a
//!   `?`, with at least one byte between `<?` and `?>`;
//! * comments, skipped: `<!--` then the first `>` at least four bytes on whose two bytes
//!   before are `--` (so `<!---->` is a comment and `<!-->` is not yet its end);
//! * CDATA: `<![CDATA[` then the first `]]>`, its content one text node (empty too);
//! * start tags: up to the first `>` outside `"` or `'` quotes (a `>` inside a quoted value
//!   does not end the tag); a trailing `/` makes it empty (an open and a close); the name is
//!   the bytes up to the first XML whitespace (space, tab, CR, LF);
//! * end tags whose content (up to `>`, quotes as in a start tag) is exactly the name of
//!   the element open (quick-xml's `check_end_names`): with no quote in any name read, that
//!   is the open name followed by `>`.
//!
//! Unsupported (never guessed): a body that is not UTF-8 or starts with a second BOM, `&`
//! in text (entity and character references), `<!DOCTYPE` and any other `<!`, an empty
//! name (`<>`, `< a>`, `</>`), a quote or a control byte other than whitespace in a name
//! (`<a"b>`), whitespace in an end tag, an end tag that does not match or
//! has nothing open, a `<?` that is not closed properly, and the end of the input inside
//! markup or with elements still open. Every search starts where the last one stopped: one
//! pass over the bytes, and at most one more through quick-xml when it declines.

use super::xml::{leading_junk_len, Break, Node, Pull, Source, Stop};
use quick_xml::events::BytesStart;
use std::borrow::Cow;
use std::convert::Infallible;

/// The fast path declines the document: read it again through [`Pull`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unsupported;

/// The fast event source over a UTF-8 document.
pub(crate) struct Fast<'a> {
    /// The document after the BOM and leading whitespace ([`Pull`] skips the same).
    body: &'a str,
    /// Byte offset of the next unread byte of `body`.
    pos: usize,
    /// Names of the open elements, outermost first.
    open: Vec<&'a [u8]>,
    /// The last node was an empty element's open: its close comes next.
    empty_pending: bool,
}

impl<'a> Fast<'a> {
    /// The fast source over `bytes`, or `None` when it cannot read them (not UTF-8, or a
    /// second BOM that quick-xml would strip).
    pub(crate) fn new(bytes: &'a [u8]) -> Option<Self> {
        let body = bytes.get(leading_junk_len(bytes)..)?;
        if body.starts_with(&[0xEF, 0xBB, 0xBF]) {
            return None;
        }
        let body = std::str::from_utf8(body).ok()?;
        Some(Self {
            body,
            pos: 0,
            open: Vec::new(),
            empty_pending: false,
        })
    }

    /// The next node, `Ok(None)` at the end of a document with no element open.
    ///
    /// # Errors
    /// [`Unsupported`] for anything outside the subset this path reads exactly; the
    /// nodes given before it are the ones [`Pull`] gives first.
    ///
    /// Inlined into each reader's loop, so the node is matched where it is made (issue 24).
    #[inline(always)]
    pub(crate) fn next_node(&mut self) -> Result<Option<Node<'a>>, Unsupported> {
        if self.empty_pending {
            self.empty_pending = false;
            self.open.pop();
            return Ok(Some(Node::Close));
        }
        let bytes = self.body.as_bytes();
        loop {
            let start = self.pos;
            let Some(rest) = bytes.get(start..) else {
                return Err(Unsupported);
            };
            let Some(&first) = rest.first() else {
                return if self.open.is_empty() {
                    Ok(None)
                } else {
                    Err(Unsupported)
                };
            };
            if first != b'<' {
                // Text up to the next markup or the end; a reference is unsupported.
                let len = match find_text_end(rest) {
                    Some(i) if rest.get(i) == Some(&b'&') => return Err(Unsupported),
                    Some(i) => i,
                    None => rest.len(),
                };
                let text = self.slice(start, start + len)?;
                self.pos = start + len;
                return Ok(Some(Node::Text(Cow::Borrowed(text))));
            }
            // Markup: `m` is what follows the `<`.
            let m = rest.get(1..).unwrap_or_default();
            match m.first() {
                None => return Err(Unsupported),
                Some(b'!') => {
                    if m.starts_with(b"!--") {
                        let end = comment_end(m).ok_or(Unsupported)?;
                        self.pos = start + 1 + end + 1;
                        continue;
                    }
                    if m.starts_with(b"![CDATA[") {
                        let end = cdata_end(m).ok_or(Unsupported)?;
                        let text = self.slice(start + 1 + 8, start + 1 + end - 2)?;
                        self.pos = start + 1 + end + 1;
                        return Ok(Some(Node::Text(Cow::Borrowed(text))));
                    }
                    return Err(Unsupported);
                }
                Some(b'?') => {
                    let end = pi_end(m).ok_or(Unsupported)?;
                    self.pos = start + 1 + end + 1;
                    continue;
                }
                Some(b'/') => {
                    // The one end tag read is the open element's name then `>`: every open
                    // name is free of whitespace, quotes and `>` (see below), so quick-xml's
                    // tag end is that `>` and its name this one; any other end tag would
                    // name something else (a longer, shorter or different name), which
                    // quick-xml's `check_end_names` refuses.
                    let Some(&name) = self.open.last() else {
                        return Err(Unsupported);
                    };
                    let after = name.len() + 1;
                    if m.get(1..after) != Some(name) || m.get(after) != Some(&b'>') {
                        return Err(Unsupported);
                    }
                    self.open.pop();
                    self.pos = start + 1 + after + 1;
                    return Ok(Some(Node::Close));
                }
                Some(_) => {
                    // The name ends at the first whitespace; the tag at the first `>`
                    // outside quotes. A quote or another control byte before either ends the
                    // name is declined, so no open name holds a quote (the end tags above).
                    let (name_len, end) = match find_name_end(m) {
                        Some((i, b'>')) => (i, i),
                        Some((i, b' ' | b'\r' | b'\n' | b'\t')) => {
                            (i, element_end(m, i).ok_or(Unsupported)?)
                        }
                        _ => return Err(Unsupported),
                    };
                    let (len, empty) = match m.get(..end) {
                        Some([.., b'/']) => (end - 1, true),
                        Some(_) => (end, false),
                        None => return Err(Unsupported),
                    };
                    // `<a/>`: the name stops before the `/` (it is `a`, as quick-xml reads it).
                    let name_len = name_len.min(len);
                    let content = self.slice(start + 1, start + 1 + len)?;
                    let name = content.as_bytes().get(..name_len).unwrap_or_default();
                    if name.is_empty() {
                        return Err(Unsupported);
                    }
                    self.open.push(name);
                    self.empty_pending = empty;
                    self.pos = start + 1 + end + 1;
                    return Ok(Some(Node::Open(BytesStart::from_content(
                        content, name_len,
                    ))));
                }
            }
        }
    }

    /// `body[from..to]`; the bounds are always at ASCII bytes, so this never fails on a
    /// UTF-8 body (a failure would decline, not panic).
    fn slice(&self, from: usize, to: usize) -> Result<&'a str, Unsupported> {
        self.body.get(from..to).ok_or(Unsupported)
    }
}

/// A document read by `fast` through this path, or, when the path declines it (or cannot
/// start: not UTF-8), by `pull` through quick-xml from the first byte, what the first pass
/// gathered dropped (issue 24). A reader passes its one function generic over the
/// [`Source`] as both.
pub(crate) fn read_either<'a, T>(
    bytes: &'a [u8],
    fast: impl FnOnce(Fast<'a>) -> Result<T, Unsupported>,
    pull: impl FnOnce(Pull<'a>) -> Result<T, Infallible>,
) -> T {
    if let Some(source) = Fast::new(bytes) {
        if let Ok(read) = fast(source) {
            return read;
        }
    }
    match pull(Pull::new(bytes)) {
        Ok(read) => read,
        Err(never) => match never {},
    }
}

impl<'a> Source<'a> for Fast<'a> {
    type Declined = Unsupported;

    #[inline(always)]
    fn next_node(&mut self) -> Result<Option<Node<'a>>, Stop<Unsupported>> {
        Fast::next_node(self).map_err(Stop::Declined)
    }
}

impl<'a> Source<'a> for Pull<'a> {
    type Declined = Infallible;

    #[inline]
    fn next_node(&mut self) -> Result<Option<Node<'a>>, Stop<Infallible>> {
        Pull::next_node(self).map_err(Stop::Break)
    }
}

/// Each byte of `word` (little-endian) equal to `byte`: the high bit of its lane. Exact up to
/// and including the lowest lane set; lanes above one that matched may be set wrongly (the
/// subtraction's borrow), so only the lowest is ever read.
#[inline(always)]
fn lanes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (LANES * u64::from(byte));
    x.wrapping_sub(LANES) & !x & HIGH
}

/// Each byte of `word` below `limit` (at most 0x80), as [`lanes_equal`]: exact up to the
/// lowest lane set.
#[inline(always)]
fn lanes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(LANES * u64::from(limit)) & !word & HIGH
}

/// One in each byte lane.
const LANES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte lane.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Words (8 bytes) searched in place before a search is handed to `memchr`: most spans of a
/// GPX or TCX file (indentation, a value, a tag) are a few to 30 bytes, where `memchr`'s
/// set-up costs more than the search (issue 24).
const SHORT_WORDS: usize = 4;

/// The eight bytes of `hay` from `at`, little-endian, if there are eight.
#[inline(always)]
fn word_at(hay: &[u8], at: usize) -> Option<u64> {
    let bytes: [u8; 8] = hay.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// Index of the lowest lane set in a non-zero lane mask.
#[inline(always)]
fn first_lane(lanes: u64) -> usize {
    // At most 63 / 8 = 7.
    (lanes.trailing_zeros() / 8) as usize
}

/// The first index of `hay` whose byte `is` picks, searched a word at a time (`lanes` marks
/// the same bytes in a word) for `words` words, then by `long` (a `memchr`) or, with fewer
/// than eight bytes left, byte by byte. The same index as a byte loop.
#[inline(always)]
fn find_short(
    hay: &[u8],
    words: usize,
    lanes: impl Fn(u64) -> u64,
    is: impl Fn(u8) -> bool,
    long: impl FnOnce(&[u8]) -> Option<usize>,
) -> Option<usize> {
    let mut at = 0;
    for _ in 0..words {
        let Some(word) = word_at(hay, at) else {
            return hay.get(at..)?.iter().position(|&b| is(b)).map(|i| at + i);
        };
        let found = lanes(word);
        if found != 0 {
            return Some(at + first_lane(found));
        }
        at += 8;
    }
    long(hay.get(at..)?).map(|i| at + i)
}

/// Index of the first `<` or `&` in `hay` (where a text node ends).
#[inline(always)]
fn find_text_end(hay: &[u8]) -> Option<usize> {
    find_short(
        hay,
        SHORT_WORDS,
        |w| lanes_equal(w, b'<') | lanes_equal(w, b'&'),
        |b| b == b'<' || b == b'&',
        |rest| memchr::memchr2(b'<', b'&', rest),
    )
}

/// Index of the first `>`, `"` or `'` in `hay`.
#[inline(always)]
fn find_tag_mark(hay: &[u8]) -> Option<usize> {
    find_short(
        hay,
        SHORT_WORDS,
        |w| lanes_equal(w, b'>') | lanes_equal(w, b'"') | lanes_equal(w, b'\''),
        |b| matches!(b, b'>' | b'"' | b'\''),
        |rest| memchr::memchr3(b'>', b'"', b'\'', rest),
    )
}

/// Index of the first `quote` in `hay` (where a quoted attribute value ends).
#[inline(always)]
fn find_quote(hay: &[u8], quote: u8) -> Option<usize> {
    find_short(
        hay,
        SHORT_WORDS,
        |w| lanes_equal(w, quote),
        |b| b == quote,
        |rest| memchr::memchr(quote, rest),
    )
}

/// In `m` (the bytes after `<` of a start tag), the first byte that is `>`, a quote or below
/// `!` (whitespace and the other control bytes), with its index: where the name ends when it
/// is `>` or whitespace. Names are short: searched a word at a time to the end.
#[inline(always)]
fn find_name_end(m: &[u8]) -> Option<(usize, u8)> {
    let i = find_short(
        m,
        usize::MAX,
        |w| {
            lanes_equal(w, b'>')
                | lanes_equal(w, b'"')
                | lanes_equal(w, b'\'')
                | lanes_below(w, b'!')
        },
        |b| matches!(b, b'>' | b'"' | b'\'') || b < b'!',
        |_| None,
    )?;
    Some((i, *m.get(i)?))
}

/// Index of the last `:` in `name` (where a qualified name's prefix ends), a word at a time
/// from the end: the index `rposition` gives (issue 24: a byte loop over every element's
/// name cost about 30 instructions an element).
#[inline]
pub(crate) fn last_colon(name: &[u8]) -> Option<usize> {
    let mut end = name.len();
    while end >= 8 {
        let at = end - 8;
        if let Some(i) = last_lane(word_at(name, at)?, b':') {
            return Some(at + i);
        }
        end = at;
    }
    if end == 0 {
        return None;
    }
    if name.len() >= 8 {
        // The first word again: its lanes from `end` on were searched above and hold none.
        return last_lane(word_at(name, 0)?, b':');
    }
    if end >= 4 {
        // Four bytes at a time: the last four, then the first four (overlapping).
        let last4 = |at: usize| -> Option<usize> {
            let bytes: [u8; 4] = name.get(at..at + 4)?.try_into().ok()?;
            last_lane(
                u64::from(u32::from_le_bytes(bytes)) | (u64::MAX << 32),
                b':',
            )
        };
        return last4(end - 4).map(|i| end - 4 + i).or_else(|| last4(0));
    }
    name.get(..end)?.iter().rposition(|&b| b == b':')
}

/// The highest byte of `word` (little-endian) equal to `byte`, exactly: each lane is tested
/// on its own (no borrow or carry crosses lanes, unlike [`lanes_equal`]).
#[inline(always)]
fn last_lane(word: u64, byte: u8) -> Option<usize> {
    let x = word ^ (LANES * u64::from(byte));
    let low = !HIGH;
    let zero = !((x & low).wrapping_add(low) | x | low);
    // At most 7 - 0.
    (zero != 0).then(|| 7 - (zero.leading_zeros() / 8) as usize)
}

/// Index in `m` (the bytes after `<`) of the `>` that ends a start or end tag: the first one
/// outside `"` or `'` quotes (quick-xml's `ElementParser`), searched from `from`, which must
/// be outside quotes with no `>` before it.
fn element_end(m: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let i = at + find_tag_mark(m.get(at..)?)?;
        match *m.get(i)? {
            b'>' => return Some(i),
            quote => at = i + 1 + find_quote(m.get(i + 1..)?, quote)? + 1,
        }
    }
}

/// Index in `m` (starting `!--`) of the `>` that ends a comment: the first one past index
/// 4 with `--` before it (quick-xml's `BangType::Comment`).
fn comment_end(m: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'>', m).find(|&i| i > 4 && m.get(..i).is_some_and(|b| b.ends_with(b"--")))
}

/// Index in `m` (starting `![CDATA[`) of the `>` that ends the section: the first one with
/// `]]` before it (quick-xml's `BangType::CData`; never before index 10).
fn cdata_end(m: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'>', m).find(|&i| m.get(..i).is_some_and(|b| b.ends_with(b"]]")))
}

/// Index in `m` (starting `?`) of the `>` that ends a declaration or processing
/// instruction: the first one after a `?` (quick-xml's `PiParser`), refused when nothing
/// is between `<?` and `?>` (quick-xml's `UnclosedPIOrXmlDecl` for `<?>`).
fn pi_end(m: &[u8]) -> Option<usize> {
    let end = memchr::memchr_iter(b'>', m).find(|&i| i > 0 && m.get(i - 1) == Some(&b'?'))?;
    (end > 1).then_some(end)
}

/// How the fast path read a document, as checked against `xml::Pull` by [`compare_with_pull`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// The fast path read the whole document: `nodes` nodes, the very ones `Pull` gives.
    Read {
        /// Nodes read.
        nodes: usize,
    },
    /// The fast path declined after `nodes` nodes, the first ones `Pull` gives.
    Declined {
        /// Nodes given before declining.
        nodes: usize,
    },
}

/// One node as compared: an element's raw content (name and attributes) and name, a
/// close, a text.
#[derive(Debug, PartialEq, Eq)]
enum RawNode {
    Open { content: Vec<u8>, name: Vec<u8> },
    Close,
    Text(String),
}

fn raw(node: Node<'_>) -> RawNode {
    match node {
        Node::Open(start) => RawNode::Open {
            content: start.to_vec(),
            name: start.name().as_ref().to_vec(),
        },
        Node::Close => RawNode::Close,
        Node::Text(t) => RawNode::Text(t.into_owned()),
    }
}

/// All nodes of a source and how it stopped: `Ok` at a clean end, `Err` at a break or
/// when it declined.
fn drain<'a, S: Source<'a>>(mut source: S) -> (Vec<RawNode>, Result<(), Stop<S::Declined>>) {
    let mut nodes = Vec::new();
    loop {
        match source.next_node() {
            Ok(Some(node)) => nodes.push(raw(node)),
            Ok(None) => return (nodes, Ok(())),
            Err(stop) => return (nodes, Err(stop)),
        }
    }
}

/// The differential check of the fast path (tests and the `xml_fast` fuzz target): read
/// `bytes` through both sources; the fast path must give exactly `Pull`'s nodes and end
/// cleanly where `Pull` does, or decline after giving only the first of them.
///
/// # Errors
/// A description of the first disagreement.
pub fn compare_with_pull(bytes: &[u8]) -> Result<Agreement, String> {
    let (slow, slow_end) = drain(Pull::new(bytes));
    let slow_break: Option<Break> = match slow_end {
        Ok(()) => None,
        Err(Stop::Break(b)) => Some(b),
        Err(Stop::Declined(never)) => match never {},
    };
    let Some(fast) = Fast::new(bytes) else {
        return Ok(Agreement::Declined { nodes: 0 });
    };
    let (quick, quick_end) = drain(fast);
    let first_difference = quick.iter().zip(&slow).position(|(a, b)| a != b);
    if let Some(i) = first_difference {
        return Err(format!(
            "node {i}: fast path {:?}, quick-xml {:?}",
            quick.get(i),
            slow.get(i)
        ));
    }
    match quick_end {
        Ok(()) if quick.len() != slow.len() => Err(format!(
            "the fast path ends after {} nodes, quick-xml gives {}",
            quick.len(),
            slow.len()
        )),
        Ok(()) => match slow_break {
            None => Ok(Agreement::Read { nodes: quick.len() }),
            Some(b) => Err(format!(
                "the fast path read the document, quick-xml breaks: {}",
                b.reason
            )),
        },
        Err(_) if quick.len() > slow.len() => Err(format!(
            "the fast path gave {} nodes before declining, quick-xml only {}",
            quick.len(),
            slow.len()
        )),
        Err(_) => Ok(Agreement::Declined { nodes: quick.len() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, gpx as synth_gpx, tcx as synth_tcx, Scenario};

    /// The check must pass; the agreement it reports.
    fn agree(bytes: &[u8]) -> Agreement {
        compare_with_pull(bytes).unwrap_or_else(|e| {
            panic!("{e} in {:?}", String::from_utf8_lossy(bytes));
        })
    }

    fn read_fully(xml: &str) -> bool {
        matches!(agree(xml.as_bytes()), Agreement::Read { .. })
    }

    #[test]
    fn the_common_subset_is_read() {
        for xml in [
            "<a></a>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\n  <b x=\"1\">t</b>\n</a>\n",
            "\u{feff} \n<a/>",
            "<a x=\"1>2\" y='\"/>'><b/>t<!-- c -->u<![CDATA[<x>&amp;]]><![CDATA[]]></a>",
            "<a><!----><!-- - -- -->z</a>",
            "<a><?pi some > thing?>b</a>",
            "<a b='1'/><c/>trailing text",
            "<ns3:hr xmlns:ns3=\"u\">140</ns3:hr>",
            "<a\tx='1'\n/>",
            "<a / ></a>",
            "<a/b>text</a/b>",
            "text only",
            "",
            "<a>\u{e9}\u{1f3c3}</a>",
            "<a></a><b></b>",
        ] {
            assert!(read_fully(xml), "declined {xml:?}");
        }
    }

    #[test]
    fn everything_else_is_declined() {
        for xml in [
            "<a>&amp;</a>",
            "<a>x&#65;</a>",
            "<!DOCTYPE a><a/>",
            "<!ELEMENT a><a/>",
            "<a></a >",
            "<a></b>",
            "</a>",
            "<a>",
            "<a><b></b>",
            "< a></a>",
            "<></>",
            "<a></>",
            "<?>",
            "<?xml",
            "<a x=\"1></a>",
            "<!-x-->",
            "<!-->",
            "<a><![CDATA[x]></a>",
            "<a",
            "<",
            "\u{feff}\u{feff}<a/>",
        ] {
            assert!(
                matches!(agree(xml.as_bytes()), Agreement::Declined { .. }),
                "read {xml:?}"
            );
        }
        assert_eq!(agree(b"<a>Caf\xe9</a>"), Agreement::Declined { nodes: 0 });
    }

    #[test]
    fn text_around_a_comment_is_two_nodes_and_cdata_one() {
        let mut fast = Fast::new(b"<a>x<!--c-->y<![CDATA[z]]></a>").expect("utf-8");
        let mut texts = Vec::new();
        while let Ok(Some(node)) = fast.next_node() {
            if let Node::Text(t) = node {
                texts.push(t.into_owned());
            }
        }
        assert_eq!(texts, ["x", "y", "z"]);
    }

    /// The word-at-a-time searches against a byte loop, at every length and position of
    /// the byte searched for across the word and `memchr` boundaries (0..80), among bytes
    /// that differ from it by one bit, high bytes and control bytes.
    #[test]
    fn the_word_searches_find_what_a_byte_loop_finds() {
        let fills: [u8; 8] = [b'a', b' ', b'\n', 0xc3, 0x80, b'=', 0x7f, 0x01];
        for len in 0..80_usize {
            for fill in fills {
                for at in (0..len).chain([usize::MAX]) {
                    for target in [b'<', b'&', b'>', b'"', b'\'', b' ', b'\t', 0x1f] {
                        let mut hay = vec![fill; len];
                        // A near miss (one bit off) before the byte, where there is room.
                        if at != usize::MAX {
                            if let Some(slot) = hay.get_mut(at) {
                                *slot = target;
                            }
                            if at > 0 {
                                if let Some(slot) = hay.get_mut(at - 1) {
                                    *slot = target ^ 1;
                                }
                            }
                        }
                        let loop_find = |is: &dyn Fn(u8) -> bool| hay.iter().position(|&b| is(b));
                        assert_eq!(
                            find_text_end(&hay),
                            loop_find(&|b| b == b'<' || b == b'&'),
                            "{hay:?}"
                        );
                        assert_eq!(
                            find_tag_mark(&hay),
                            loop_find(&|b| matches!(b, b'>' | b'"' | b'\'')),
                            "{hay:?}"
                        );
                        assert_eq!(find_quote(&hay, b'"'), loop_find(&|b| b == b'"'), "{hay:?}");
                        assert_eq!(
                            find_name_end(&hay).map(|(i, _)| i),
                            loop_find(&|b| matches!(b, b'>' | b'"' | b'\'') || b < b'!'),
                            "{hay:?}"
                        );
                    }
                }
            }
        }
    }

    /// The last `:` of a name a word at a time against `rposition`: every length 0..40,
    /// none, one or two colons anywhere, among near misses (`;`, `9`, `\xba`) and zeros.
    #[test]
    fn last_colon_is_rposition() {
        for len in 0..40_usize {
            for fill in [b'a', b';', b'9', 0xba, 0, 0xff] {
                for first in (0..len).chain([usize::MAX]) {
                    for second in (0..len).chain([usize::MAX]) {
                        let mut name = vec![fill; len];
                        for at in [first, second] {
                            if let Some(slot) = name.get_mut(at) {
                                *slot = b':';
                            }
                        }
                        assert_eq!(
                            last_colon(&name),
                            name.iter().rposition(|&b| b == b':'),
                            "{name:?}"
                        );
                    }
                }
            }
        }
    }

    /// Text, names and attribute values of every length 0..80 (across the word and `memchr`
    /// boundaries), plain and with the byte that ends them at each position: the fast path
    /// gives quick-xml's nodes, and reads every well-formed one itself.
    #[test]
    fn every_span_length_agrees() {
        for len in 0..80_usize {
            let text = "t".repeat(len);
            let space = " \n\t".repeat(len).chars().take(len).collect::<String>();
            let name = format!("n{}", "a".repeat(len));
            let value = "v".repeat(len);
            let multi = "\u{e9}".repeat(len);
            for xml in [
                format!("<r>{text}</r>"),
                format!("<r>{space}<{name}/>{space}</r>"),
                format!("<{name}>{text}</{name}>"),
                format!("<{name} x=\"{value}\" y='{value}'>{multi}</{name}>"),
                format!("<{name}\n/><{name}  x='{value}'/>"),
                format!("<r>{multi}<![CDATA[{text}]]>{space}</r>"),
            ] {
                assert!(read_fully(&xml), "declined {xml:?}");
            }
            for at in 0..len {
                for mark in ["<", "&", ">", "\"", "'", " ", "/", "\u{1}"] {
                    let cut = |s: &str| format!("{}{mark}{}", &s[..at], &s[at + 1..]);
                    for xml in [
                        format!("<r>{}</r>", cut(&text)),
                        format!("<{}>t</{name}>", cut(&name)),
                        format!("<{name}>t</{}>", cut(&name)),
                        format!("<{name} x=\"{}\">t</{name}>", cut(&value)),
                        format!("<{name} x='{}'/>", cut(&value)),
                    ] {
                        let _ = agree(xml.as_bytes());
                    }
                }
            }
        }
    }

    /// A name holding a quote or a control byte is quick-xml's to read (this path declines
    /// it), and whatever follows such a name agrees.
    #[test]
    fn names_with_quotes_or_control_bytes_are_declined() {
        for xml in [
            "<a\"b>t</a\"b>",
            "<a'b c='1'>t</a'b>",
            "<a\"x>\"y>t</a\"x>\"y>",
            "<a\"b c\">t</a\"b>",
            "<a\u{1}b>t</a\u{1}b>",
            "<a\u{b}>t</a\u{b}>",
        ] {
            assert!(
                matches!(agree(xml.as_bytes()), Agreement::Declined { .. }),
                "read {xml:?}"
            );
        }
    }

    /// Every way the test kit writes GPX and TCX.
    fn synth_documents() -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let run = synth::generate(&Scenario::run_walk_5_1()).expect("synth run");
        for extensions in [
            synth_gpx::ExtensionStyle::Garmin,
            synth_gpx::ExtensionStyle::Cluetrust,
            synth_gpx::ExtensionStyle::Unprefixed,
            synth_gpx::ExtensionStyle::SportTracks,
        ] {
            for (times, cadence) in [
                (true, Some(synth_gpx::CadenceStyle::GarminStrides)),
                (false, Some(synth_gpx::CadenceStyle::StravaSteps)),
                (true, None),
            ] {
                let opts = synth_gpx::GpxOptions {
                    name: Some("Run/walk 5:1 \u{1f3c3}".to_string()),
                    extensions,
                    times,
                    cadence,
                    segment_per_pause: true,
                    ..synth_gpx::GpxOptions::default()
                };
                out.push(synth_gpx::write(&run, &opts).expect("gpx").into_bytes());
            }
        }
        for cadence in [synth_tcx::TcxCadence::Strides, synth_tcx::TcxCadence::Steps] {
            let opts = synth_tcx::TcxOptions {
                cadence,
                ..synth_tcx::TcxOptions::default()
            };
            out.push(synth_tcx::write(&run, &opts).into_bytes());
        }
        out
    }

    /// A small deterministic generator (xorshift64*) for the cut and edit positions.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let r = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32;
            usize::try_from(r).unwrap_or(0) % n.max(1)
        }
    }

    /// The bytes edited where XML is most fragile and anywhere: each variant one to three
    /// random bytes replaced by markup characters or random bytes.
    const EDIT_BYTES: &[u8] = b"<>/?!-[]=\"'&; \n\xff\xe9a:";

    /// `bytes` cut at `cuts` lengths and edited `edits` times: each variant must agree.
    fn check_variants(bytes: &[u8], cuts: usize, edits: usize, seed: u64) {
        let mut rng = Rng(seed | 1);
        for k in 0..cuts {
            let len = if k % 2 == 0 {
                bytes.len() * k / cuts
            } else {
                rng.below(bytes.len() + 1)
            };
            let _ = agree(bytes.get(..len).unwrap_or(bytes));
        }
        let mut edited = bytes.to_vec();
        for _ in 0..edits {
            edited.copy_from_slice(bytes);
            for _ in 0..=rng.below(3) {
                let at = rng.below(edited.len());
                let b = if rng.below(4) == 0 {
                    u8::try_from(rng.below(256)).unwrap_or(0)
                } else {
                    EDIT_BYTES[rng.below(EDIT_BYTES.len())]
                };
                if let Some(slot) = edited.get_mut(at) {
                    *slot = b;
                }
            }
            let _ = agree(&edited);
        }
    }

    #[test]
    fn synth_files_are_read_by_the_fast_path_cut_and_edited_they_agree() {
        let mut docs = synth_documents();
        // A name with escaped characters: declined (`&`), read through quick-xml alike.
        let run = synth::generate(&Scenario::run_walk_5_1()).expect("synth run");
        let opts = synth_gpx::GpxOptions {
            name: Some("Run & <walk> \"5/1\"".to_string()),
            ..synth_gpx::GpxOptions::default()
        };
        let escaped = synth_gpx::write(&run, &opts).expect("gpx").into_bytes();
        assert!(matches!(agree(&escaped), Agreement::Declined { .. }));
        assert_eq!(
            format!("{:?}", super::super::gpx::read(&escaped)),
            format!("{:?}", super::super::gpx::read_through_pull(&escaped)),
        );
        check_variants(&escaped[..escaped.len().min(40_000)], 100, 100, 7);
        docs.retain(|d| !d.is_empty());
        for (i, doc) in docs.iter().enumerate() {
            assert!(
                matches!(agree(doc), Agreement::Read { nodes } if nodes > 1000),
                "synth document {i} declined"
            );
            // The reader's results through each path are the same.
            if doc.windows(4).any(|w| w == b"<gpx") {
                assert_eq!(
                    format!("{:?}", super::super::gpx::read(doc)),
                    format!("{:?}", super::super::gpx::read_through_pull(doc)),
                );
            } else {
                assert_eq!(
                    format!("{:?}", super::super::tcx::read(doc)),
                    format!("{:?}", super::super::tcx::read_through_pull(doc)),
                );
            }
            let window = doc.get(..doc.len().min(40_000)).unwrap_or(doc);
            check_variants(window, 150, 150, 24 + i as u64);
        }
    }

    /// Every GPX and TCX file of the corpus (gunzipped, transcoded to UTF-8 as
    /// `ingest::read_bytes` does): the fast path agrees with quick-xml, whole, cut and
    /// edited, and reads most files itself; the readers' results are the same both ways.
    #[test]
    fn corpus_xml_agrees() {
        use std::io::Read as _;
        let Some(dir) = crate::corpus::dir() else {
            return;
        };
        let mut files = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                let stem = name.strip_suffix(".gz").unwrap_or(&name);
                if stem.ends_with(".gpx") || stem.ends_with(".tcx") {
                    files.push((path, stem.ends_with(".gpx")));
                }
            }
        }
        files.sort();
        let (mut read, mut declined) = (0, Vec::new());
        for (i, (path, is_gpx)) in files.iter().enumerate() {
            let Ok(raw) = std::fs::read(path) else {
                continue;
            };
            let plain = if raw.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                if flate2::read::MultiGzDecoder::new(raw.as_slice())
                    .read_to_end(&mut out)
                    .is_err()
                {
                    continue;
                }
                out
            } else {
                raw
            };
            let bytes = super::super::encoding::xml_to_utf8(&plain).into_owned();
            match compare_with_pull(&bytes) {
                Ok(Agreement::Read { .. }) => read += 1,
                Ok(Agreement::Declined { .. }) => declined.push(path.display().to_string()),
                Err(e) => panic!("{}: {e}", path.display()),
            }
            if *is_gpx {
                assert_eq!(
                    format!("{:?}", super::super::gpx::read(&bytes)),
                    format!("{:?}", super::super::gpx::read_through_pull(&bytes)),
                    "{}",
                    path.display()
                );
            } else {
                assert_eq!(
                    format!("{:?}", super::super::tcx::read(&bytes)),
                    format!("{:?}", super::super::tcx::read_through_pull(&bytes)),
                    "{}",
                    path.display()
                );
            }
            let window = bytes.get(..bytes.len().min(30_000)).unwrap_or(&bytes);
            check_variants(window, 40, 40, 1000 + i as u64);
        }
        eprintln!(
            "xml_fast corpus: {} files, {read} read by the fast path, declined: {declined:?}",
            files.len()
        );
        assert!(
            files.len() >= 50,
            "only {} GPX/TCX files found",
            files.len()
        );
        assert!(
            read * 10 >= files.len() * 8,
            "only {read} of {} read by the fast path",
            files.len()
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of XML, whole and broken.
        const PIECES: &[&str] = &[
            "<",
            ">",
            "/",
            "?",
            "!",
            "-",
            "[",
            "]",
            "=",
            "\"",
            "'",
            "&",
            ";",
            "a",
            "b",
            ":",
            " ",
            "\n",
            "\t",
            "<a>",
            "</a>",
            "<b>",
            "</b>",
            "<a/>",
            "<b x='1'/>",
            "<a x=\"<>\">",
            "<ns:a>",
            "</ns:a>",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "<?xml version='1.0'?>",
            "<?",
            "?>",
            "&amp;",
            "<!DOCTYPE a>",
            "trkpt",
            "</a >",
            "< a>",
            "\u{e9}",
            "\u{1}",
            "            ",
            "\"v\"",
            "<LatitudeDegrees>",
            "</LatitudeDegrees>",
        ];

        fn document() -> impl Strategy<Value = String> {
            prop::collection::vec(prop::sample::select(PIECES), 0..60)
                .prop_map(|pieces| pieces.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 3000,
                rng_seed: proptest::test_runner::RngSeed::Fixed(24),
                ..ProptestConfig::default()
            })]

            /// Random documents: the fast path gives quick-xml's nodes or declines.
            #[test]
            fn random_documents_agree(doc in document()) {
                if let Err(e) = compare_with_pull(doc.as_bytes()) {
                    prop_assert!(false, "{} in {:?}", e, doc);
                }
            }

            /// Random well-formed documents (nested elements, attributes, comments,
            /// CDATA, text): read by the fast path itself, as quick-xml reads them.
            #[test]
            fn well_formed_documents_are_read(
                items in prop::collection::vec((0_u8..7, "[a-c]{1,3}", "[ a-z0-9.>/'-]{0,8}"), 0..40),
            ) {
                let mut doc = String::from("<?xml version=\"1.0\"?>\n<root>");
                let mut open: Vec<String> = Vec::new();
                for (kind, name, text) in items {
                    match kind {
                        0 => {
                            doc.push_str(&format!("<p:{name} v=\"{}\">", text.replace('"', "")));
                            open.push(format!("p:{name}"));
                        }
                        1 => if let Some(n) = open.pop() {
                            doc.push_str(&format!("</{n}>"));
                        },
                        2 => doc.push_str(&format!("<{name} a='{}'/>", text.replace('\'', ""))),
                        3 => doc.push_str(&format!("<!--{}-->", text.replace('-', ""))),
                        4 => doc.push_str(&format!("<![CDATA[{text}]]>")),
                        _ => doc.push_str(&text.replace(['<', '&'], "")),
                    }
                }
                while let Some(n) = open.pop() {
                    doc.push_str(&format!("</{n}>"));
                }
                doc.push_str("</root>\n");
                let got = compare_with_pull(doc.as_bytes());
                prop_assert!(
                    matches!(got, Ok(Agreement::Read { .. })),
                    "{:?} for {:?}", got, doc
                );
            }
        }
    }
}
