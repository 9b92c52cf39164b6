//! The gateway auto-restart policy (`clawpanel-gateway.md` §4) as a state machine. Time is an argument
//! (epoch milliseconds), so every transition is testable.
//!
//! Two presets: [`GuardianPolicy::WEB`] (ClawPanel's JS policy: 3 restarts, 60 s cooldown, 5 min stable window,
//! give-up checked before cooldown) and [`GuardianPolicy::DESKTOP`] (the Tauri guardian: 3 restarts, 60 s
//! cooldown, 120 s stable window, cooldown checked before give-up, never auto-restarts on Windows).
//!
//! ```
//! use clawscope_core::gateway::guardian::{GuardianPolicy, RestartDecision};
//!
//! let p = GuardianPolicy::WEB;
//! assert_eq!(p.evaluate_attempt(120_000, 0, 1), RestartDecision::Restart { auto_restart_count: 2, last_restart_time: 120_000 });
//! assert_eq!(p.evaluate_attempt(59_999, 0, 1), RestartDecision::Cooldown);
//! ```

use serde::{Deserialize, Serialize};

use crate::env::OsFamily;

/// Which check comes first when both the cooldown and the restart limit apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOrder {
    /// Give-up first (ClawPanel Web's policy module).
    GiveUpFirst,
    /// Cooldown first (the Tauri guardian).
    CooldownFirst,
}

/// The auto-restart policy parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardianPolicy {
    /// Auto-restarts allowed before giving up.
    pub max_auto_restart: u32,
    /// Minimum time between two auto-restarts, in ms.
    pub restart_cooldown_ms: i64,
    /// Running this long resets the restart count, in ms (inclusive).
    pub stable_running_ms: i64,
    /// Which check comes first.
    pub order: CheckOrder,
    /// Whether a stop on Windows may be auto-restarted (the desktop guardian treats it as a user stop).
    pub restart_on_windows: bool,
}

/// What [`GuardianPolicy::evaluate_attempt`] says about a restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum RestartDecision {
    /// The restart limit was reached: stop guarding.
    GiveUp,
    /// Too soon after the last restart: skip this one (it is dropped, not deferred).
    Cooldown,
    /// Restart now, with the new counters.
    Restart {
        /// The new restart count.
        auto_restart_count: u32,
        /// The new last-restart time (ms).
        last_restart_time: i64,
    },
}

impl GuardianPolicy {
    /// ClawPanel Web's policy (`src/lib/gateway-guardian-policy.js`).
    pub const WEB: GuardianPolicy = GuardianPolicy {
        max_auto_restart: 3,
        restart_cooldown_ms: 60_000,
        stable_running_ms: 300_000,
        order: CheckOrder::GiveUpFirst,
        restart_on_windows: true,
    };

    /// The Tauri desktop guardian (`service.rs`).
    pub const DESKTOP: GuardianPolicy = GuardianPolicy {
        max_auto_restart: 3,
        restart_cooldown_ms: 60_000,
        stable_running_ms: 120_000,
        order: CheckOrder::CooldownFirst,
        restart_on_windows: false,
    };

    /// Whether a gateway running since `running_since` (0 = unknown) has been stable long enough at `now` to reset
    /// a non-zero restart count.
    pub fn should_reset_count(&self, auto_restart_count: u32, running_since: i64, now: i64) -> bool {
        auto_restart_count > 0
            && running_since != 0
            && now.saturating_sub(running_since) >= self.stable_running_ms
    }

    /// Whether to restart a gateway that just stopped, given the last restart time and count.
    pub fn evaluate_attempt(
        &self,
        now: i64,
        last_restart_time: i64,
        auto_restart_count: u32,
    ) -> RestartDecision {
        let give_up = auto_restart_count >= self.max_auto_restart;
        let cooling = now.saturating_sub(last_restart_time) < self.restart_cooldown_ms;
        match self.order {
            CheckOrder::GiveUpFirst if give_up => RestartDecision::GiveUp,
            CheckOrder::GiveUpFirst | CheckOrder::CooldownFirst if cooling => RestartDecision::Cooldown,
            CheckOrder::CooldownFirst if give_up => RestartDecision::GiveUp,
            _ => RestartDecision::Restart {
                auto_restart_count: auto_restart_count.saturating_add(1),
                last_restart_time: now,
            },
        }
    }
}

/// The guardian's memory between ticks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardianState {
    /// The running state seen at the previous tick (`None` before the first).
    pub last_seen_running: Option<bool>,
    /// When the current run started (ms), if running.
    pub running_since: Option<i64>,
    /// Auto-restarts since the last reset.
    pub auto_restart_count: u32,
    /// When the last auto-restart happened (ms).
    pub last_restart_time: Option<i64>,
    /// The user stopped the gateway: do not restart it.
    pub manual_hold: bool,
    /// Why guarding is paused (pauses do not nest, as in ClawPanel).
    pub pause_reason: Option<String>,
    /// The restart limit was reached.
    pub give_up: bool,
}

/// What a tick asks the caller to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardianAction {
    /// Nothing.
    None,
    /// Start the gateway.
    Restart,
    /// Stop guarding and tell the user (emitted once, on the tick that gives up).
    GiveUp,
}

/// The guardian state machine: a policy plus its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Guardian {
    /// The policy.
    pub policy: GuardianPolicy,
    /// The state.
    pub state: GuardianState,
}

impl Guardian {
    /// A fresh guardian.
    pub fn new(policy: GuardianPolicy) -> Self {
        Guardian {
            policy,
            state: GuardianState::default(),
        }
    }

    /// One observation at `now`: whether the gateway runs and whether it is ready to be managed (CLI installed and
    /// config present), on `os`. Only a transition from running to stopped can cause a restart.
    ///
    /// ```
    /// use clawscope_core::env::OsFamily;
    /// use clawscope_core::gateway::guardian::{Guardian, GuardianAction, GuardianPolicy};
    ///
    /// let mut g = Guardian::new(GuardianPolicy::DESKTOP);
    /// assert_eq!(g.tick(0, true, true, OsFamily::Linux), GuardianAction::None);
    /// assert_eq!(g.tick(100_000, false, true, OsFamily::Linux), GuardianAction::Restart);
    /// assert_eq!(g.state.auto_restart_count, 1);
    /// ```
    pub fn tick(&mut self, now: i64, running: bool, ready: bool, os: OsFamily) -> GuardianAction {
        let s = &mut self.state;
        let previous = s.last_seen_running.replace(running);
        if previous.is_none() || !ready {
            s.running_since = if running {
                s.running_since.or(Some(now))
            } else {
                None
            };
            return GuardianAction::None;
        }
        if s.pause_reason.is_some() {
            if !running {
                s.running_since = None;
            }
            return GuardianAction::None;
        }
        if running {
            if previous == Some(false) {
                if s.manual_hold || s.give_up {
                    s.manual_hold = false;
                    s.give_up = false;
                    s.auto_restart_count = 0;
                    s.last_restart_time = None;
                }
                s.running_since = Some(now);
            }
            let since = s.running_since.unwrap_or(now);
            if self.policy.should_reset_count(s.auto_restart_count, since, now) {
                s.auto_restart_count = 0;
                s.last_restart_time = None;
            }
            return GuardianAction::None;
        }
        s.running_since = None;
        if previous != Some(true) || s.manual_hold || s.give_up {
            return GuardianAction::None;
        }
        if os == OsFamily::Windows && !self.policy.restart_on_windows {
            s.manual_hold = true;
            s.auto_restart_count = 0;
            s.last_restart_time = None;
            return GuardianAction::None;
        }
        match self.policy.evaluate_attempt(
            now,
            s.last_restart_time.unwrap_or(i64::MIN / 2),
            s.auto_restart_count,
        ) {
            RestartDecision::GiveUp => {
                s.give_up = true;
                GuardianAction::GiveUp
            }
            RestartDecision::Cooldown => GuardianAction::None,
            RestartDecision::Restart {
                auto_restart_count,
                last_restart_time,
            } => {
                s.auto_restart_count = auto_restart_count;
                s.last_restart_time = Some(last_restart_time);
                GuardianAction::Restart
            }
        }
    }

    /// The user stopped the gateway: hold, clear give-up and the counters.
    pub fn mark_manual_stop(&mut self) {
        let s = &mut self.state;
        s.manual_hold = true;
        s.give_up = false;
        s.auto_restart_count = 0;
        s.last_restart_time = None;
        s.running_since = None;
    }

    /// The user started the gateway: like a manual stop, but without the hold.
    pub fn mark_manual_start(&mut self) {
        self.mark_manual_stop();
        self.state.manual_hold = false;
    }

    /// Pauses guarding (an upgrade, an uninstall, …) and clears give-up.
    pub fn pause(&mut self, reason: impl Into<String>) {
        self.state.pause_reason = Some(reason.into());
        self.state.give_up = false;
    }

    /// Resumes guarding (any resume ends any pause).
    pub fn resume(&mut self) {
        self.state.pause_reason = None;
        self.state.running_since = None;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const STABLE: i64 = GuardianPolicy::WEB.stable_running_ms;

    // The five cases of ClawPanel's tests/gateway-guardian-policy.test.js (clawpanel-gateway.md §5).
    #[test]
    fn js_short_recovery_does_not_reset() {
        assert!(!GuardianPolicy::WEB.should_reset_count(2, 10_000, 10_000 + STABLE - 1));
    }

    #[test]
    fn js_stable_run_resets_inclusive() {
        assert!(GuardianPolicy::WEB.should_reset_count(2, 10_000, 10_000 + STABLE));
    }

    #[test]
    fn js_limit_gives_up() {
        assert_eq!(
            GuardianPolicy::WEB.evaluate_attempt(90_000, 0, 3),
            RestartDecision::GiveUp
        );
    }

    #[test]
    fn js_cooldown() {
        assert_eq!(
            GuardianPolicy::WEB.evaluate_attempt(59_999, 0, 1),
            RestartDecision::Cooldown
        );
    }

    #[test]
    fn js_restart_counts() {
        let d = GuardianPolicy::WEB.evaluate_attempt(120_000, 0, 1);
        assert_eq!(
            d,
            RestartDecision::Restart {
                auto_restart_count: 2,
                last_restart_time: 120_000
            }
        );
        let v = serde_json::to_value(d).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"action":"restart","autoRestartCount":2,"lastRestartTime":120_000})
        );
    }

    #[test]
    fn check_order_differs_between_presets() {
        assert_eq!(
            GuardianPolicy::WEB.evaluate_attempt(10, 0, 3),
            RestartDecision::GiveUp
        );
        assert_eq!(
            GuardianPolicy::DESKTOP.evaluate_attempt(10, 0, 3),
            RestartDecision::Cooldown
        );
        assert_eq!(
            GuardianPolicy::DESKTOP.evaluate_attempt(60_000, 0, 3),
            RestartDecision::GiveUp
        );
        assert!(!GuardianPolicy::WEB.should_reset_count(0, 1, i64::MAX));
        assert!(!GuardianPolicy::WEB.should_reset_count(1, 0, i64::MAX));
    }

    #[test]
    fn desktop_machine_restarts_then_gives_up() {
        let mut g = Guardian::new(GuardianPolicy::DESKTOP);
        let os = OsFamily::Linux;
        let mut t = 0;
        assert_eq!(g.tick(t, true, true, os), GuardianAction::None);
        let mut actions = Vec::new();
        for _ in 0..3 {
            t += 61_000;
            actions.push(g.tick(t, false, true, os));
            t += 1_000;
            g.tick(t, true, true, os);
        }
        assert_eq!(actions, [GuardianAction::Restart; 3]);
        t += 61_000;
        assert_eq!(g.tick(t, false, true, os), GuardianAction::GiveUp);
        assert!(g.state.give_up);
        // Still stopped while given up: nothing more; coming back up clears give-up.
        t += 61_000;
        assert_eq!(g.tick(t, false, true, os), GuardianAction::None);
        g.tick(t + 1, true, true, os);
        assert!(!g.state.give_up && g.state.auto_restart_count == 0);
    }

    #[test]
    fn cooldown_drops_the_restart() {
        let mut g = Guardian::new(GuardianPolicy::DESKTOP);
        g.tick(0, true, true, OsFamily::Linux);
        assert_eq!(
            g.tick(70_000, false, true, OsFamily::Linux),
            GuardianAction::Restart
        );
        g.tick(71_000, true, true, OsFamily::Linux);
        assert_eq!(g.tick(80_000, false, true, OsFamily::Linux), GuardianAction::None);
        assert_eq!(
            g.tick(200_000, false, true, OsFamily::Linux),
            GuardianAction::None,
            "no transition"
        );
    }

    #[test]
    fn stable_window_resets_count() {
        let mut g = Guardian::new(GuardianPolicy::DESKTOP);
        g.tick(0, true, true, OsFamily::Linux);
        g.tick(70_000, false, true, OsFamily::Linux);
        g.tick(71_000, true, true, OsFamily::Linux);
        assert_eq!(g.state.auto_restart_count, 1);
        g.tick(71_000 + 119_999, true, true, OsFamily::Linux);
        assert_eq!(g.state.auto_restart_count, 1);
        g.tick(71_000 + 120_000, true, true, OsFamily::Linux);
        assert_eq!(g.state.auto_restart_count, 0);
    }

    #[test]
    fn windows_desktop_holds_instead_of_restarting() {
        let mut g = Guardian::new(GuardianPolicy::DESKTOP);
        g.tick(0, true, true, OsFamily::Windows);
        assert_eq!(
            g.tick(100_000, false, true, OsFamily::Windows),
            GuardianAction::None
        );
        assert!(g.state.manual_hold);
        let mut web = Guardian::new(GuardianPolicy::WEB);
        web.tick(0, true, true, OsFamily::Windows);
        assert_eq!(
            web.tick(100_000, false, true, OsFamily::Windows),
            GuardianAction::Restart
        );
    }

    #[test]
    fn pause_manual_stop_and_not_ready() {
        let mut g = Guardian::new(GuardianPolicy::WEB);
        g.tick(0, true, true, OsFamily::Linux);
        g.pause("upgrade");
        assert_eq!(
            g.tick(100_000, false, true, OsFamily::Linux),
            GuardianAction::None
        );
        g.resume();
        g.tick(110_000, true, true, OsFamily::Linux);
        g.mark_manual_stop();
        assert_eq!(
            g.tick(200_000, false, true, OsFamily::Linux),
            GuardianAction::None
        );
        g.tick(210_000, true, true, OsFamily::Linux);
        assert!(!g.state.manual_hold, "a start after a hold clears it");
        assert_eq!(
            g.tick(300_000, false, false, OsFamily::Linux),
            GuardianAction::None,
            "not ready"
        );
    }
}
