//! Running commands: each step says what it does, and a failure says which step failed.

use std::process::Command;
use std::time::Instant;

/// `cargo` (the one running this xtask) with arguments, in the workspace root.
pub fn cargo(args: &[&str]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(crate::root());
    command
}

/// One named step of a task.
#[derive(Debug)]
pub struct Step {
    what: &'static str,
    command: Command,
}

impl Step {
    pub fn new(what: &'static str, command: Command) -> Self {
        Self { what, command }
    }

    /// Runs the step with inherited output; an error names the step and the command.
    pub fn run(mut self) -> Result<(), String> {
        let started = self.begin();
        let status = self
            .command
            .status()
            .map_err(|err| self.cannot_start(err))?;
        self.end(started, status)
    }

    /// Runs a step of tests, its standard output passed on line by line as it comes; on a
    /// failure, also the names of the tests libtest reported failed ([`failed_test`]).
    pub fn run_tests(mut self) -> Result<(), (String, Vec<String>)> {
        use std::io::BufRead;
        let started = self.begin();
        let mut child = self
            .command
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|err| (self.cannot_start(err), Vec::new()))?;
        let mut failed = Vec::new();
        if let Some(out) = child.stdout.take() {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                println!("{line}");
                if let Some(name) = failed_test(&line) {
                    failed.push(name.to_string());
                }
            }
        }
        let status = child
            .wait()
            .map_err(|err| (self.cannot_start(err), Vec::new()))?;
        self.end(started, status).map_err(|err| (err, failed))
    }

    /// Says the step starts; when it did.
    fn begin(&self) -> Instant {
        println!("\nxtask: {} …", self.what);
        Instant::now()
    }

    fn cannot_start(&self, err: std::io::Error) -> String {
        format!(
            "could not {}: cannot start {:?}: {err}",
            self.what,
            self.command.get_program()
        )
    }

    /// Says how the step `started` ended with `status`; an error names the step and the command.
    fn end(&self, started: Instant, status: std::process::ExitStatus) -> Result<(), String> {
        let seconds = started.elapsed().as_secs_f64();
        if status.success() {
            println!("xtask: {} — done in {seconds:.1} s", self.what);
            Ok(())
        } else {
            Err(format!(
                "could not {} ({status}; see the output above): {:?}",
                self.what, self.command
            ))
        }
    }
}

/// The tests a libtest `line` reports as failed (`test NAME ... FAILED`), if it is one.
pub fn failed_test(line: &str) -> Option<&str> {
    line.strip_prefix("test ")?.strip_suffix(" ... FAILED")
}

/// Whether `program` runs at all (`program --version` exits successfully).
pub fn has(program: &str) -> bool {
    output(program, &["--version"]).is_some()
}

/// The standard output of a command that succeeded.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
}
