//! Text that comes from files (activity names, device strings) is untrusted: control
//! characters are removed before it reaches a terminal, so a file cannot move the cursor,
//! change colours or clear the screen (fd's `sanitize` does the same).

/// Replace control characters (C0, DEL, C1) with `�`-free spaces; keep everything else.
#[must_use]
pub fn terminal(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_sequences_are_defused() {
        assert_eq!(super::terminal("Run\x1b[2J\u{9b}31m\n"), "Run [2J 31m ");
        assert_eq!(super::terminal("Lauf über Hügel"), "Lauf über Hügel");
    }
}
