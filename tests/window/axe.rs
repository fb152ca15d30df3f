//! axe-core in the real window (issue 17): the script `cargo xtask test` installs from npm
//! (never committed) is injected over WebDriver and `axe.run` answers for the page as it is.
//! Critical and serious violations fail the test that asked; moderate and minor ones are
//! printed as a count per state.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

use crate::harness::App;

/// Where `cargo xtask test` installs axe-core (`npm install --prefix target/axe`), unless
/// `SWITCHBOARD_AXE` names the script.
fn axe_path() -> PathBuf {
    std::env::var_os("SWITCHBOARD_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .expect("CARGO_TARGET_TMPDIR is target/tmp")
                .join("axe/node_modules/axe-core/axe.min.js")
        })
}

/// The axe-core script, read once; `None` when it is not installed (outside CI only).
fn axe_source() -> Option<&'static str> {
    static SOURCE: OnceLock<Option<String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = axe_path();
            match std::fs::read_to_string(&path) {
                Ok(source) => Some(source),
                Err(err) => {
                    assert!(
                        std::env::var("CI").as_deref() != Ok("true"),
                        "axe-core is not at {} ({err}): under CI=true an accessibility test \
                         that cannot run axe fails; `cargo xtask test` installs it",
                        path.display()
                    );
                    eprintln!(
                        "axe: not at {} ({err}); run `cargo xtask test` (or `npm install --prefix target/axe axe-core@4.14.1`). Not checked here.",
                        path.display()
                    );
                    None
                }
            }
        })
        .as_ref()
        .map(String::as_str)
}

/// One rule axe found broken, and on how many elements.
#[derive(Debug)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    elements: usize,
    targets: Vec<String>,
    summary: String,
}

/// The violations of every state checked so far, printed as they come.
#[derive(Debug, Default)]
pub struct Audit {
    failures: Vec<String>,
}

/// Runs axe-core on the whole page and answers the violations.
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then((result) => done(result.violations.map((v) => ({
    id: v.id,
    impact: v.impact || 'minor',
    help: v.help,
    elements: v.nodes.length,
    targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')),
    summary: v.nodes.length ? (v.nodes[0].failureSummary || '') : '',
  }))))
  .catch((err) => done({ error: String(err) }));
"#;

impl Audit {
    /// Checks the page as it is now, named `state` in the output. Prints
    /// `axe <state>: critical N, serious N, moderate N, minor N` (rules, with their elements),
    /// then each critical or serious rule; those fail [`Audit::finish`].
    pub async fn check(&mut self, app: &App, state: &str) {
        let Some(source) = axe_source() else {
            return;
        };
        // Let the last change paint, then make sure axe is in this page.
        app.run_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await;
        let loaded = app
            .run_async(
                "arguments[arguments.length - 1](typeof window.axe === 'object');",
                vec![],
            )
            .await;
        if loaded != Value::Bool(true) {
            app.run(&format!("{source}\n;return true;"), vec![]).await;
        }
        let answer = app.run_async(RUN, vec![]).await;
        if let Some(error) = answer.get("error") {
            panic!("axe-core failed on {state}: {error}");
        }
        let violations: Vec<Violation> = answer
            .as_array()
            .expect("axe answers a list of violations")
            .iter()
            .map(|v| Violation {
                id: v["id"].as_str().unwrap_or_default().to_string(),
                impact: v["impact"].as_str().unwrap_or("minor").to_string(),
                help: v["help"].as_str().unwrap_or_default().to_string(),
                elements: v["elements"].as_u64().unwrap_or(0) as usize,
                targets: v["targets"]
                    .as_array()
                    .map(|t| {
                        t.iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                summary: v["summary"].as_str().unwrap_or_default().to_string(),
            })
            .collect();
        let count = |impact: &str| {
            let rules: Vec<&Violation> = violations.iter().filter(|v| v.impact == impact).collect();
            let elements: usize = rules.iter().map(|v| v.elements).sum();
            format!("{impact} {} ({elements})", rules.len())
        };
        println!(
            "axe {state}: {}, {}, {}, {}",
            count("critical"),
            count("serious"),
            count("moderate"),
            count("minor")
        );
        for v in &violations {
            let line = format!(
                "{state}: {} {} — {} ({} elements: {})",
                v.impact,
                v.id,
                v.help,
                v.elements,
                v.targets.join(" | ")
            );
            if v.impact == "critical" || v.impact == "serious" {
                println!("    {line}\n      {}", v.summary.replace('\n', "\n      "));
                self.failures.push(line);
            } else {
                println!("    ({line})");
            }
        }
    }

    /// Fails when any state checked had a critical or serious violation.
    pub fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "WCAG 2.2 AA (axe-core): no critical or serious violation in any state; found:\n{}",
            self.failures.join("\n")
        );
    }
}
