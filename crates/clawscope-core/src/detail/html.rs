//! `SessionDetail::render_html`: a self-contained, escaped HTML page.

use std::fmt::Write as _;

use super::SessionDetail;
use super::text::{CHAIN_HEADING, COLUMNS, EMPTY_HISTORY, FOOTER, HISTORY_HEADING, TITLE};

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(clawscope_core::detail::escape_html("<a href=\"x\">'&'</a>"),
///            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "&#x{:x};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes like JavaScript's `encodeURIComponent`.
///
/// ```
/// assert_eq!(clawscope_core::detail::encode_uri_component("agent:a b/ü"), "agent%3Aa%20b%2F%C3%BC");
/// ```
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328}\
h1{font-size:22px}h2{font-size:17px;margin-top:24px}\
.meta p{margin:2px 0;font-family:ui-monospace,monospace;font-size:13px}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;font-size:13px}\
td.content{white-space:pre-wrap;word-break:break-word}.badge{padding:1px 6px;border-radius:8px;background:#eef}";

impl SessionDetail {
    /// The page as one HTML document: no scripts, no external resources, every value escaped.
    ///
    /// ```
    /// use clawscope_core::detail::{DetailInput, SessionDetail, SessionFacts};
    /// let facts = SessionFacts::from_entry_json("agent:a:<x>", None, &serde_json::json!({"sessionId":"s","updatedAt":0}));
    /// let d = SessionDetail::build(&DetailInput { facts: &facts, lines: &[], history_limit: 50,
    ///     history_error: None, runs: &[], now_ms: 0, include_abandoned: false });
    /// let html = d.render_html();
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// assert!(html.contains("agent:a:&lt;x&gt;"));
    /// assert!(!html.contains("<x>"));
    /// ```
    pub fn render_html(&self) -> String {
        let mut h = String::new();
        let e = escape_html;
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<div class=\"meta\">\n",
            e(TITLE),
            e(&self.session_key),
            e(TITLE)
        );
        for line in self.header_lines() {
            let _ = writeln!(h, "<p>{}</p>", e(&line));
        }
        let _ = write!(
            h,
            "</div>\n<h2>{}</h2>\n<div class=\"chain\" data-stage=\"{}\">\n",
            e(CHAIN_HEADING),
            e(self.chain_stage())
        );
        for line in self.chain_lines() {
            let _ = writeln!(h, "<p>{}</p>", e(&line));
        }
        let _ = write!(h, "</div>\n<h2>{}</h2>\n<table>\n<thead><tr>", e(HISTORY_HEADING));
        for c in COLUMNS {
            let _ = write!(h, "<th>{}</th>", e(c));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        let rows = self.table_rows();
        if rows.is_empty() {
            let _ = writeln!(h, "<tr><td colspan=\"6\">{}</td></tr>", e(EMPTY_HISTORY));
        }
        for [time, kind, role, tool, status, content] in rows {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td><span class=\"badge {k}\">{k}</span></td><td>{}</td><td>{}</td><td class=\"status-{s}\">{s}</td><td class=\"content\">{}</td></tr>",
                e(&time),
                e(&role),
                e(&tool),
                e(&content),
                k = e(&kind),
                s = e(&status),
            );
        }
        let _ = write!(
            h,
            "</tbody>\n</table>\n<p class=\"footer\"><a href=\"/\">{}</a> | <a href=\"/api/sessions/{}?historyLimit=120\">{}</a></p>\n</body>\n</html>\n",
            e(FOOTER[0]),
            e(&encode_uri_component(&self.session_key)),
            e(FOOTER[1])
        );
        h
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DetailInput, SessionDetail, SessionFacts};
    use serde_json::json;

    #[test]
    fn hostile_content_is_escaped_and_nothing_external_is_loaded() {
        let facts =
            SessionFacts::from_entry_json("agent:a:main", None, &json!({"sessionId":"s","updatedAt":0}));
        let lines = [json!({"type":"message","timestamp":"t","message":{"role":"user",
            "content":"<script>alert(1)</script>\u{1b}[0m & \"q\""}})];
        let d = SessionDetail::build(&DetailInput {
            facts: &facts,
            lines: &lines,
            history_limit: 50,
            history_error: None,
            runs: &[],
            now_ms: 0,
            include_abandoned: false,
        });
        let html = d.render_html();
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&#x1b;[0m &amp; &quot;q&quot;"));
        assert!(!html.contains("src="));
        assert!(!html.contains("http"));
        assert!(html.contains("/api/sessions/agent%3Aa%3Amain?historyLimit=120"));
        assert!(html.contains("当前还没有接单"));
    }
}
