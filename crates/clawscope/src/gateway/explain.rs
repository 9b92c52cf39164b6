//! Why a gateway is owned or foreign: the ownership decision next to the evidence, and the owner record as a fact.

use camino::Utf8Path;
use clawscope_core::gateway::decide::OwnershipDecision;
use clawscope_core::gateway::install::{Fact, FactKind, FactSource, GatewayEvidence};
use clawscope_core::gateway::owner::OwnerReadOutcome;
use serde::Serialize;

/// The answer of `Gateway::explain`: what ClawPanel's rules decide, and what the machine shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayExplanation {
    /// The ownership decision (read-only: nothing was written to get it).
    pub decision: OwnershipDecision,
    /// The evidence about the process on the port and the install it serves.
    pub evidence: GatewayEvidence,
}

/// The owner record as one evidence fact (`value` says who claimed which dir and port; never secrets: the record
/// holds none).
pub(crate) fn owner_fact(outcome: &OwnerReadOutcome, path: &Utf8Path) -> Fact {
    let value = match outcome {
        OwnerReadOutcome::Missing => "no owner record".to_owned(),
        OwnerReadOutcome::Valid { record } => format!(
            "claimed by {} for {} on port {}{}",
            record.started_by.as_deref().unwrap_or("an unknown writer"),
            record.openclaw_dir.as_deref().unwrap_or("an unknown dir"),
            record.port.map_or_else(|| "?".to_owned(), |p| p.to_string()),
            record.pid.map(|p| format!(", pid {p}")).unwrap_or_default()
        ),
        OwnerReadOutcome::Corrupt { reason, .. } => format!("corrupt owner record: {reason}"),
    };
    Fact {
        kind: FactKind::OwnerRecord,
        source: FactSource::OwnerFile,
        value,
        path: Some(path.to_path_buf()),
    }
}
