//! Reviewing a whole folder or export: discovery, parallel review, trends, baseline.

pub mod row;
