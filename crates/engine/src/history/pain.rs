//! The optional pain log (`--pain-log FILE`) and the checks that set it against weekly
//! volume: the physio advice listed in [`crate::coach::rules`] turned into findings.
//!
//! * **Format.** CSV with the header `date,pain,note` (case and surrounding spaces
//!   ignored; the `note` column may be left out): `date` is `YYYY-MM-DD`, `pain` a whole
//!   number 0–10, `note` free text, quoted as CSV allows (`"sore, after hills"`, `""` for a
//!   quote inside). A UTF-8 byte-order mark is tolerated; blank lines are skipped. Errors
//!   name the line (of the record's start) and say what is wrong, on one line.
//! * **Days.** Several entries on one date count as the highest pain of that date.
//! * **Sore day and the cut** ([`PainFinding::SoreDayVolume`]): a sore day has pain ≥
//!   [`PainParams::sore_pain`] (default 4, our choice: moderate pain on the 0–10 scale,
//!   above the niggles a runner may train through). The advice is to cut weekly distance by
//!   20–30% for a while rather than stopping or carrying on (physio advice, see
//!   [`crate::coach::rules`]). For each ISO week
//!   with a sore day (its first sore day, its highest pain), the week after the sore day
//!   (the seven UTC days from the sore day on, the sore day included) is compared with the
//!   full week before it (the ISO week before the sore day's week):
//!   `cut = 100 × (1 − after ÷ before)`. Issue 14's case: pain on Monday 2024-05-06 and
//!   that week cut by 54% is a 54% cut, not a comparison of two other weeks. Under 20% is
//!   not cut enough (an increase is a negative cut), 20–30% is within advice, more than 30%
//!   says so, and no running at all is a full stop; a cut made up with cross-training is
//!   the advice followed ([`crate::coach::folder::judge_cut_with_cross`]). Weeks are UTC
//!   ISO weeks from [`crate::history::trends`]. No finding when the week before had no
//!   distance, or when either lies outside the folder's weeks (before the first week or
//!   after the last: the folder cannot say what happened then).
//! * **Lingering pain** ([`PainFinding::LingeringPain`]): pain ≥
//!   [`PainParams::linger_pain`] (default 1) on consecutive calendar days. A day-level log
//!   cannot resolve hours, so `n` consecutive days are taken to span `(n − 1) × 24` h: pain
//!   on day d, d+1 and d+2 has lingered 48 h, and that ([`PainParams::linger_hours`],
//!   default 48) raises "stop and get assessed" (physio advice: stop and get assessed if pain
//!   lingers more than 48 h), severity warning. Two days (24 h) do not. A day missing from
//!   the log or with pain 0 ends the streak. One finding per streak.
//!
//! Findings come out sorted by date, then code.

use crate::coach::folder::{judge_cut_with_cross, PainFinding, TimeSpent, ADVISED_CUT_PCT};
use crate::coach::warning::Advice;
use crate::history::trends::{monday_of, Trends};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

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

/// Thresholds of the pain checks. Every default is documented on its field.
#[derive(Clone, Debug, PartialEq)]
pub struct PainParams {
    /// A sore day has pain at least this, 0–10 (default 4, our choice).
    pub sore_pain: u8,
    /// Pain at least this counts towards lingering pain (default 1: any pain).
    pub linger_pain: u8,
    /// Consecutive days spanning at least this raise the assess warning, h (default 48,
    /// physio advice, see [`crate::coach::rules`]).
    pub linger_hours: f64,
    /// The advised cut of weekly distance, percent (default 20–30, physio advice, see
    /// [`crate::coach::rules`]).
    pub advised_cut_pct: (f64, f64),
}

impl Default for PainParams {
    fn default() -> Self {
        Self {
            sore_pain: 4,
            linger_pain: 1,
            linger_hours: 48.0,
            advised_cut_pct: ADVISED_CUT_PCT,
        }
    }
}

/// [`check_with`] with the default [`PainParams`].
#[must_use]
pub fn check(entries: &[PainEntry], trends: &Trends) -> Vec<PainFinding> {
    check_with(entries, trends, &PainParams::default())
}

/// Set the pain log against the folder's weeks (see the module docs).
#[must_use]
pub fn check_with(entries: &[PainEntry], trends: &Trends, p: &PainParams) -> Vec<PainFinding> {
    let mut days: BTreeMap<NaiveDate, u8> = BTreeMap::new();
    for e in entries {
        let d = days.entry(e.date).or_insert(e.pain);
        *d = (*d).max(e.pain);
    }
    let mut out = sore_weeks(&days, trends, p);
    out.extend(lingering(&days, p));
    out.sort_by(|a, b| {
        a.date()
            .cmp(&b.date())
            .then(a.code().as_str().cmp(b.code().as_str()))
    });
    out
}

fn sore_weeks(days: &BTreeMap<NaiveDate, u8>, trends: &Trends, p: &PainParams) -> Vec<PainFinding> {
    let weeks = &trends.weeks;
    // Monday → (first sore day, highest pain).
    let mut sore: BTreeMap<NaiveDate, (NaiveDate, u8)> = BTreeMap::new();
    for (&d, &pain) in days.iter().filter(|(_, &pain)| pain >= p.sore_pain) {
        let s = sore.entry(monday_of(d)).or_insert((d, pain));
        s.1 = s.1.max(pain);
    }
    let find = |m: Option<NaiveDate>| m.and_then(|m| weeks.iter().find(|w| w.monday == m));
    let last_day = weeks
        .last()
        .and_then(|w| w.monday.checked_add_days(Days::new(6)));
    sore.iter()
        .filter_map(|(&monday, &(sore_day, pain))| {
            let before = find(monday.checked_sub_days(Days::new(7)))?;
            let end = sore_day.checked_add_days(Days::new(6))?;
            if last_day.is_none_or(|l| end > l) {
                return None;
            }
            let mut after_m = 0.0;
            let mut after = TimeSpent::default();
            for d in trends
                .days
                .iter()
                .filter(|d| d.date >= sore_day && d.date <= end)
            {
                after_m += d.distance_m;
                after.running_s += d.moving_s;
                after.cross_training_s += d.cross_training_s;
            }
            let spent_before = TimeSpent {
                running_s: before.moving_s,
                cross_training_s: before.cross_training_s,
            };
            let (cut_pct, verdict) = judge_cut_with_cross(
                before.distance_m,
                after_m,
                spent_before,
                after,
                p.advised_cut_pct,
            )?;
            Some(PainFinding::SoreDayVolume {
                sore_day,
                pain,
                week_before: before.label.clone(),
                before_m: before.distance_m,
                week_after: format!("{sore_day} to {end}"),
                after_m,
                cut_pct,
                verdict,
                advised_pct: p.advised_cut_pct,
            })
        })
        .collect()
}

fn lingering(days: &BTreeMap<NaiveDate, u8>, p: &PainParams) -> Vec<PainFinding> {
    let mut out = Vec::new();
    // (first day, last day, days, highest pain) of the current streak.
    let mut streak: Option<(NaiveDate, NaiveDate, usize, u8)> = None;
    let mut close = |s: Option<(NaiveDate, NaiveDate, usize, u8)>| {
        if let Some((first_day, last_day, n, max_pain)) = s {
            let hours = (n - 1) as f64 * 24.0;
            if hours >= p.linger_hours {
                out.push(PainFinding::LingeringPain {
                    first_day,
                    last_day,
                    days: n,
                    hours,
                    max_pain,
                });
            }
        }
    };
    for (&d, &pain) in days.iter().filter(|(_, &pain)| pain >= p.linger_pain) {
        streak = match streak {
            Some((first, last, n, mx)) if last.checked_add_days(Days::new(1)) == Some(d) => {
                Some((first, d, n + 1, mx.max(pain)))
            }
            s => {
                close(s);
                Some((d, d, 1, pain))
            }
        };
    }
    close(streak);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::code::FindingCode;
    use crate::coach::folder::CutVerdict;
    use crate::coach::warning::Severity;
    use crate::history::trends::build;
    use crate::history::trends::tests::{at, run};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn entry(d: NaiveDate, pain: u8) -> PainEntry {
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

    /// Weekly distances (km) on consecutive ISO weeks from Monday 2024-04-01; a zero
    /// distance makes a zero week (the first and last must be non-zero).
    fn weeks(km: &[f64]) -> Trends {
        let rows: Vec<_> = km
            .iter()
            .enumerate()
            .filter(|(_, &k)| k > 0.0)
            .map(|(i, &k)| {
                let d = u32::try_from(i).unwrap() * 7;
                let t = at(2024, 4, 1, 7) + chrono::Duration::days(i64::from(d));
                run(t, k, k * 6.0)
            })
            .collect();
        build(&rows)
    }

    fn sore_on_wed_of_second_week(km: &[f64]) -> Vec<PainFinding> {
        check(&[entry(day(2024, 4, 10), 5)], &weeks(km))
    }

    /// The cut (rounded to 1e-6) and verdict of the only finding.
    fn verdict(f: &[PainFinding]) -> (f64, CutVerdict) {
        match f {
            [PainFinding::SoreDayVolume {
                cut_pct, verdict, ..
            }] => ((cut_pct * 1e6).round() / 1e6, *verdict),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cut_after_a_sore_day_is_judged_against_advice() {
        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 30.0, 30.0]);
        let (cut, v) = verdict(&f);
        assert!((cut - 25.0).abs() < 1e-9);
        assert_eq!(v, CutVerdict::WithinAdvice);
        assert_eq!(f[0].severity(), Severity::Info);
        assert_eq!(f[0].code().as_str(), "sore_day_volume");
        assert_eq!(f[0].evidence()["cut_pct"], 25.0);
        assert_eq!(
            f[0].message().to_string(),
            "Pain 5/10 on 2024-04-10: 40.0 km the week before (2024-W14), 30.0 km the week \
             after (2024-04-10 to 2024-04-16), a 25% cut: within the 20–30% advised."
        );

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 36.0, 30.0]);
        assert_eq!(verdict(&f), (10.0, CutVerdict::NotEnough));
        assert_eq!(f[0].severity(), Severity::Caution);

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 0.0, 30.0]);
        assert_eq!(verdict(&f), (100.0, CutVerdict::Stopped));
        assert!(
            f[0].message().to_string().contains("a full stop"),
            "{}",
            f[0].message().to_string()
        );

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 20.0, 30.0]);
        assert_eq!(verdict(&f), (50.0, CutVerdict::MoreThanAdvised));

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 44.0]);
        assert_eq!(verdict(&f).1, CutVerdict::NotEnough);
        assert!(
            f[0].message().to_string().contains("10% more"),
            "{}",
            f[0].message().to_string()
        );

        // Pain 3 is not a sore day by default, but is with sore_pain = 3.
        let w = weeks(&[40.0, 38.0, 30.0]);
        let e = [entry(day(2024, 4, 10), 3)];
        assert!(check(&e, &w).is_empty());
        let p = PainParams {
            sore_pain: 3,
            ..PainParams::default()
        };
        assert_eq!(check_with(&e, &w, &p).len(), 1);
    }

    #[test]
    fn sore_day_without_both_weeks_gives_nothing() {
        // The week after is beyond the folder's last week.
        assert!(sore_on_wed_of_second_week(&[40.0, 38.0]).is_empty());
        // The week before is before the folder's first week.
        let w = weeks(&[40.0, 38.0, 30.0]);
        assert!(check(&[entry(day(2024, 4, 2), 6)], &w).is_empty());
        assert!(check(&[entry(day(2024, 4, 10), 6)], &build(&[])).is_empty());
        // Two sore days in one week: one finding, the first day and the highest pain.
        let f = check(&[entry(day(2024, 4, 11), 7), entry(day(2024, 4, 9), 4)], &w);
        match f.as_slice() {
            [PainFinding::SoreDayVolume { sore_day, pain, .. }] => {
                assert_eq!((*sore_day, *pain), (day(2024, 4, 9), 7));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn three_consecutive_pain_days_raise_assess_warning() {
        let e: Vec<_> = (1..=3).map(|d| entry(day(2024, 6, d), 2)).collect();
        let f = check(&e, &build(&[]));
        match f.as_slice() {
            [PainFinding::LingeringPain {
                first_day,
                last_day,
                days,
                hours,
                max_pain,
            }] => {
                assert_eq!((*first_day, *last_day), (day(2024, 6, 1), day(2024, 6, 3)));
                assert_eq!((*days, *max_pain), (3, 2));
                assert!((hours - 48.0).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(f[0].severity(), Severity::Warning);
        assert_eq!(f[0].code().as_str(), "lingering_pain");
        assert!(
            f[0].message().to_string().contains("get assessed"),
            "{}",
            f[0].message().to_string()
        );
        // Across a month end, in any order, with duplicates.
        let e = [
            entry(day(2024, 7, 1), 1),
            entry(day(2024, 6, 30), 3),
            entry(day(2024, 6, 29), 1),
            entry(day(2024, 6, 30), 0),
        ];
        assert_eq!(check(&e, &build(&[])).len(), 1);
    }

    #[test]
    fn two_days_or_a_break_do_not() {
        let e = [entry(day(2024, 6, 1), 6), entry(day(2024, 6, 2), 6)];
        assert!(check(&e, &build(&[])).is_empty());
        // Pain 0 in the middle ends the streak.
        let e = [
            entry(day(2024, 6, 1), 2),
            entry(day(2024, 6, 2), 0),
            entry(day(2024, 6, 3), 2),
            entry(day(2024, 6, 4), 2),
        ];
        assert!(check(&e, &build(&[])).is_empty());
        // A day missing from the log ends it too.
        let e = [
            entry(day(2024, 6, 1), 2),
            entry(day(2024, 6, 2), 2),
            entry(day(2024, 6, 4), 2),
        ];
        assert!(check(&e, &build(&[])).is_empty());
        assert!(check(&[], &build(&[])).is_empty());
    }

    #[test]
    fn findings_are_sorted_by_date() {
        let w = weeks(&[40.0, 38.0, 30.0]);
        let mut e: Vec<_> = (1..=3).map(|d| entry(day(2024, 4, d), 1)).collect();
        e.push(entry(day(2024, 4, 10), 5));
        e.reverse();
        let codes: Vec<_> = check(&e, &w).iter().map(PainFinding::code).collect();
        assert_eq!(
            codes,
            [FindingCode::LingeringPain, FindingCode::SoreDayVolume]
        );
    }
}
