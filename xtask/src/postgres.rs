//! A throwaway PostgreSQL server for the practice server's tests: Debian's `postgresql`
//! package (installed when missing), a new cluster in a temporary folder under target/,
//! listening on 127.0.0.1 on a free port, run as the `postgres` user when xtask runs as root
//! (initdb refuses root). Stopped and removed when dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::shell::{Step, output};

/// A running throwaway PostgreSQL server.
#[derive(Debug)]
pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Postgres {
    /// Installs PostgreSQL if needed and starts a new cluster.
    pub fn start() -> Result<Self, String> {
        crate::prereq::debian_packages(&["postgresql"])?;
        let bin = newest_bin().ok_or(
            "PostgreSQL's programs were not found under /usr/lib/postgresql/*/bin after installing the postgresql package.",
        )?;
        let as_postgres = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
        let dir = crate::target_dir().join(format!("postgres-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
        if as_postgres {
            let mut chown = Command::new("chown");
            chown.args(["-R", "postgres:postgres"]).arg(&dir);
            Step::new("hand the PostgreSQL folder to the postgres user", chown).run()?;
            // The postgres user must be able to reach the folder through target/.
            let mut parent = dir.parent();
            while let Some(folder) = parent {
                let _ = Command::new("chmod").arg("o+x").arg(folder).status();
                parent = folder.parent();
            }
        }
        let data = dir.join("data");
        let port = free_port()?;
        let mut postgres = Self {
            bin,
            dir,
            port,
            as_postgres,
        };
        let initdb = postgres.command(
            "initdb",
            &[
                "-D",
                &data.display().to_string(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        Step::new("create a throwaway PostgreSQL cluster", initdb).run()?;
        let options = format!(
            "-k {} -p {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            postgres.dir.display(),
            port
        );
        let log = postgres.dir.join("log");
        let start = postgres.command(
            "pg_ctl",
            &[
                "-D",
                &data.display().to_string(),
                "-o",
                &options,
                "-l",
                &log.display().to_string(),
                "-w",
                "start",
            ],
        );
        Step::new("start PostgreSQL on 127.0.0.1", start).run()?;
        postgres.port = port;
        println!("xtask: PostgreSQL running on 127.0.0.1:{port}");
        Ok(postgres)
    }

    /// The address tests connect to.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let program = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command
                .args(["-u", "postgres", "--"])
                .arg(program)
                .args(args);
            command
        } else {
            let mut command = Command::new(program);
            command.args(args);
            command
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = self
            .command("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The bin folder of the newest PostgreSQL installed.
fn newest_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            Path::new(&bin.join("initdb"))
                .exists()
                .then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|err| format!("no free port on 127.0.0.1: {err}"))
}
