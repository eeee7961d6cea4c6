//! What a finding says, free of display units: its [`Evidence`] (the numbers that fired
//! it, by name, lengths in metres) and its [`Message`] (plain words with every length,
//! distance and pace left as a [`Quantity`] in SI). The coach builds both; renderers word
//! them in the runner's units (`report::words::message`, `report::words::evidence`), so
//! `--units` never reaches the coach.

use crate::units::Quantity;
use std::collections::BTreeMap;
use std::fmt;

/// One figure of a finding's evidence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// A number without a length unit (a percentage, a count, steps/min, seconds); its
    /// name is final.
    Number(f64),
    /// A short length, metres (a climb, a descent); named with `_m` or `_ft` by the renderer.
    Height(f64),
    /// A long distance, metres (a week's running); named with `_km` or `_mi` by the renderer.
    Distance(f64),
}

impl Figure {
    /// Its value in SI (metres for lengths).
    #[must_use]
    pub(crate) fn si(&self) -> f64 {
        match *self {
            Self::Number(v) | Self::Height(v) | Self::Distance(v) => v,
        }
    }

    fn si_ref(&self) -> &f64 {
        match self {
            Self::Number(v) | Self::Height(v) | Self::Distance(v) => v,
        }
    }
}

/// The numbers that fired a finding, by name (sorted, so output is stable), unrounded (the
/// JSON wire form rounds them to 2 decimals). A length is stored under its name without a
/// unit (`gain`), its figure in metres; a renderer adds the unit to the name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence(BTreeMap<String, Figure>);

impl Evidence {
    /// No figures yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a number under its final name.
    pub fn number(&mut self, name: impl Into<String>, v: f64) {
        self.0.insert(name.into(), Figure::Number(v));
    }

    /// Adds a short length in metres under a name without its unit.
    pub fn height(&mut self, name: &str, meters: f64) {
        self.0.insert(name.to_string(), Figure::Height(meters));
    }

    /// Adds a long distance in metres under a name without its unit.
    pub fn distance(&mut self, name: &str, meters: f64) {
        self.0.insert(name.to_string(), Figure::Distance(meters));
    }

    /// The figures by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Figure)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Every value, in SI.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.0.values().map(Figure::si)
    }

    /// Whether a figure has this name (a length's name is without its unit).
    #[must_use]
    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The figure of this name, in SI.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.get(name).map(Figure::si)
    }
}

/// `evidence["cut_pct"]`: the figure of this name in SI; panics when there is none, like a
/// map's index.
impl std::ops::Index<&str> for Evidence {
    type Output = f64;
    fn index(&self, name: &str) -> &f64 {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("no evidence named {name}"))
            .si_ref()
    }
}

/// A piece of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// Words, final.
    Text(String),
    /// A quantity, worded by the renderer in the runner's units.
    Quantity(Quantity),
}

/// What a finding (or a note) says, in plain words, with its quantities left in SI.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message(Vec<Piece>);

impl Message {
    /// An empty message.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends words.
    #[must_use]
    pub fn text(mut self, s: impl Into<String>) -> Self {
        self.0.push(Piece::Text(s.into()));
        self
    }

    /// Appends a quantity.
    #[must_use]
    pub fn quantity(mut self, q: Quantity) -> Self {
        self.0.push(Piece::Quantity(q));
        self
    }

    /// Its pieces, in order.
    #[must_use]
    pub fn pieces(&self) -> &[Piece] {
        &self.0
    }
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Self(vec![Piece::Text(s)])
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Self(vec![Piece::Text(s.to_string())])
    }
}

/// In SI (metres, kilometres, pace per km), as logs and tests read it; a renderer words it
/// in the runner's units instead.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            match p {
                Piece::Text(s) => f.write_str(s)?,
                Piece::Quantity(q) => write!(f, "{q}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_in_si_and_keeps_its_quantities() {
        let m = Message::from("climbed ")
            .quantity(Quantity::Height(90.4))
            .text(" over ")
            .quantity(Quantity::Distance {
                meters: 12_345.0,
                decimals: 1,
            });
        assert_eq!(m.to_string(), "climbed 90 m over 12.3 km");
        assert_eq!(m.pieces().len(), 4);
    }

    #[test]
    fn evidence_keeps_lengths_in_metres_under_names_without_a_unit() {
        let mut e = Evidence::new();
        e.number("cut_pct", 25.0);
        e.height("gain", 90.0);
        e.distance("week_before", 30_000.0);
        assert_eq!(e["cut_pct"], 25.0);
        assert_eq!(e.get("gain"), Some(90.0));
        assert!(!e.contains_key("gain_m"));
        let names: Vec<&str> = e.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["cut_pct", "gain", "week_before"]);
    }
}
