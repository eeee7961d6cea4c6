//! `report.html`: one self-contained page per run that opens from disk with no network:
//! inline CSS, no scripts, charts by relative link. Every string that comes from a file
//! (activity name, device, notes) is HTML-escaped.

use super::text::{Reviewed, Style};
use crate::coach::warning::{Severity, NOT_MEDICAL_ADVICE};
use std::fmt::Write as _;

/// Escape text for HTML element content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;\
background:#f6f7f9;color:#1d2430}main{max-width:1240px;margin:0 auto;padding:24px}\
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 8px}\
.sub{color:#5b6575;margin:0 0 16px}pre{background:#fff;border:1px solid #dde1e7;\
border-radius:6px;padding:12px;white-space:pre-wrap;font-size:.85rem;line-height:1.45}\
.w{background:#fff;border-left:5px solid #999;border-radius:4px;padding:10px 14px;margin:8px 0}\
.w.warning{border-color:#c0392b}.w.caution{border-color:#d68910}.w.info{border-color:#2e86c1}\
.w b{text-transform:uppercase;font-size:.75rem;letter-spacing:.05em}\
.ev{color:#5b6575;font-size:.85rem;margin-top:4px}\
figure{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:12px 0;padding:8px}\
figure img{width:100%;height:auto;display:block}\
footer{color:#5b6575;font-size:.85rem;margin-top:32px}";

/// One finding as a coloured block: severity, code, advice and (when any) its evidence.
#[must_use]
pub fn warning_div(w: &super::json::Warning) -> String {
    let class = match w.severity {
        Severity::Warning => "warning",
        Severity::Caution => "caution",
        Severity::Info => "info",
    };
    let evidence: Vec<String> = w
        .evidence
        .iter()
        .map(|(k, v)| format!("{}&nbsp;=&nbsp;{}", escape(k), escape(&v.to_string())))
        .collect();
    let evidence = if evidence.is_empty() {
        String::new()
    } else {
        format!("<div class=\"ev\">evidence: {}</div>", evidence.join(", "))
    };
    format!(
        "<div class=\"w {class}\"><b>{class}</b> <code>{}</code><div>{}</div>{evidence}</div>\n",
        w.code,
        escape(&w.message)
    )
}

/// A chart file shown on the page.
pub struct ChartLink<'a> {
    /// File name relative to the page.
    pub file: &'a str,
    /// Caption.
    pub title: &'a str,
}

/// Render the page for one reviewed run.
#[must_use]
pub fn page(item: &Reviewed<'_>, style: Style, charts: &[ChartLink<'_>]) -> String {
    let a = item.activity;
    let r = item.review;
    let mut summary = Vec::new();
    // The terminal summary is the page's summary: one wording for both.
    let plain = Style {
        color: false,
        ..style
    };
    if super::text::write(std::slice::from_ref(item), plain, &mut summary).is_err() {
        summary.clear();
    }
    let summary = String::from_utf8_lossy(&summary);
    let summary = summary
        .lines()
        .filter(|l| {
            *l != NOT_MEDICAL_ADVICE
                && !l.trim_start().starts_with("warning [")
                && !l.trim_start().starts_with("caution [")
                && !l.trim_start().starts_with("note [")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let title = a.name.clone().unwrap_or_else(|| item.path.to_string());
    let when = a
        .start_time
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "planned route".into());
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · stridewise</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>{}</h1>\n<p class=\"sub\">{} · {} · {}</p>\n",
        escape(&title),
        escape(&title),
        escape(a.sport.as_str()),
        escape(&when),
        escape(item.path),
    );
    let _ = write!(
        h,
        "<h2>Summary</h2>\n<pre>{}</pre>\n",
        escape(summary.trim_end())
    );
    h.push_str("<h2>Warnings</h2>\n");
    if r.findings.is_empty() {
        h.push_str("<p>No warnings.</p>\n");
    }
    for f in &r.findings {
        h.push_str(&warning_div(&super::json::Warning::from_advice_in(
            f,
            style.units,
        )));
    }
    if !charts.is_empty() {
        h.push_str("<h2>Charts</h2>\n");
    }
    for c in charts {
        let _ = writeln!(
            h,
            "<figure><img src=\"{}\" alt=\"{}\"></figure>",
            escape(c.file),
            escape(c.title)
        );
    }
    let _ = write!(
        h,
        "<footer>{} Generated by stridewise {}.</footer>\n</main>\n</body>\n</html>\n",
        escape(NOT_MEDICAL_ADVICE),
        env!("CARGO_PKG_VERSION")
    );
    h
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_from_files_is_escaped() {
        assert_eq!(
            escape("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }
}
