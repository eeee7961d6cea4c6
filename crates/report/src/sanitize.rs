//! Text that comes from files (activity names, device strings, archive member names) is
//! untrusted.
//!
//! * Terminal: control characters are replaced by spaces and bidirectional formatting
//!   characters are removed, so a file cannot move the cursor, change colours, clear the
//!   screen or reorder what is shown (fd's `sanitize` does the same for control
//!   characters; the "Trojan Source" paper, Boucher & Anderson 2021, CVE-2021-42574, lists
//!   the bidi controls that reorder text).
//! * Spreadsheet cells (`runs.csv`): control characters and bidi controls are removed, and a
//!   text cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`
//!   so a spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV
//!   Injection"). Numbers written by stridewise itself are not passed through here, so a
//!   negative number stays a number.

/// True for the Unicode bidirectional formatting characters: the embeddings and overrides
/// U+202A–U+202E, the isolates U+2066–U+2069, and the marks U+200E, U+200F and U+061C.
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Replace control characters (C0, DEL, C1) with spaces and drop bidi controls; keep
/// everything else.
#[must_use]
pub fn terminal(text: &str) -> String {
    text.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A text cell of a spreadsheet file from file-provided text: control and bidi characters
/// removed, and a leading formula character (`=`, `+`, `-`, `@`) neutralised with `'`
/// (tab and carriage return, the other two OWASP lists, are control characters and so
/// already gone).
#[must_use]
pub fn csv_text(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    if clean.starts_with(['=', '+', '-', '@']) || text.starts_with(['\t', '\r']) {
        format!("'{clean}")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_defused() {
        assert_eq!(terminal("Run\x1b[2J\u{9b}31m\n"), "Run [2J 31m ");
        assert_eq!(terminal("Lauf über Hügel"), "Lauf über Hügel");
    }

    #[test]
    fn bidi_controls_never_reach_the_terminal() {
        // "Run" with a right-to-left override would show as "nuR".
        assert_eq!(terminal("\u{202E}nuR\u{202C} done"), "nuR done");
        assert_eq!(terminal("a\u{2066}b\u{2069}c\u{200F}"), "abc");
        // Arabic and Hebrew letters themselves stay.
        assert_eq!(terminal("ركض שלום"), "ركض שלום");
    }

    #[test]
    fn formula_cells_are_neutralised_per_owasp() {
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(csv_text("+1"), "'+1");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\t=1"), "'=1");
        assert_eq!(csv_text("\r=1"), "'=1");
        // A formula hidden behind a removed control character is still caught.
        assert_eq!(csv_text("\x1b=1"), "'=1");
        assert_eq!(csv_text("Easy 10k = fun"), "Easy 10k = fun");
        assert_eq!(csv_text("Run\x1b[31m\u{202E}x"), "Run[31mx");
        assert_eq!(csv_text(""), "");
    }
}
