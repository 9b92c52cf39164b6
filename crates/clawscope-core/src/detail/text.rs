//! `SessionDetail::render_text`: the page as plain text, in the seed page's exact line forms.

use std::fmt::Write as _;

use super::{SessionDetail, js_number};
use crate::history::collapse_whitespace;

/// The page title.
pub(super) const TITLE: &str = "会话详情";
/// Heading of the chain card.
pub(super) const CHAIN_HEADING: &str = "执行链";
/// The card text when there is no chain evidence (the seed's sentence).
pub(super) const NO_CHAIN: &str =
    "当前还没有接单/派发证据。如果这是子执行会话,待会话 key 或历史记录补齐链路信号后会显示。";
/// Heading of the history table.
pub(super) const HISTORY_HEADING: &str = "最近消息 / 工具事件";
/// Column headers of the history table.
pub(super) const COLUMNS: [&str; 6] = ["时间", "类型", "角色", "工具", "状态", "内容"];
/// The row shown when there is no history.
pub(super) const EMPTY_HISTORY: &str = "尚未激活 / Not activated yet";
/// Footer links.
pub(super) const FOOTER: [&str; 2] = ["返回总览", "会话 JSON 接口"];

fn dash(value: Option<&str>) -> &str {
    value.filter(|v| !v.is_empty()).unwrap_or("-")
}

impl SessionDetail {
    /// The header and card lines (`<key> | state=… | generatedAt=…` … `status model=…`), without the title.
    pub fn header_lines(&self) -> Vec<String> {
        let latest = self.latest.as_ref();
        vec![
            format!(
                "{} | state={} | generatedAt={}",
                self.session_key,
                self.state.as_str(),
                self.generated_at
            ),
            format!(
                "session={} label={} agent={}",
                self.session_key,
                dash(self.label.as_deref()),
                dash(self.agent_id.as_deref())
            ),
            format!(
                "lastMessageAt={} latestEvent={} role={} tool={} latestHistoryAt={}",
                dash(self.last_message_at.as_deref()),
                latest.map_or("-", |l| l.kind.as_str()),
                dash(latest.map(|l| l.role.as_str())),
                dash(latest.and_then(|l| l.tool_name.as_deref())),
                dash(latest.and_then(|l| l.timestamp.as_deref())),
            ),
            format!("historyCount={} historyLimit=readonly-safe", self.history.len()),
            format!(
                "historyError={}",
                self.history_error
                    .as_deref()
                    .map(collapse_whitespace)
                    .filter(|e| !e.is_empty())
                    .as_deref()
                    .unwrap_or("none")
            ),
            format!(
                "status model={} tokensIn={} tokensOut={} cost={} updatedAt={}",
                dash(self.status.model.as_deref()),
                self.status.tokens_in.unwrap_or(0),
                self.status.tokens_out.unwrap_or(0),
                js_number(self.status.cost),
                dash(self.status.updated_at.as_deref()),
            ),
        ]
    }

    /// The lines of the 执行链 card body: the "no evidence" sentence, or the chain.
    pub fn chain_lines(&self) -> Vec<String> {
        let Some(chain) = &self.chain else {
            return vec![NO_CHAIN.to_owned()];
        };
        let stage = match self.chain_stage() {
            "running" => "执行中",
            _ => "已派发",
        };
        let (parent, child) = self.chain_parent_child();
        let at = self.chain_spawned_at();
        let mut lines = vec![
            format!("{stage} · 已接单 · 已派发"),
            format!(
                "source={} inferred={}",
                chain.source(),
                if chain.inferred { "yes" } else { "no" }
            ),
            format!(
                "parent={} child={}",
                dash(parent.as_deref()),
                dash(child.as_deref())
            ),
            format!("acceptedAt={0} spawnedAt={0}", dash(at.as_deref())),
        ];
        if let Some(depth) = chain.spawn_depth {
            lines.push(format!("spawnDepth={depth}"));
        }
        for c in &chain.children {
            lines.push(format!(
                "child {} runId={} spawnedAt={}",
                c.session_key,
                dash(c.run_id.as_deref()),
                dash(c.spawned_at.as_deref())
            ));
        }
        for e in &chain.evidence {
            lines.push(format!(
                "evidence {} parent={} child={} runId={} at={}{}",
                e.kind.as_str(),
                dash(e.parent_session_key.as_deref()),
                dash(e.child_session_key.as_deref()),
                dash(e.run_id.as_deref()),
                dash(e.at.as_deref()),
                if e.inferred { " inferred" } else { "" }
            ));
        }
        lines
    }

    /// The table cells of each row, newest first: time, kind, role, tool, status, content (cut at 700).
    pub fn table_rows(&self) -> Vec<[String; 6]> {
        self.history
            .iter()
            .rev()
            .map(|r| {
                [
                    dash(r.timestamp.as_deref()).to_owned(),
                    r.kind.as_str().to_owned(),
                    dash(Some(&r.role)).to_owned(),
                    dash(r.tool_name.as_deref()).to_owned(),
                    r.tool_status.map_or("-", |s| s.as_str()).to_owned(),
                    r.page_cell(),
                ]
            })
            .collect()
    }

    /// The page as plain text: title, header and card lines, the 执行链 card, the 最近消息 / 工具事件 table (cells
    /// separated by a tab, newest first) and the footer. Ends with a newline.
    ///
    /// ```
    /// use clawscope_core::detail::{DetailInput, SessionDetail, SessionFacts};
    /// let facts = SessionFacts::from_entry_json("agent:a:main", None, &serde_json::json!({"sessionId":"s","updatedAt":0}));
    /// let d = SessionDetail::build(&DetailInput { facts: &facts, lines: &[], history_limit: 50,
    ///     history_error: None, runs: &[], now_ms: 0, include_abandoned: false });
    /// let text = d.render_text();
    /// // updated 0 ms before "now": inside the 45-minute recency window, so running
    /// assert!(text.starts_with("会话详情\n\nagent:a:main | state=running | generatedAt=1970-01-01T00:00:00.000Z\n"));
    /// assert!(text.contains("\n时间\t类型\t角色\t工具\t状态\t内容\n尚未激活 / Not activated yet\n"));
    /// ```
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let mut line = |s: &str| {
            out.push_str(s);
            out.push('\n');
        };
        line(TITLE);
        line("");
        for l in self.header_lines() {
            line(&l);
        }
        line("");
        line(CHAIN_HEADING);
        line("");
        for l in self.chain_lines() {
            line(&l);
        }
        line("");
        line(HISTORY_HEADING);
        line("");
        line(&COLUMNS.join("\t"));
        let rows = self.table_rows();
        if rows.is_empty() {
            line(EMPTY_HISTORY);
        }
        for r in rows {
            line(&r.join("\t"));
        }
        line("");
        let mut footer = String::new();
        let _ = write!(footer, "{} | {}", FOOTER[0], FOOTER[1]);
        line(&footer);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DetailInput, SessionDetail, SessionFacts};
    use serde_json::json;

    #[test]
    fn rows_are_newest_first_with_tabs_and_chain_lines_render() {
        let facts = SessionFacts::from_entry_json(
            "agent:a:subagent:1",
            None,
            &json!({"sessionId":"s","updatedAt":0,"spawnedBy":"agent:a:main","spawnDepth":1}),
        );
        let lines = [
            json!({"type":"message","timestamp":"2026-04-02T00:00:01.000Z","message":{"role":"user","content":"first\n\nline"}}),
            json!({"type":"message","timestamp":"2026-04-02T00:00:02.000Z","message":{"role":"toolResult","toolName":"exec","isError":true,"content":"bad"}}),
        ];
        let d = SessionDetail::build(&DetailInput {
            facts: &facts,
            lines: &lines,
            history_limit: 50,
            history_error: Some("open x:\n denied".into()),
            runs: &[],
            now_ms: 1_776_605_318_791,
            include_abandoned: false,
        });
        let text = d.render_text();
        assert!(text.contains(
            "2026-04-02T00:00:02.000Z\ttool_event\ttoolResult\texec\terror\tbad\n2026-04-02T00:00:01.000Z\tmessage\tuser\t-\t-\tfirst line\n"
        ));
        assert!(text.contains("historyError=open x: denied\n"));
        assert!(text.contains("\n已派发 · 已接单 · 已派发\nsource=store inferred=no\nparent=agent:a:main child=agent:a:subagent:1\n"));
        assert!(text.contains("spawnDepth=1\n"));
        assert!(text.contains("evidence store_spawned_by parent=agent:a:main child=agent:a:subagent:1"));
        assert!(!text.contains("当前还没有接单"));
        assert!(text.ends_with("返回总览 | 会话 JSON 接口\n"));
    }
}
