//! A virtual X display for the real-window tests, stopped when dropped.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Xvfb server.
#[derive(Debug)]
pub struct Xvfb {
    child: Child,
    display: u32,
}

impl Xvfb {
    /// Starts Xvfb on a free display number and waits until it accepts clients.
    pub fn start() -> Result<Self, String> {
        let display = (90..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .ok_or("no free X display number between :90 and :199")?;
        let mut child = Command::new("Xvfb")
            .arg(format!(":{display}"))
            .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("cannot start Xvfb ({err}); install the xvfb package"))?;
        let socket = format!("/tmp/.X11-unix/X{display}");
        let deadline = Instant::now() + Duration::from_secs(15);
        while !Path::new(&socket).exists() {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("Xvfb :{display} exited at start ({status})"));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                return Err(format!("Xvfb :{display} did not start within 15 s"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        println!("xtask: Xvfb running on :{display}");
        Ok(Self { child, display })
    }

    /// The DISPLAY value (":90").
    pub fn name(&self) -> String {
        format!(":{}", self.display)
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
