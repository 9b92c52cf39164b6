//! `clawscope serve` on a free loopback port: every route, the 400/404/405 errors, request ids and the token.

mod common;

use common::*;

fn server(extra: &[&str], token: Option<&str>) -> Server {
    let envs: Vec<(&str, &str)> = token.map(|t| ("CLAWSCOPE_TOKEN", t)).into_iter().collect();
    let seed = seed_dir();
    let oc = openclaw_fixture();
    let mut args = vec![
        "--state-dir",
        seed.to_str().unwrap(),
        "--openclaw-dir",
        oc.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    Server::start(&args, &envs)
}

fn detail_path(limit: Option<&str>) -> String {
    let base = format!("/api/sessions/{}", encode(SEED_KEY));
    limit.map_or(base.clone(), |l| format!("{base}?historyLimit={l}"))
}

#[test]
fn detail_json_equals_session_detail_to_json_plus_request_id() {
    let s = server(&[], None);
    let r = s.get(&detail_path(Some("20")));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.header("content-type").unwrap().starts_with("application/json"));
    let mut got = r.json();
    let rid = got["requestId"].as_str().unwrap().to_owned();
    assert_eq!(r.header("x-request-id"), Some(rid.as_str()));
    assert_eq!(
        got.as_object().unwrap().keys().next().map(String::as_str),
        Some("requestId")
    );

    let state = clawscope::state::StateDir::open(seed_dir().to_str().unwrap()).unwrap();
    let options = clawscope::state_detail::DetailOptions {
        history_limit: 20,
        ..Default::default()
    };
    let mut want = state.session_detail(SEED_KEY, &options).unwrap().to_json();
    got.as_object_mut().unwrap().remove("requestId");
    got["generatedAt"] = serde_json::Value::Null;
    want["generatedAt"] = serde_json::Value::Null;
    assert_eq!(got, want);
}

#[test]
fn detail_validation_is_strict() {
    let s = server(&[], None);
    for bad in ["0", "201", "abc", "1.5", ""] {
        let r = s.get(&detail_path(Some(bad)));
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        let v = r.json();
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["code"], "VALIDATION_ERROR");
        assert_eq!(
            v["error"]["message"],
            "historyLimit must be an integer in range 1..200"
        );
        assert_eq!(v["error"]["status"], 400);
    }
    let r = s.get(&format!("{}?lang=en", detail_path(None)));
    assert_eq!(r.status, 400);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"lang\"")
    );
    let r = s.get(&format!("{}?historyLimit=5&historyLimit=6", detail_path(None)));
    assert_eq!(r.status, 400);
    let r = s.get("/api/sessions/%01bad");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["code"], "VALIDATION_ERROR");
}

#[test]
fn unknown_session_is_404() {
    let s = server(&[], None);
    let r = s.get(&format!("/api/sessions/{}", encode("agent:nobody:main")));
    assert_eq!(r.status, 404);
    let v = r.json();
    assert_eq!(
        (v["ok"].as_bool(), v["error"]["code"].as_str()),
        (Some(false), Some("NOT_FOUND"))
    );
    let r = s.get(&format!("/session/{}", encode("agent:nobody:main")));
    assert_eq!(r.status, 404);
    assert_eq!(r.body, "Session not found");
    let r = s.get("/no/such/route");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "NOT_FOUND");
}

#[test]
fn html_page_and_list_and_health_and_gateway() {
    let s = server(&[], None);
    let r = s.get(&format!("/session/{}?lang=en&historyLimit=999", encode(SEED_KEY)));
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("会话详情"));
    assert_eq!(r.header("cache-control"), Some("no-store"));

    let r = s.get("/api/sessions?agentId=OPC-OPS-AGENT&page=1&pageSize=5");
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(
        (v["ok"].as_bool(), v["total"].as_u64(), v["pageSize"].as_u64()),
        (Some(true), Some(1), Some(5))
    );
    assert_eq!(v["items"][0]["sessionKey"], SEED_KEY);
    assert_eq!(v["filters"]["agentId"], "OPC-OPS-AGENT");
    for bad in [
        "?pageSize=101",
        "?page=0",
        "?state=sleepy",
        "?sort=asc",
        "?historyLimit=201",
    ] {
        let r = s.get(&format!("/api/sessions{bad}"));
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.json()["error"]["code"], "VALIDATION_ERROR");
    }
    let r = s.get("/api/sessions?q=nothing-matches");
    assert_eq!(r.json()["total"], 0);

    let r = s.get("/healthz");
    assert_eq!((r.status, r.json()["ok"].as_bool()), (200, Some(true)));

    let r = s.get("/api/gateway/status");
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["ok"], true);
    assert_eq!(v["label"], "ai.openclaw.gateway");
    assert_eq!(v["gateway"]["authTokenSet"], true);
    assert!(!r.body.contains(CANARY_TOKEN));
}

#[test]
fn request_ids_are_echoed_when_valid() {
    let s = server(&[], None);
    let r = s.request("GET", "/healthz", &[("x-request-id", "abc.DEF_1:2-3")]);
    assert_eq!(r.header("x-request-id"), Some("abc.DEF_1:2-3"));
    assert_eq!(r.json()["requestId"], "abc.DEF_1:2-3");
    let r = s.request("GET", "/healthz", &[("x-request-id", "bad id/with spaces")]);
    let id = r.header("x-request-id").unwrap().to_owned();
    assert_ne!(id, "bad id/with spaces");
    assert_eq!(id.len(), 36);
    assert_eq!(r.json()["requestId"], id);
}

#[test]
fn writes_are_405() {
    let s = server(&[], None);
    for (method, path) in [
        ("POST", "/api/sessions".to_owned()),
        ("DELETE", detail_path(None)),
        ("PUT", "/healthz".into()),
    ] {
        let r = s.request(method, &path, &[]);
        assert_eq!(r.status, 405, "{method} {path}");
        assert_eq!(r.json()["error"]["code"], "METHOD_NOT_ALLOWED");
    }
}

#[test]
fn token_is_required_when_set() {
    for (extra, env) in [(vec!["--token", "s3cret"], None), (vec![], Some("s3cret"))] {
        let s = server(&extra, env);
        let r = s.get("/api/sessions");
        assert_eq!(r.status, 401);
        assert_eq!(r.json()["error"]["code"], "UNAUTHORIZED");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
        let r = s.request("GET", "/api/sessions", &[("authorization", "Bearer s3creT")]);
        assert_eq!(r.status, 401);
        let r = s.request("GET", "/api/sessions", &[("authorization", "Bearer s3cret")]);
        assert_eq!(r.status, 200);
        let r = s.request("GET", &detail_path(None), &[("authorization", "Bearer s3cret")]);
        assert_eq!(r.status, 200);
        // Health checks stay open.
        assert_eq!(s.get("/healthz").status, 200);
    }
}
