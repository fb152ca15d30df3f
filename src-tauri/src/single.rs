//! One running app per person: a second launch hands over to the running one (which shows its
//! window) and ends before it opens anything.
//!
//! On Windows and macOS this is tauri-plugin-single-instance. On Linux the plugin speaks D-Bus
//! through zbus, a second D-Bus stack beside the libdbus that the window (tao) and the
//! credential store (Secret Service) already link — about a megabyte of the binary (issue 15).
//! So on Linux the app does the same over libdbus: the same well-known name, object path,
//! interface and method as the plugin (`<identifier>.SingleInstance`,
//! `org.SingleInstance.DBus.ExecuteCallback(argv, cwd)`), so that a launch of either build
//! finds a running one of the other.
//!
//! Without a session bus there is no way to find another instance: the app starts normally
//! (as the plugin does), and says so in the log.

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Runtime};

/// Shows the running app's window (a second launch asked for it).
fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The plugin that keeps one running app: first in the builder, so that a second launch ends
/// before it opens anything.
#[cfg(not(target_os = "linux"))]
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_single_instance::init(|app, _args, _cwd| show_window(app))
}

/// What a launch found on the session bus before the app was built (Linux).
#[cfg(target_os = "linux")]
pub enum Claimed {
    /// No other Switchboard runs: this one holds the name (its connection serves later
    /// launches), or there is no session bus to ask.
    First(Option<dbus::blocking::Connection>),
    /// Another Switchboard runs and was asked to show its window: this launch ends.
    HandedOver,
}

/// Looks for a running Switchboard (`identifier`: the app's), before anything of this launch
/// starts — no window system, no threads of GTK or WebKit yet, so that a launch that hands
/// over ends as plainly as it began (ending it from the app's setup, with GTK's threads up,
/// crashed it now and then on its way out). `Err`: another one runs but did not answer, in a
/// sentence that says what to do.
#[cfg(target_os = "linux")]
pub fn claim(identifier: &str) -> Result<Claimed, String> {
    let name = format!("{identifier}.SingleInstance");
    match bus::claim(&name) {
        Ok(bus::Claim::First(connection)) => Ok(Claimed::First(Some(connection))),
        Ok(bus::Claim::Running(connection)) => match bus::hand_over(&connection, &name) {
            Ok(()) => Ok(Claimed::HandedOver),
            Err(err) => Err(format!(
                "Switchboard is already running, but did not answer ({err}). Close it, or end it in the system monitor, then start Switchboard again."
            )),
        },
        Err(err) => {
            tracing::warn!(
                "single instance: no D-Bus session bus ({err}); starting without looking for a running Switchboard"
            );
            Ok(Claimed::First(None))
        }
    }
}

/// The plugin that keeps one running app: with the name [`claim`] took (`connection`; `None`
/// without a session bus), it answers later launches by showing the window.
#[cfg(target_os = "linux")]
pub fn plugin<R: Runtime>(connection: Option<dbus::blocking::Connection>) -> TauriPlugin<R> {
    tauri::plugin::Builder::new("single-instance")
        .setup(move |app, _api| {
            if let Some(connection) = connection {
                let name = format!("{}.SingleInstance", app.config().identifier);
                let app = app.clone();
                bus::serve(connection, name, move || {
                    let shown = app.clone();
                    let _ = app.run_on_main_thread(move || show_window(&shown));
                });
            }
            Ok(())
        })
        .build()
}

#[cfg(target_os = "linux")]
mod bus {
    use std::time::Duration;

    use dbus::blocking::Connection;
    use dbus::channel::MatchingReceiver;
    use dbus::message::MatchRule;
    use dbus::strings::{ErrorName, Interface, Member};

    /// The plugin's interface and method (see the module's words).
    const INTERFACE: &str = "org.SingleInstance.DBus";
    const METHOD: &str = "ExecuteCallback";
    /// How long a second launch waits for the running app to answer.
    const ANSWER_WAIT: Duration = Duration::from_secs(5);

    /// Who holds the name.
    pub enum Claim {
        /// This process: no other Switchboard runs.
        First(Connection),
        /// Another process.
        Running(Connection),
    }

    /// The object path the plugin serves for `name`.
    fn path(name: &str) -> String {
        format!("/{}", name.replace('.', "/").replace('-', "_"))
    }

    /// Asks the session bus for `name`, never queueing for it.
    pub fn claim(name: &str) -> Result<Claim, dbus::Error> {
        use dbus::blocking::stdintf::org_freedesktop_dbus::RequestNameReply;
        let connection = Connection::new_session()?;
        match connection.request_name(name, false, false, true)? {
            RequestNameReply::PrimaryOwner | RequestNameReply::AlreadyOwner => {
                Ok(Claim::First(connection))
            }
            RequestNameReply::Exists | RequestNameReply::InQueue => Ok(Claim::Running(connection)),
        }
    }

    /// Tells the app holding `name` that it was launched again (with this launch's arguments
    /// and folder), and waits for its answer.
    pub fn hand_over(connection: &Connection, name: &str) -> Result<(), dbus::Error> {
        let argv: Vec<String> = std::env::args_os()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let cwd = std::env::current_dir()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        connection
            .with_proxy(name, path(name), ANSWER_WAIT)
            .method_call::<(), _, _, _>(INTERFACE, METHOD, (argv, cwd))
    }

    /// Answers later launches for as long as the app runs, on a thread of its own: each
    /// `ExecuteCallback` on the plugin's path calls `launched`; any other call is refused.
    pub fn serve(connection: Connection, name: String, launched: impl Fn() + Send + 'static) {
        let path = path(&name);
        connection.start_receive(
            MatchRule::new_method_call(),
            Box::new(move |call, connection| {
                use dbus::channel::Sender;
                let ours = call.path().is_some_and(|p| *p == *path)
                    && call.interface() == Some(Interface::from(INTERFACE))
                    && call.member() == Some(Member::from(METHOD));
                let answer = if ours {
                    launched();
                    call.method_return()
                } else {
                    call.error(
                        &ErrorName::from("org.freedesktop.DBus.Error.UnknownMethod"),
                        c"Switchboard answers only ExecuteCallback on its single-instance path",
                    )
                };
                let _ = connection.send(answer);
                true
            }),
        );
        let spawned = std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                loop {
                    if let Err(err) = connection.process(Duration::from_secs(60)) {
                        tracing::warn!(
                            "single instance: the D-Bus session bus went away ({err}); a later launch will not find this one"
                        );
                        return;
                    }
                }
            });
        if let Err(err) = spawned {
            tracing::warn!("single instance: cannot listen for later launches ({err})");
        }
    }
}
