//! `clawscope session <key>`: the session-detail page.

use crate::cli::SessionArgs;
use crate::data::Source;
use crate::failure::CmdResult;
use crate::output::{print_json, print_text};

/// Prints the page: exactly `render_text()`, or `to_json()` with `--json`, or `render_html()` with `--html`.
pub(crate) fn run(args: &SessionArgs) -> CmdResult {
    let source = Source::open(&args.state_args)?;
    let detail = source.detail(&args.key, args.limit, args.now)?;
    if args.json {
        print_json(&detail.to_json())?;
    } else if args.html {
        print_text(&detail.render_html())?;
    } else {
        print_text(&detail.render_text())?;
    }
    Ok(0)
}
