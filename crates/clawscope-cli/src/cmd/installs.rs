//! `clawscope installs`: the OpenClaw installs on this machine (read-only).

use clawscope::gateway::install::Install;
use clawscope::gateway::installs::discover_installs;

use crate::cli::InstallsArgs;
use crate::context;
use crate::failure::CmdResult;
use crate::output::{colour_enabled, print_json, print_text, table};

fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn row(install: &Install) -> Vec<String> {
    let origins: Vec<String> = install.origins.iter().map(json_name).collect();
    let clis: Vec<String> = install
        .clis
        .iter()
        .map(|c| match &c.version {
            Some(v) => format!("{} ({v})", c.path),
            None => c.path.to_string(),
        })
        .collect();
    let services: Vec<String> = install.services.iter().map(|s| s.name.clone()).collect();
    let or_dash = |v: Vec<String>| {
        if v.is_empty() {
            "-".to_owned()
        } else {
            v.join(", ")
        }
    };
    vec![
        install.state_dir.to_string(),
        format!("{} ({})", install.port, json_name(&install.port_source)),
        if install.config_exists {
            "yes".into()
        } else {
            "no".into()
        },
        or_dash(origins),
        or_dash(clis),
        or_dash(services),
        if install.panel_points_here {
            "yes".into()
        } else {
            "-".into()
        },
    ]
}

/// Lists the installs found from this process's environment.
pub(crate) fn run(args: &InstallsArgs) -> CmdResult {
    let installs = discover_installs(&context::process_env())?;
    if args.json.json {
        print_json(&installs)?;
        return Ok(0);
    }
    if installs.is_empty() {
        print_text("no OpenClaw install found\n")?;
        return Ok(0);
    }
    let rows: Vec<Vec<String>> = installs.iter().map(row).collect();
    print_text(&table(
        &[
            "STATE DIR",
            "PORT",
            "CONFIG",
            "FOUND VIA",
            "CLI",
            "SERVICES",
            "CLAWPANEL",
        ],
        &rows,
        colour_enabled(),
    ))?;
    Ok(0)
}
