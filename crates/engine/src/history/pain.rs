//! The optional pain log (`--pain-log FILE`), read and checked for form.
//!
//! * **Format.** CSV with the header `date,pain,note` (case and surrounding spaces
//!   ignored; the `note` column may be left out): `date` is `YYYY-MM-DD`, `pain` a whole
//!   number 0–10, `note` free text, quoted as CSV allows (`"sore, after hills"`, `""` for a
//!   quote inside). A UTF-8 byte-order mark is tolerated; blank lines are skipped. Errors
//!   name the line (of the record's start) and say what is wrong, on one line.
//! * **Days.** Several entries on one date count as the highest pain of that date.
//!
//! The checks that set the log against the weeks (a sore day's cut, lingering pain) are
//! the coach's (`crate::coach::pain`).

use chrono::NaiveDate;

/// One line of the pain log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PainEntry {
    /// The day.
    pub date: NaiveDate,
    /// Pain, 0–10.
    pub pain: u8,
    /// Free text (may be empty).
    pub note: String,
    /// Line of the file where the entry starts (1 = the header).
    pub line: u64,
}

/// Why a pain log could not be read; every message names the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PainError {
    /// No header at all.
    #[error("line 1: the pain log is empty; it needs the header date,pain,note")]
    Empty,
    /// The first line is not the header.
    #[error("line {line}: the header must be date,pain,note, not {found:?}")]
    Header {
        /// Line number.
        line: u64,
        /// What was there.
        found: String,
    },
    /// Too many or too few fields.
    #[error(
        "line {line}: expected 3 fields (date,pain,note), found {found}; \
         quote notes that contain commas"
    )]
    Fields {
        /// Line number.
        line: u64,
        /// Fields found.
        found: usize,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("line {line}: date must be YYYY-MM-DD, not {found:?}")]
    Date {
        /// Line number.
        line: u64,
        /// What was there.
        found: String,
    },
    /// A whole number outside 0–10, or an empty pain field.
    #[error("line {line}: pain must be 0-10, not {found:?}")]
    PainRange {
        /// Line number.
        line: u64,
        /// What was there.
        found: String,
    },
    /// A pain that is not a whole number.
    #[error("line {line}: pain must be a whole number 0-10, not {found:?}")]
    PainNotWhole {
        /// Line number.
        line: u64,
        /// What was there.
        found: String,
    },
    /// A quote that is never closed, or not before a line that starts a new entry: the
    /// CSV reader would take every later line as part of one note and drop them silently.
    #[error(
        "line {line}: the note's quote opened on this line is {}; close it with \"",
        match .entry_line {
            Some(l) => format!("still open at line {l}, which starts a new entry"),
            None => "never closed".to_string(),
        }
    )]
    Unclosed {
        /// Line of the opening quote.
        line: u64,
        /// A later line that starts with a date and a comma while the quote is open.
        entry_line: Option<u64>,
    },
    /// The CSV reader failed.
    #[error("line {line}: {message}")]
    Csv {
        /// Line number.
        line: u64,
        /// The reader's message.
        message: String,
    },
}

impl PainError {
    /// Line of the file the error is about.
    #[must_use]
    pub fn line(&self) -> u64 {
        match self {
            Self::Empty => 1,
            Self::Header { line, .. }
            | Self::Fields { line, .. }
            | Self::Date { line, .. }
            | Self::PainRange { line, .. }
            | Self::PainNotWhole { line, .. }
            | Self::Unclosed { line, .. }
            | Self::Csv { line, .. } => *line,
        }
    }
}

/// A field from the file as shown in an error: at most 40 characters.
fn shown(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() > MAX {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

fn parse_date(s: &str, line: u64) -> Result<NaiveDate, PainError> {
    let ok = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    ok.then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| PainError::Date {
            line,
            found: shown(s),
        })
}

fn parse_pain(s: &str, line: u64) -> Result<u8, PainError> {
    if let Ok(p) = s.parse::<u8>() {
        if p <= 10 {
            return Ok(p);
        }
    }
    let found = shown(s);
    if s.parse::<i64>().is_err() && s.parse::<f64>().is_ok_and(f64::is_finite) {
        Err(PainError::PainNotWhole { line, found })
    } else {
        Err(PainError::PainRange { line, found })
    }
}

/// Where each line of a text starts, so the line of a byte offset is one binary search:
/// parsing stays linear in the size of the log (a lookup that counted line ends from the
/// start of the text each time cost 7.7 s for 32,000 lines). `\r\n`, `\n` and a lone `\r`
/// each end a line.
struct LineIndex<'a> {
    text: &'a [u8],
    /// Byte offset of the first byte after each line end, in order.
    ends: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let ends = b
            .iter()
            .enumerate()
            .filter(|&(k, &c)| c == b'\n' || (c == b'\r' && b.get(k + 1) != Some(&b'\n')))
            .map(|(k, _)| k + 1)
            .collect();
        Self { text: b, ends }
    }

    /// Line (1-based) of the record starting at byte `pos`. The CSV reader's own line count
    /// points at the blank lines it skips before a record, so blank lines are skipped here
    /// first.
    fn line_at(&self, pos: Option<&csv::Position>) -> u64 {
        let b = self.text;
        let mut i = pos
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .min(b.len());
        while b.get(i).is_some_and(|&c| c == b'\n' || c == b'\r') {
            i += 1;
        }
        // Line ends strictly before `i`: those whose following byte is at or before `i`.
        let before = self.ends.partition_point(|&e| e <= i);
        u64::try_from(before).map_or(u64::MAX, |n| n + 1)
    }
}

/// Parse a pain log (see the module docs for the format). Entries come in file order.
///
/// # Errors
/// The first problem found, naming its line.
pub fn parse(text: &str) -> Result<Vec<PainEntry>, PainError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_quotes(text)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut header = false;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| PainError::Csv {
            line: lines.line_at(e.position()),
            message: e.to_string(),
        })?;
        let line = lines.line_at(rec.position());
        if rec.iter().all(str::is_empty) {
            continue;
        }
        if !header {
            let names: Vec<String> = rec.iter().map(str::to_ascii_lowercase).collect();
            if names != ["date", "pain", "note"] && names != ["date", "pain"] {
                return Err(PainError::Header {
                    line,
                    found: shown(&rec.iter().collect::<Vec<_>>().join(",")),
                });
            }
            header = true;
            continue;
        }
        if !(2..=3).contains(&rec.len()) {
            return Err(PainError::Fields {
                line,
                found: rec.len(),
            });
        }
        out.push(PainEntry {
            date: parse_date(rec.get(0).unwrap_or(""), line)?,
            pain: parse_pain(rec.get(1).unwrap_or(""), line)?,
            note: rec.get(2).unwrap_or("").to_string(),
            line,
        });
    }
    if header {
        Ok(out)
    } else {
        Err(PainError::Empty)
    }
}

/// Refuse a quote the CSV reader would silently run to the end of the file (issue 22: one
/// unclosed quote dropped every later line, and with them the lingering-pain warning).
/// Quoting follows the reader's rules: a quote opens a field only as its first byte, `""`
/// inside is a quote, and a quoted note may span lines, but not into a line that starts
/// like an entry (`YYYY-MM-DD,`): a note does not hold the next day's entry.
fn check_quotes(text: &str) -> Result<(), PainError> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let b = text.as_bytes();
    let mut s = S::Start;
    let mut line: u64 = 1;
    let mut opened: u64 = 1;
    for (i, &c) in b.iter().enumerate() {
        let ends_line = c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n'));
        let breaks = c == b'\n' || c == b'\r';
        s = match (s, c) {
            (S::Start, b'"') => {
                opened = line;
                S::Quoted
            }
            (S::Start | S::Unquoted | S::QuoteInQuoted, b',') => S::Start,
            (S::Start | S::Unquoted | S::QuoteInQuoted, _) if breaks => S::Start,
            (S::Start | S::Unquoted, _) => S::Unquoted,
            (S::Quoted, b'"') => S::QuoteInQuoted,
            (S::QuoteInQuoted, b'"') => S::Quoted,
            (S::QuoteInQuoted, _) => S::Unquoted,
            (S::Quoted, _) => S::Quoted,
        };
        if ends_line {
            line += 1;
            if s == S::Quoted && starts_like_entry(b.get(i + 1..).unwrap_or_default()) {
                return Err(PainError::Unclosed {
                    line: opened,
                    entry_line: Some(line),
                });
            }
        }
    }
    if s == S::Quoted {
        return Err(PainError::Unclosed {
            line: opened,
            entry_line: None,
        });
    }
    Ok(())
}

/// True when `rest` starts like a pain-log entry: `YYYY-MM-DD`, optional spaces, a comma.
fn starts_like_entry(rest: &[u8]) -> bool {
    let date = rest.get(..10).is_some_and(|d| {
        d.iter().enumerate().all(|(i, &c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
    });
    date && rest
        .get(10..)
        .unwrap_or_default()
        .iter()
        .find(|&&c| c != b' ' && c != b'\t')
        == Some(&b',')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) fn entry(d: NaiveDate, pain: u8) -> PainEntry {
        PainEntry {
            date: d,
            pain,
            note: String::new(),
            line: 0,
        }
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn parses_quoted_notes_and_a_bom() {
        let text = "\u{feff}date,pain,note\n\
                    2024-03-04,3,\"sore, after hills\"\n\
                    \n\
                    2024-03-05,0,\"said \"\"fine\"\"\nnext line\"\n\
                    2024-03-07,5\n";
        let e = parse(text).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].date, day(2024, 3, 4));
        assert_eq!(e[0].pain, 3);
        assert_eq!(e[0].note, "sore, after hills");
        assert_eq!(e[0].line, 2);
        assert_eq!(e[1].note, "said \"fine\"\nnext line");
        assert_eq!(e[1].line, 4);
        assert_eq!((e[2].pain, e[2].note.as_str(), e[2].line), (5, "", 6));
        // Header case and spaces, CRLF line ends.
        let e = parse("Date, Pain ,NOTE\r\n2024-03-04,2,ok\r\n").unwrap();
        assert_eq!(e[0].pain, 2);
        assert_eq!(parse("date,pain,note\n").unwrap(), Vec::new());
    }

    #[test]
    fn a_long_log_names_the_right_line_of_a_late_error() {
        // 200,000 lines: the old quadratic line lookup took minutes here; the error on the
        // last line must still name it, after blank lines of every ending.
        let mut text = String::from("date,pain,note\n");
        for i in 0..199_996u32 {
            let d = NaiveDate::from_ymd_opt(2000, 1, 1)
                .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(i % 3000))))
                .expect("date");
            text.push_str(&format!("{d},{},x\n", i % 11));
        }
        text.push_str("\r\n\r");
        text.push_str("2024-01-01,11,too much\n");
        let e = parse(&text).expect_err("pain 11");
        assert_eq!(e.line(), 200_000, "{e}");
        let ok = parse(text.rsplit_once("\r\n\r").expect("split").0).expect("valid");
        assert_eq!(ok.len(), 199_996);
        assert_eq!(ok.last().map(|e| e.line), Some(199_997));
    }

    #[test]
    fn parse_errors_name_the_line() {
        let head = "date,pain,note\n2024-03-01,1,a\n2024-03-02,2,b\n";
        assert_eq!(
            err(&format!("{head}2024-03-03,11,c\n")),
            "line 4: pain must be 0-10, not \"11\""
        );
        assert_eq!(
            err(&format!("{head}2024-03-03,-1,c\n")),
            "line 4: pain must be 0-10, not \"-1\""
        );
        assert_eq!(
            err(&format!("{head}2024-03-03,,c\n")),
            "line 4: pain must be 0-10, not \"\""
        );
        assert_eq!(
            err(&format!("{head}2024-03-03,3.5,c\n")),
            "line 4: pain must be a whole number 0-10, not \"3.5\""
        );
        assert_eq!(
            err(&format!("{head}03/03/2024,3,c\n")),
            "line 4: date must be YYYY-MM-DD, not \"03/03/2024\""
        );
        assert_eq!(
            err(&format!("{head}2024-02-30,3,c\n")),
            "line 4: date must be YYYY-MM-DD, not \"2024-02-30\""
        );
        assert_eq!(
            err(&format!("{head}2024-3-3,3,c\n")),
            "line 4: date must be YYYY-MM-DD, not \"2024-3-3\""
        );
        assert_eq!(
            err(&format!("{head}2024-03-03,3,sore,after hills\n")),
            "line 4: expected 3 fields (date,pain,note), found 4; quote notes that contain commas"
        );
        assert_eq!(
            err("2024-03-03,3,c\n"),
            "line 1: the header must be date,pain,note, not \"2024-03-03,3,c\""
        );
        assert_eq!(
            err(""),
            "line 1: the pain log is empty; it needs the header date,pain,note"
        );
        // An unclosed quote: never closed, or still open where a new entry starts.
        assert_eq!(
            err(&format!("{head}2024-03-03,3,\"sore\n")),
            "line 4: the note's quote opened on this line is never closed; close it with \""
        );
        assert_eq!(
            err(&format!(
                "{head}2024-03-03,3,\"sore, after hills\n2024-03-04,5,x\n2024-03-05,6,\"y\"\n"
            )),
            "line 4: the note's quote opened on this line is still open at line 5, which \
             starts a new entry; close it with \""
        );
        // A quote inside an unquoted note is text, as for the CSV reader.
        assert_eq!(
            parse(&format!("{head}2024-03-03,3,5\" heel\n"))
                .expect("inch mark")
                .len(),
            3
        );
        // A quoted note over two lines: later lines keep their numbers.
        let e = parse("date,pain,note\n2024-03-01,1,\"a\nb\"\n2024-03-02,x,c\n").unwrap_err();
        assert_eq!(e.line(), 4);
    }
}
