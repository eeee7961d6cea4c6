//! A fast XML path for the GPX and TCX readers (issue 24): the common, well-formed subset
//! of XML read into the same `xml::Node`s `xml::Pull` gives, **exactly as quick-xml 0.38 reads
//! it**, and "unsupported" for anything else, so the reader starts again on `xml::Pull` and an
//! unusual or damaged file is read, salvaged and reported as before.
//!
//! quick-xml's own handling of each event (the `Event` enum moved out, the `match`, the
//! end-name stack) cost about as much as its tokenizing in a folder review; this path is a
//! few `memchr` searches over a document already checked to be UTF-8.
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
//!   the element open (quick-xml's `check_end_names`).
//!
//! Unsupported (never guessed): a body that is not UTF-8 or starts with a second BOM, `&`
//! in text (entity and character references), `<!DOCTYPE` and any other `<!`, an empty
//! name (`<>`, `< a>`, `</>`), whitespace in an end tag, an end tag that does not match or
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
    #[inline]
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
                let len = match memchr::memchr2(b'<', b'&', rest) {
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
                    let end = element_end(m).ok_or(Unsupported)?;
                    let name = m.get(1..end).ok_or(Unsupported)?;
                    // An open name is never empty and holds no whitespace, so an end tag
                    // equal to it has none either (quick-xml's trimming changes nothing).
                    match self.open.last() {
                        Some(open) if *open == name => {
                            self.open.pop();
                            self.pos = start + 1 + end + 1;
                            return Ok(Some(Node::Close));
                        }
                        _ => return Err(Unsupported),
                    }
                }
                Some(_) => {
                    let end = element_end(m).ok_or(Unsupported)?;
                    let (len, empty) = match m.get(..end) {
                        Some([.., b'/']) => (end - 1, true),
                        Some(_) => (end, false),
                        None => return Err(Unsupported),
                    };
                    let content = self.slice(start + 1, start + 1 + len)?;
                    let name_len = content
                        .bytes()
                        .position(is_whitespace)
                        .unwrap_or(content.len());
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

    #[inline]
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

/// quick-xml's whitespace (`utils::is_whitespace`): what ends a name.
fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// Index in `m` (the bytes after `<`) of the `>` that ends a start or end tag: the first
/// one outside `"` or `'` quotes (quick-xml's `ElementParser`).
fn element_end(m: &[u8]) -> Option<usize> {
    let mut quote = None;
    for i in memchr::memchr3_iter(b'>', b'\'', b'"', m) {
        let b = *m.get(i)?;
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, q) => quote = Some(q),
            (Some(q), b) if q == b => quote = None,
            _ => {}
        }
    }
    None
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
