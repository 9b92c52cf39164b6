//! Hand-written [`Deserialize`] for [`SessionEntry`], [`SessionOrigin`] and [`DeliveryContext`].
//!
//! The three types keep the fields they do not know in an `extra` map. A derived deserialiser with
//! `#[serde(flatten)]` does that by first buffering the *whole* object into serde's internal `Content` tree and
//! then deserialising every field again from that buffer, which made entry parsing the largest cost of listing
//! sessions. The visitors here read each key once: a known key straight into its typed field, any other key into
//! `extra` as a [`Value`].
//!
//! The behaviour is exactly the derived one (a property test compares both on generated entries):
//! - a known field is read with the same function the derive used — plain serde for strings, booleans, lists and
//!   JSON values, the [`lenient`](super::lenient) helpers for epochs (normalised to milliseconds), counters and
//!   the cost — so values, `null` handling (`null` is absent) and error messages are unchanged;
//! - a known key given twice is the error ``duplicate field `…` `` (the store parser then falls back to its
//!   `Value` path, where the last value wins, as before);
//! - an unknown key goes into `extra`; a repeated unknown key keeps its first position and its last value;
//! - `sessionId` then `updatedAt` are required (``missing field `…` ``), checked after the whole object is read;
//! - the input must be a map, and the "expected" text of type errors is the derived one (`struct SessionEntry`).
//!
//! Each type has one table: field, wire name, and the seed that reads the value. The struct literal the table
//! expands to makes the compiler check that every field of the type is listed exactly once; the wire names are
//! checked against the `Serialize` output by the tests.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::entry::{DeliveryContext, SessionEntry, SessionOrigin};
use super::lenient::{EpochMs, OptEpochMs, OptF64, OptU64};

#[cfg(test)]
mod oracle;

/// One key of an object being read: a field of the type, or a name kept in `extra`.
enum Key<F> {
    Known(F),
    Other(String),
}

/// Reads a key, mapping a wire name to a field with `lookup`; other names are kept (allocated only then).
struct KeySeed<F>(fn(&str) -> Option<F>);

impl<'de, F> DeserializeSeed<'de> for KeySeed<F> {
    type Value = Key<F>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<F>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<F> Visitor<'_> for KeySeed<F> {
    type Value = Key<F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<F>, E> {
        Ok((self.0)(v).map_or_else(|| Key::Other(v.to_owned()), Key::Known))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<F>, E> {
        Ok(match (self.0)(&v) {
            Some(field) => Key::Known(field),
            None => Key::Other(v),
        })
    }
}

/// An optional field after reading: absent (`None`) and `null` (`Some(None)`) are both `None`, as with
/// `#[serde(default)]`. (The outer option records that the key was seen, to report a duplicate, as derived code
/// does.)
#[allow(clippy::option_option)]
fn present<T>(read: Option<Option<T>>) -> Option<T> {
    read.flatten()
}

/// Implements `Deserialize` for a struct with an `extra: Map<String, Value>` field from its table:
/// `field = "wireName" => seed,` where the seed is `PhantomData` (plain serde) or a `lenient` seed.
macro_rules! deserialize_with_extra {
    (
        $ty:ident, $expecting:literal,
        $(required { $($req:ident = $req_wire:literal => $req_seed:expr,)* })?
        optional { $($opt:ident = $opt_wire:literal => $opt_seed:expr,)* }
    ) => {
        impl $ty {
            /// The wire names of the typed fields, in declaration order.
            #[cfg(test)]
            const WIRE_NAMES: &'static [&'static str] = &[$($($req_wire,)*)? $($opt_wire,)*];
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Field {
                    $($($req,)*)?
                    $($opt,)*
                }

                fn lookup(name: &str) -> Option<Field> {
                    match name {
                        $($($req_wire => Some(Field::$req),)*)?
                        $($opt_wire => Some(Field::$opt),)*
                        _ => None,
                    }
                }

                struct FieldsVisitor;

                impl<'de> Visitor<'de> for FieldsVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }

                    #[allow(clippy::too_many_lines)]
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $($(let mut $req = None;)*)?
                        $(let mut $opt = None;)*
                        let mut extra = Map::new();
                        while let Some(key) = map.next_key_seed(KeySeed(lookup))? {
                            match key {
                                $($(Key::Known(Field::$req) => {
                                    if $req.is_some() {
                                        return Err(A::Error::duplicate_field($req_wire));
                                    }
                                    $req = Some(map.next_value_seed($req_seed)?);
                                })*)?
                                $(Key::Known(Field::$opt) => {
                                    if $opt.is_some() {
                                        return Err(A::Error::duplicate_field($opt_wire));
                                    }
                                    $opt = Some(map.next_value_seed($opt_seed)?);
                                })*
                                Key::Other(name) => {
                                    let value: Value = map.next_value()?;
                                    extra.insert(name, value);
                                }
                            }
                        }
                        $($(let Some($req) = $req else {
                            return Err(A::Error::missing_field($req_wire));
                        };)*)?
                        Ok($ty {
                            $($($req,)*)?
                            $($opt: present($opt),)*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(FieldsVisitor)
            }
        }
    };
}

deserialize_with_extra! {
    SessionOrigin, "struct SessionOrigin",
    optional {
        label = "label" => PhantomData,
        provider = "provider" => PhantomData,
        surface = "surface" => PhantomData,
        chat_type = "chatType" => PhantomData,
        from = "from" => PhantomData,
        to = "to" => PhantomData,
        native_channel_id = "nativeChannelId" => PhantomData,
        native_direct_user_id = "nativeDirectUserId" => PhantomData,
        account_id = "accountId" => PhantomData,
        thread_id = "threadId" => PhantomData,
    }
}

deserialize_with_extra! {
    DeliveryContext, "struct DeliveryContext",
    optional {
        channel = "channel" => PhantomData,
        to = "to" => PhantomData,
        account_id = "accountId" => PhantomData,
        chat_type = "chatType" => PhantomData,
        thread_id = "threadId" => PhantomData,
    }
}

deserialize_with_extra! {
    SessionEntry, "struct SessionEntry",
    required {
        session_id = "sessionId" => PhantomData,
        updated_at = "updatedAt" => EpochMs,
    }
    optional {
        session_started_at = "sessionStartedAt" => OptEpochMs,
        last_interaction_at = "lastInteractionAt" => OptEpochMs,
        last_activity_at = "lastActivityAt" => OptEpochMs,
        archived_at = "archivedAt" => OptEpochMs,
        pinned_at = "pinnedAt" => OptEpochMs,
        last_read_at = "lastReadAt" => OptEpochMs,
        marked_unread_at = "markedUnreadAt" => OptEpochMs,
        lifecycle_revision = "lifecycleRevision" => PhantomData,
        session_file = "sessionFile" => PhantomData,
        system_sent = "systemSent" => PhantomData,
        aborted_last_run = "abortedLastRun" => PhantomData,
        abort_cutoff_message_sid = "abortCutoffMessageSid" => PhantomData,
        abort_cutoff_timestamp = "abortCutoffTimestamp" => OptEpochMs,
        spawned_by = "spawnedBy" => PhantomData,
        parent_session_key = "parentSessionKey" => PhantomData,
        spawn_depth = "spawnDepth" => OptU64,
        subagent_role = "subagentRole" => PhantomData,
        subagent_control_scope = "subagentControlScope" => PhantomData,
        spawned_workspace_dir = "spawnedWorkspaceDir" => PhantomData,
        spawned_cwd = "spawnedCwd" => PhantomData,
        forked_from_parent = "forkedFromParent" => PhantomData,
        plugin_owner_id = "pluginOwnerId" => PhantomData,
        inherited_tool_allow = "inheritedToolAllow" => PhantomData,
        inherited_tool_deny = "inheritedToolDeny" => PhantomData,
        started_at = "startedAt" => OptEpochMs,
        ended_at = "endedAt" => OptEpochMs,
        runtime_ms = "runtimeMs" => OptU64,
        status = "status" => PhantomData,
        subagent_recovery = "subagentRecovery" => PhantomData,
        chat_type = "chatType" => PhantomData,
        channel = "channel" => PhantomData,
        group_id = "groupId" => PhantomData,
        subject = "subject" => PhantomData,
        group_channel = "groupChannel" => PhantomData,
        space = "space" => PhantomData,
        display_name = "displayName" => PhantomData,
        label = "label" => PhantomData,
        auto_label = "autoLabel" => PhantomData,
        category = "category" => PhantomData,
        origin = "origin" => PhantomData,
        route = "route" => PhantomData,
        delivery_context = "deliveryContext" => PhantomData,
        last_channel = "lastChannel" => PhantomData,
        last_to = "lastTo" => PhantomData,
        last_account_id = "lastAccountId" => PhantomData,
        last_thread_id = "lastThreadId" => PhantomData,
        provider = "provider" => PhantomData,
        room = "room" => PhantomData,
        model_provider = "modelProvider" => PhantomData,
        model = "model" => PhantomData,
        provider_override = "providerOverride" => PhantomData,
        model_override = "modelOverride" => PhantomData,
        model_override_source = "modelOverrideSource" => PhantomData,
        auth_profile_override = "authProfileOverride" => PhantomData,
        agent_harness_id = "agentHarnessId" => PhantomData,
        agent_runtime_override = "agentRuntimeOverride" => PhantomData,
        input_tokens = "inputTokens" => OptU64,
        output_tokens = "outputTokens" => OptU64,
        total_tokens = "totalTokens" => OptU64,
        total_tokens_fresh = "totalTokensFresh" => PhantomData,
        context_tokens = "contextTokens" => OptU64,
        cache_read = "cacheRead" => OptU64,
        cache_write = "cacheWrite" => OptU64,
        estimated_cost_usd = "estimatedCostUsd" => OptF64,
        context_budget_status = "contextBudgetStatus" => PhantomData,
        compaction_count = "compactionCount" => OptU64,
        compaction_checkpoints = "compactionCheckpoints" => PhantomData,
        memory_flush_at = "memoryFlushAt" => OptEpochMs,
        memory_flush_compaction_count = "memoryFlushCompactionCount" => OptU64,
        thinking_level = "thinkingLevel" => PhantomData,
        verbose_level = "verboseLevel" => PhantomData,
        trace_level = "traceLevel" => PhantomData,
        reasoning_level = "reasoningLevel" => PhantomData,
        elevated_level = "elevatedLevel" => PhantomData,
        fast_mode = "fastMode" => PhantomData,
        send_policy = "sendPolicy" => PhantomData,
        queue_mode = "queueMode" => PhantomData,
        group_activation = "groupActivation" => PhantomData,
        response_usage = "responseUsage" => PhantomData,
        exec_host = "execHost" => PhantomData,
        exec_security = "execSecurity" => PhantomData,
        exec_ask = "execAsk" => PhantomData,
        exec_node = "execNode" => PhantomData,
        claude_cli_session_id = "claudeCliSessionId" => PhantomData,
        acp = "acp" => PhantomData,
        usage_family_key = "usageFamilyKey" => PhantomData,
        usage_family_session_ids = "usageFamilySessionIds" => PhantomData,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::oracle::{
        DeliveryContext as OldDelivery, SessionEntry as OldEntry, SessionOrigin as OldOrigin,
    };
    use super::*;
    use crate::store::{parse_session_store, value_free_message};

    /// What kind of value a wire name holds, to generate mostly well-typed entries.
    #[derive(Clone, Copy, Debug)]
    enum Class {
        Epoch,
        Counter,
        Cost,
        Bool,
        Strings,
        Any,
        List,
        ThreadId,
        Origin,
        Delivery,
        Text,
    }

    fn class(wire: &str) -> Class {
        match wire {
            "spawnDepth"
            | "runtimeMs"
            | "inputTokens"
            | "outputTokens"
            | "totalTokens"
            | "contextTokens"
            | "cacheRead"
            | "cacheWrite"
            | "compactionCount"
            | "memoryFlushCompactionCount" => Class::Counter,
            "estimatedCostUsd" => Class::Cost,
            "systemSent" | "abortedLastRun" | "forkedFromParent" | "totalTokensFresh" => Class::Bool,
            "inheritedToolAllow" | "inheritedToolDeny" | "usageFamilySessionIds" => Class::Strings,
            "subagentRecovery" | "route" | "contextBudgetStatus" | "fastMode" | "responseUsage" | "acp" => {
                Class::Any
            }
            "compactionCheckpoints" => Class::List,
            "threadId" | "lastThreadId" => Class::ThreadId,
            "origin" => Class::Origin,
            "deliveryContext" => Class::Delivery,
            w if w.ends_with("At") || w == "abortCutoffTimestamp" => Class::Epoch,
            _ => Class::Text,
        }
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1.0e6f64..1.0e6).prop_map(Value::from),
            "[a-z \\\\\"é\\n]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::vec(("[a-zA-Z]{1,6}", inner), 0..4)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    fn epoch() -> impl Strategy<Value = Value> {
        prop_oneof![
            (1_000_000_000i64..2_000_000_000).prop_map(Value::from),
            (1_000_000_000_000i64..2_000_000_000_000).prop_map(Value::from),
            (1_000_000_000_000_000i64..2_000_000_000_000_000).prop_map(Value::from),
            (-2_000_000_000_000i64..0).prop_map(Value::from),
            (1.0e9f64..2.0e12).prop_map(Value::from),
            (1_000_000_000i64..2_000_000_000_000).prop_map(|n| Value::from(format!(" {n} "))),
            Just(json!("1.5e3")),
            Just(json!(u64::MAX)),
            Just(json!(i64::MIN)),
            Just(json!(1.0e300)),
        ]
    }

    fn counter() -> impl Strategy<Value = Value> {
        prop_oneof![
            (0u64..1_000_000).prop_map(Value::from),
            (-5i64..0).prop_map(Value::from),
            (0.0f64..1.0e6).prop_map(Value::from),
            (0u64..1_000_000).prop_map(|n| Value::from(n.to_string())),
            Just(json!(u64::MAX)),
        ]
    }

    fn thread_id() -> impl Strategy<Value = Value> {
        prop_oneof![
            "[0-9.]{1,12}".prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1.0e3f64..1.0e3).prop_map(Value::from),
        ]
    }

    fn text() -> impl Strategy<Value = Value> {
        "[a-zA-Z0-9:_ \\-é\\\\\"]{0,16}".prop_map(Value::from)
    }

    /// A name that is not a field (including near misses of field names).
    fn unknown_key() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z]{1,10}",
            Just("skillsSnapshot".to_owned()),
            Just("x-custom".to_owned()),
            Just("SessionId".to_owned()),
            Just("updated_at".to_owned()),
            Just(String::new()),
        ]
    }

    /// Rendered as JSON text, so that keys may repeat.
    fn object_text(pairs: &[(String, Value)]) -> String {
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
            .collect();
        format!("{{{}}}", body.join(","))
    }

    /// Key/value pairs of an object of a type whose fields are `names`; mostly well-typed values, sometimes a value
    /// of any type, `null`, repeated keys and unknown keys.
    fn pairs(names: &'static [&'static str], depth: u32) -> BoxedStrategy<Vec<(String, Value)>> {
        let known = prop::sample::select(names).prop_flat_map(move |w| {
            let value = prop_oneof![
                8 => good_value(class(w), depth),
                1 => Just(Value::Null),
                1 => any_json(),
            ];
            (Just(w.to_owned()), value)
        });
        let unknown = (unknown_key(), any_json());
        prop::collection::vec(prop_oneof![3 => known, 1 => unknown], 0..10).boxed()
    }

    fn good_value(class: Class, depth: u32) -> BoxedStrategy<Value> {
        match class {
            Class::Epoch => epoch().boxed(),
            Class::Counter => counter().boxed(),
            Class::Cost => prop_oneof![
                (0.0f64..100.0).prop_map(Value::from),
                (0u64..100).prop_map(Value::from),
                Just(json!(" 0.25 ")),
                Just(json!("NaN")),
            ]
            .boxed(),
            Class::Bool => any::<bool>().prop_map(Value::from).boxed(),
            Class::Strings => prop::collection::vec(text(), 0..3).prop_map(Value::from).boxed(),
            Class::Any => any_json().boxed(),
            Class::List => prop::collection::vec(any_json(), 0..3)
                .prop_map(Value::from)
                .boxed(),
            Class::ThreadId => thread_id().boxed(),
            Class::Origin | Class::Delivery if depth > 0 => Just(Value::Null).boxed(),
            Class::Origin => nested(SessionOrigin::WIRE_NAMES),
            Class::Delivery => nested(DeliveryContext::WIRE_NAMES),
            Class::Text => text().boxed(),
        }
    }

    fn nested(names: &'static [&'static str]) -> BoxedStrategy<Value> {
        pairs(names, 1)
            .prop_map(|p| serde_json::from_str(&object_text(&p)).unwrap())
            .boxed()
    }

    /// Entry text: usually with good `sessionId` and `updatedAt` first, then generated pairs.
    fn entry_text() -> impl Strategy<Value = String> {
        (
            prop::option::weighted(0.9, text()),
            prop::option::weighted(0.9, epoch()),
            pairs(SessionEntry::WIRE_NAMES, 0),
        )
            .prop_map(|(id, updated, rest)| {
                let mut all = Vec::new();
                all.extend(id.map(|v| ("sessionId".to_owned(), v)));
                all.extend(updated.map(|v| ("updatedAt".to_owned(), v)));
                all.extend(rest);
                object_text(&all)
            })
    }

    /// Entry text that reads without error: generated pairs, keeping only values the derived deserialiser takes and
    /// the first of repeated field names (repeated unknown names stay).
    fn good_entry_text() -> impl Strategy<Value = String> {
        (text(), pairs(SessionEntry::WIRE_NAMES, 0)).prop_map(|(id, rest)| {
            let mut all = vec![
                ("sessionId".to_owned(), id),
                ("updatedAt".to_owned(), json!(1_775_811_200)),
            ];
            for (key, value) in rest {
                let known = SessionEntry::WIRE_NAMES.contains(&key.as_str());
                if known && all.iter().any(|(k, _)| *k == key) {
                    continue;
                }
                let probe = object_text(&[
                    ("sessionId".to_owned(), json!("s")),
                    ("updatedAt".to_owned(), json!(1)),
                    (key.clone(), value.clone()),
                ]);
                if serde_json::from_str::<OldEntry>(&probe).is_ok() {
                    all.push((key, value));
                }
            }
            object_text(&all)
        })
    }

    /// A deserialisation result as comparable text: the serialised entry, or the error message.
    fn shown<T: serde::Serialize, E: ToString>(r: Result<T, E>) -> Result<String, String> {
        r.map(|e| serde_json::to_string(&e).unwrap())
            .map_err(|e| e.to_string())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        /// From text, from a borrowed `Value` and from an owned `Value`, the hand-written deserialiser gives the
        /// derived one's entry (compared by its serialised JSON, byte for byte) or its exact error message.
        #[test]
        fn entries_match_the_derived_deserialiser(text in entry_text()) {
            prop_assert_eq!(
                shown(serde_json::from_str::<SessionEntry>(&text)),
                shown(serde_json::from_str::<OldEntry>(&text)),
            );
            let value: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(shown(SessionEntry::deserialize(&value)), shown(OldEntry::deserialize(&value)));
            prop_assert_eq!(
                shown(SessionEntry::deserialize(value.clone())),
                shown(OldEntry::deserialize(value)),
            );
        }

        /// The nested types on their own, including non-object inputs.
        #[test]
        fn nested_types_match(origin in nested(SessionOrigin::WIRE_NAMES), delivery in nested(DeliveryContext::WIRE_NAMES), other in any_json()) {
            for v in [&origin, &other] {
                prop_assert_eq!(shown(SessionOrigin::deserialize(v)), shown(OldOrigin::deserialize(v)));
                let text = v.to_string();
                prop_assert_eq!(
                    shown(serde_json::from_str::<SessionOrigin>(&text)),
                    shown(serde_json::from_str::<OldOrigin>(&text)),
                );
            }
            for v in [&delivery, &other] {
                prop_assert_eq!(shown(DeliveryContext::deserialize(v)), shown(OldDelivery::deserialize(v)));
            }
        }

        /// A whole store (repeated session keys, bad entries, non-object entries) parses to what the old path
        /// gives: every entry of the `Value` document through the derived deserialiser.
        #[test]
        fn stores_match_the_old_path(
            entries in prop::collection::vec(
                (
                    prop::sample::select(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"][..]),
                    prop_oneof![3 => good_entry_text(), 1 => entry_text()],
                ),
                0..6,
            ),
            odd in prop::option::weighted(0.2, (Just("z"), any_json().prop_map(|v| v.to_string()))),
        ) {
            let body: Vec<String> = entries
                .iter()
                .map(|(k, t)| (*k, t.clone()))
                .chain(odd)
                .map(|(k, t)| format!("\"{k}\":{t}"))
                .collect();
            let doc = format!("{{{}}}", body.join(","));
            let store = parse_session_store(doc.as_bytes()).unwrap();
            let Value::Object(map) = serde_json::from_str::<Value>(&doc).unwrap() else { unreachable!() };
            let (mut records, mut diagnostics) = (Vec::new(), Vec::new());
            for (key, value) in map {
                if !value.is_object() {
                    diagnostics.push((key, "entry is not a JSON object".to_owned()));
                    continue;
                }
                match OldEntry::deserialize(&value) {
                    Ok(e) => records.push((key, serde_json::to_string(&e).unwrap())),
                    Err(e) => diagnostics.push((key, value_free_message(&e.to_string()))),
                }
            }
            let got_records: Vec<_> = store
                .records
                .iter()
                .map(|r| (r.key.clone(), serde_json::to_string(&r.entry).unwrap()))
                .collect();
            let got_diagnostics: Vec<_> =
                store.diagnostics.iter().map(|d| (d.key.clone(), d.reason.clone())).collect();
            prop_assert_eq!(got_records, records);
            prop_assert_eq!(got_diagnostics, diagnostics);
        }
    }

    /// A well-typed value for every wire name of a table.
    fn full_object(names: &[&str]) -> Value {
        let value = |w: &str| match class(w) {
            Class::Epoch => json!(1_775_811_200_123_i64),
            Class::Counter => json!(7),
            Class::Cost => json!(0.5),
            Class::Bool => json!(true),
            Class::Strings => json!(["a"]),
            Class::Any => json!({"k": [1]}),
            Class::List => json!([{"k": 1}]),
            Class::ThreadId => json!(42),
            Class::Origin => full_object(SessionOrigin::WIRE_NAMES),
            Class::Delivery => full_object(DeliveryContext::WIRE_NAMES),
            Class::Text => json!("t"),
        };
        Value::Object(names.iter().map(|w| ((*w).to_owned(), value(w))).collect())
    }

    /// The tables' wire names are the names `Serialize` writes, in declaration order: an object with every wire
    /// name reads without anything left in `extra` and writes back identically.
    #[test]
    fn tables_match_the_serialised_names() {
        let origin = full_object(SessionOrigin::WIRE_NAMES);
        let parsed = SessionOrigin::deserialize(&origin).unwrap();
        assert!(parsed.extra.is_empty());
        assert_eq!(serde_json::to_string(&parsed).unwrap(), origin.to_string());
        let delivery = full_object(DeliveryContext::WIRE_NAMES);
        let parsed = DeliveryContext::deserialize(&delivery).unwrap();
        assert!(parsed.extra.is_empty());
        assert_eq!(serde_json::to_string(&parsed).unwrap(), delivery.to_string());
        let entry = full_object(SessionEntry::WIRE_NAMES);
        let parsed = SessionEntry::deserialize(&entry).unwrap();
        assert!(parsed.extra.is_empty());
        assert_eq!(serde_json::to_string(&parsed).unwrap(), entry.to_string());
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            serde_json::to_string(&OldEntry::deserialize(&entry).unwrap()).unwrap()
        );
    }

    #[test]
    fn duplicates_nulls_and_missing_fields() {
        let dup = r#"{"sessionId":"a","updatedAt":1,"model":"m","model":"n"}"#;
        let err = serde_json::from_str::<SessionEntry>(dup).unwrap_err();
        assert!(err.to_string().starts_with("duplicate field `model`"), "{err}");
        // A repeated unknown key keeps its first position and its last value.
        let e: SessionEntry =
            serde_json::from_str(r#"{"x":1,"sessionId":"a","y":2,"updatedAt":1,"x":3}"#).unwrap();
        assert_eq!(Value::Object(e.extra), json!({"x": 3, "y": 2}));
        // `null` is absent, for typed and JSON-valued fields alike.
        let e: SessionEntry = serde_json::from_str(
            r#"{"sessionId":"a","updatedAt":1,"model":null,"route":null,"spawnDepth":null}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"sessionId":"a","updatedAt":1000}"#
        );
        let err = serde_json::from_str::<SessionEntry>(r"{}").unwrap_err();
        assert!(err.to_string().starts_with("missing field `sessionId`"), "{err}");
        let err = serde_json::from_str::<SessionEntry>(r#"{"sessionId":"a"}"#).unwrap_err();
        assert!(err.to_string().starts_with("missing field `updatedAt`"), "{err}");
        let err =
            SessionEntry::deserialize(&json!({"sessionId": "a", "updatedAt": 1, "origin": [1]})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid type: sequence, expected struct SessionOrigin"
        );
    }
}
