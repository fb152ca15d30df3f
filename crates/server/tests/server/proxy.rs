//! [`Proxy`]: a TCP proxy on 127.0.0.1 in front of a server, to break the network on purpose.
//!
//! Two ways: [`Fault::Cut`] drops a connection, each time bytes pass in either direction,
//! with a seeded probability and at a random byte of what passes (so requests and answers are
//! cut in their headers or bodies, at random but reproducibly); [`Fault::Hold`] forwards requests but keeps every answer back, telling the
//! test once the server has answered (so a client can be killed after the server committed a
//! push and before the client heard of it).

use std::sync::{Arc, Mutex};

use switchboard_core::fixtures::changes::Pick;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the proxy does to the connections through it.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Each read of either side is cut short, and the connection dropped, with probability
    /// `percent`.
    Cut {
        pick: Arc<Mutex<Pick>>,
        percent: u64,
    },
    /// Answers are never forwarded; `answered` is notified when the server starts one.
    Hold { answered: Arc<Notify> },
}

/// A proxy to `127.0.0.1:{target}`. Stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    pub port: u16,
    /// Connections cut so far.
    pub cuts: Arc<Mutex<usize>>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub async fn start(target: u16, fault: Fault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port for the proxy");
        let port = listener.local_addr().expect("an address").port();
        let cuts = Arc::new(Mutex::new(0));
        let counted = cuts.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let fault = fault.clone();
                let cuts = counted.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await else {
                        return;
                    };
                    let hold = match &fault {
                        Fault::Hold { answered } => Some(answered.clone()),
                        Fault::Cut { .. } => None,
                    };
                    let (client_read, client_write) = client.into_split();
                    let (server_read, server_write) = server.into_split();
                    let cut = match &fault {
                        Fault::Cut { pick, percent } => Some(Cutter {
                            pick: pick.clone(),
                            percent: *percent,
                            cuts: cuts.clone(),
                        }),
                        Fault::Hold { .. } => None,
                    };
                    let up = pipe(client_read, server_write, cut.clone(), None);
                    let down = pipe(server_read, client_write, cut, hold);
                    // Either direction ending (or being cut) ends the connection.
                    tokio::select! {
                        _ = up => {}
                        _ = down => {}
                    }
                });
            }
        });
        Self { port, cuts, task }
    }

    /// The proxy's address as a server URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn cuts(&self) -> usize {
        *self.cuts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The seeded decision to cut, shared by every connection.
#[derive(Clone)]
struct Cutter {
    pick: Arc<Mutex<Pick>>,
    percent: u64,
    cuts: Arc<Mutex<usize>>,
}

impl Cutter {
    /// How many of `read` bytes pass before the cut, when this read is cut.
    fn cut(&self, read: usize) -> Option<usize> {
        let mut pick = self.pick.lock().unwrap_or_else(|e| e.into_inner());
        if !pick.chance(self.percent) {
            return None;
        }
        *self.cuts.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        Some(pick.below(read))
    }
}

/// Copies `from` to `to` until either ends, or until a cut (then drops both: the connection
/// is cut after part of what was read). With `hold`, nothing is forwarded: the first bytes
/// notify it and the rest is read and kept back.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    cut: Option<Cutter>,
    hold: Option<Arc<Notify>>,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let Ok(read) = from.read(&mut buffer).await else {
            return;
        };
        if read == 0 {
            let _ = to.shutdown().await;
            return;
        }
        if let Some(answered) = &hold {
            answered.notify_one();
            continue;
        }
        let cut_at = cut.as_ref().and_then(|cut| cut.cut(read));
        if to
            .write_all(&buffer[..cut_at.unwrap_or(read)])
            .await
            .is_err()
            || cut_at.is_some()
        {
            return;
        }
    }
}
