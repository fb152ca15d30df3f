//! How the app was started: the command line and environment it reads.

use std::ffi::OsString;
use std::path::PathBuf;

use switchboard_store::Author;

/// Environment variable naming the database file (the `--database` flag wins over it).
pub const DATABASE_ENV: &str = "SWITCHBOARD_DATABASE";

/// Start-up options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    /// The SQLite file to open; `None` means the default in the platform's app-data folder.
    pub database: Option<PathBuf>,
}

impl Launch {
    /// Reads `--database PATH` (or `--database=PATH`) and `SWITCHBOARD_DATABASE`.
    pub fn from_env() -> Result<Self, String> {
        Self::parse(std::env::args_os().skip(1), std::env::var_os(DATABASE_ENV))
    }

    /// Parses arguments (without the program name) and the environment variable's value.
    /// Arguments Switchboard does not know are left to the platform (WebDriver adds its own).
    pub fn parse(
        args: impl IntoIterator<Item = OsString>,
        env: Option<OsString>,
    ) -> Result<Self, String> {
        let mut database = env.filter(|value| !value.is_empty()).map(PathBuf::from);
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--database" {
                let value = args
                    .next()
                    .ok_or("--database needs a file path, for example --database ./practice.db")?;
                database = Some(PathBuf::from(value));
            } else if let Some(value) = text.strip_prefix("--database=") {
                if value.is_empty() {
                    return Err(
                        "--database= needs a file path, for example --database=./practice.db"
                            .into(),
                    );
                }
                database = Some(PathBuf::from(value));
            }
        }
        Ok(Self { database })
    }
}

/// The OS user name: the author of changes until there is a signed-in account.
pub fn os_author() -> Author {
    let name = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|name| !name.is_empty()))
        .unwrap_or_else(|| "unknown user".into());
    Author(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn flag_wins_over_environment() {
        let launch = Launch::parse(args(&["--database", "/tmp/a.db"]), Some("/tmp/b.db".into()))
            .expect("valid");
        assert_eq!(
            launch.database,
            Some(PathBuf::from("/tmp/a.db")),
            "the flag is more specific"
        );
    }

    #[test]
    fn environment_is_used_without_flag_and_unknown_args_are_ignored() {
        let launch =
            Launch::parse(args(&["--automation"]), Some("/tmp/b.db".into())).expect("valid");
        assert_eq!(launch.database, Some(PathBuf::from("/tmp/b.db")));
        let launch = Launch::parse(args(&["--database=/tmp/c.db"]), None).expect("valid");
        assert_eq!(launch.database, Some(PathBuf::from("/tmp/c.db")));
        assert_eq!(
            Launch::parse(args(&[]), None).expect("valid").database,
            None,
            "default location"
        );
    }

    #[test]
    fn flag_without_value_is_a_clear_error() {
        let err = Launch::parse(args(&["--database"]), None).expect_err("missing value");
        assert!(
            err.contains("needs a file path"),
            "says what is missing: {err}"
        );
    }
}
