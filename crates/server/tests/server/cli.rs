//! The `switchboard-server` binary as an administrator uses it: first start, the admin
//! commands, SIGTERM finishing the requests in flight, plain HTTP on loopback only, and HTTPS
//! with a certificate (tls/cert.pem and tls/key.pem: a test certificate for localhost and
//! 127.0.0.1 signed by the test authority tls/ca.pem, made with openssl, used by nothing
//! else; the authority's key was thrown away).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use switchboard_core::sync::{PushOutcome, PushRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::fixture::{PASSWORD, Place, backends, practice_config};
use crate::http::Client;
use crate::sync::{outcomes, pushed};

const BIN: &str = env!("CARGO_BIN_EXE_switchboard-server");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Runs an admin command with `input` on standard input; answers its standard output.
fn admin(place: &Place, args: &[&str], input: &str) -> Result<String, String> {
    let mut child = Command::new(BIN)
        .args(place.args())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes");
    let output = child.wait_with_output().expect("finishes");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// A server process, killed if a test ends (or fails) before stopping it.
struct Running(Child);

impl Running {
    fn id(&self) -> u32 {
        self.0.id()
    }

    fn wait(&mut self) -> std::io::Result<std::process::ExitStatus> {
        self.0.wait()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `serve` on a free port; answers the process, its port and what it printed up to
/// "listening".
fn serve(place: &Place, extra: &[&str]) -> (Running, u16, Vec<String>) {
    let port = free_port();
    let mut child = Command::new(BIN)
        .args(place.args())
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(extra)
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut lines = Vec::new();
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || Instant::now() > deadline {
            panic!("the server did not say it is listening: {lines:?}");
        }
        let done = line.contains("listening on");
        lines.push(line.trim_end().to_owned());
        if done {
            break;
        }
    }
    // Keep reading, so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    (Running(child), port, lines)
}

fn sigterm(child: &Running) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "SIGTERM was sent");
}

#[tokio::test]
async fn first_start_makes_a_practice_and_an_admin_and_says_how_to_sign_in() {
    let place = Place::new(&crate::fixture::Backend::Sqlite).await;
    let (mut child, port, lines) = serve(&place, &[]);
    let printed = lines.join("\n");
    let id = printed
        .split("(id ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_else(|| panic!("the practice id is printed: {printed}"));
    let password = printed
        .split("shown only this once: ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_else(|| panic!("the generated password is printed once: {printed}"));
    assert!(
        printed.contains("account \"admin\""),
        "names the account: {printed}"
    );
    let client = Client::new(([127, 0, 0, 1], port).into());
    let signed_in = client
        .post(
            "/api/v1/sessions",
            None,
            &serde_json::json!({"practice": id, "account": "admin", "password": password}),
        )
        .await;
    assert_eq!(
        signed_in.status, 200,
        "the printed password signs in: {}",
        signed_in.text
    );
    sigterm(&child);
    let status = child.wait().expect("exits");
    assert!(
        status.success(),
        "SIGTERM stops the server cleanly: {status}"
    );

    // A second start finds the practice and makes no other.
    let (mut again, _, lines) = serve(&place, &[]);
    assert!(
        !lines.join("\n").contains("First start"),
        "the second start is not a first start: {lines:?}"
    );
    sigterm(&again);
    let _ = again.wait();
}

#[tokio::test]
async fn sigterm_finishes_the_push_in_flight_then_stops() {
    for backend in backends() {
        let place = Place::new(&backend).await;
        let practice = admin(&place, &["practice", "add", "Drain Clinic"], "")
            .expect("adds a practice")
            .trim()
            .to_owned();
        admin(
            &place,
            &[
                "user",
                "add",
                "--practice",
                &practice,
                "jordan",
                "--role",
                "admin",
            ],
            &format!("{PASSWORD}\n"),
        )
        .expect("adds an admin");
        let (mut child, port, _) = serve(&place, &[]);
        let client = Client::new(([127, 0, 0, 1], port).into());
        let token = client
            .post(
                "/api/v1/sessions",
                None,
                &serde_json::json!({"practice": practice, "account": "jordan", "password": PASSWORD}),
            )
            .await
            .json["token"]
            .as_str()
            .expect("signed in")
            .to_owned();
        let uploaded = client
            .post(
                &format!("/api/v1/practices/{practice}/snapshot"),
                Some(&token),
                &serde_json::json!({"config": practice_config()}),
            )
            .await;
        assert_eq!(uploaded.status, 201, "{backend:?}: {}", uploaded.text);
        let mut config = practice_config();
        let changes: Vec<_> = (0..1_000)
            .map(|n| {
                let topic = &config.topics[n % config.topics.len()];
                let change = switchboard_core::Change::SetTopicEnabled {
                    topic: topic.key.clone(),
                    expected: topic.enabled,
                    value: !topic.enabled,
                };
                switchboard_core::apply(&mut config, &change).expect("applies");
                pushed(change)
            })
            .collect();
        let path = format!("/api/v1/practices/{practice}/changes");
        let push = tokio::spawn({
            let client = client.clone();
            async move {
                client
                    .post(&path, Some(&token), &PushRequest { changes })
                    .await
            }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        sigterm(&child);
        let response = push.await.expect("the push returns");
        assert_eq!(
            response.status, 200,
            "{backend:?}: the push in flight is answered: {}",
            response.text
        );
        let all_applied = outcomes(&response)
            .iter()
            .all(|o| matches!(o, PushOutcome::Applied { .. }));
        assert!(all_applied, "{backend:?}: every change of it was applied");
        let status = child.wait().expect("exits");
        assert!(
            status.success(),
            "{backend:?}: then it stops cleanly: {status}"
        );
    }
}

#[tokio::test]
async fn the_admin_commands_manage_accounts_and_portal_keys() {
    let place = Place::new(&crate::fixture::Backend::Sqlite).await;
    let practice = admin(&place, &["practice", "add", "Lakeside"], "")
        .expect("adds a practice")
        .trim()
        .to_owned();
    let listed = admin(&place, &["practice", "list"], "").expect("lists");
    assert!(
        listed.contains(&practice) && listed.contains("Lakeside"),
        "{listed}"
    );
    let short = admin(
        &place,
        &["user", "add", "--practice", &practice, "sam"],
        "short\n",
    );
    assert!(
        short.is_err_and(|err| err.contains("at least 12 characters")),
        "a short password is refused with a sentence"
    );
    admin(
        &place,
        &[
            "user",
            "add",
            "--practice",
            &practice,
            "sam",
            "--role",
            "viewer",
        ],
        &format!("{PASSWORD}\n"),
    )
    .expect("adds a viewer");
    let users = admin(&place, &["user", "list", "--practice", &practice], "").expect("lists");
    assert!(users.contains("sam\tviewer\tactive"), "{users}");
    let key_text =
        admin(&place, &["portal-key", "add", "--practice", &practice], "").expect("a key");
    let key = key_text
        .lines()
        .last()
        .expect("the key is printed")
        .trim()
        .to_owned();
    let key_id = key_text
        .split_whitespace()
        .nth(2)
        .expect("the key's id is printed")
        .to_owned();

    let (mut child, port, _) = serve(&place, &[]);
    let client = Client::new(([127, 0, 0, 1], port).into());
    let body = serde_json::json!({"practice": practice, "account": "sam", "password": PASSWORD});
    let sign_in = || client.post("/api/v1/sessions", None, &body);
    assert_eq!(sign_in().await.status, 200, "sam signs in");
    let with_key = client.get("/api/v1/session", Some(&key)).await;
    assert_eq!(
        with_key.status, 403,
        "a live portal key is known (and has no session)"
    );
    admin(
        &place,
        &["user", "disable", "--practice", &practice, "sam"],
        "",
    )
    .expect("disables");
    assert_eq!(
        sign_in().await.status,
        401,
        "a disabled account cannot sign in"
    );
    admin(&place, &["portal-key", "revoke", &key_id], "").expect("revokes");
    let revoked = client.get("/api/v1/session", Some(&key)).await;
    assert_eq!(revoked.status, 401, "a revoked key is refused");
    assert!(revoked.message().contains("revoked"), "{}", revoked.text);
    sigterm(&child);
    let _ = child.wait();
}

#[tokio::test]
async fn plain_http_listens_on_loopback_only_and_https_anywhere() {
    let place = Place::new(&crate::fixture::Backend::Sqlite).await;
    let refused = Command::new(BIN)
        .args(place.args())
        .args(["serve", "--listen", "0.0.0.0:0"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(
        !refused.status.success(),
        "a non-loopback address without TLS is refused"
    );
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("not a loopback address") && said.contains("--tls-cert"),
        "the sentence says why and what to do: {said}"
    );

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/server/tls");
    let cert = format!("{dir}/cert.pem");
    let key = format!("{dir}/key.pem");
    let (mut child, port, lines) = serve(&place, &["--tls-cert", &cert, "--tls-key", &key]);
    assert!(
        lines.join(" ").contains("https://"),
        "it says https: {lines:?}"
    );

    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    use rustls::pki_types::pem::PemObject;
    let authority = format!("{dir}/ca.pem");
    for certificate in rustls::pki_types::CertificateDer::pem_file_iter(&authority).expect("reads")
    {
        roots
            .add(certificate.expect("a certificate"))
            .expect("adds");
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    let name = rustls::pki_types::ServerName::try_from("localhost").expect("a name");
    let mut tls = connector
        .connect(name, tcp)
        .await
        .expect("the TLS handshake succeeds");
    tls.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("sends");
    let mut answer = String::new();
    tls.read_to_string(&mut answer).await.expect("reads");
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "healthz over HTTPS: {answer}"
    );
    assert!(answer.ends_with("ok"), "answers ok: {answer}");

    let plain = Client::new(([127, 0, 0, 1], port).into());
    let clear = tokio::time::timeout(Duration::from_secs(5), async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connects");
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .expect("sends");
        let mut buffer = vec![0u8; 64];
        let read = stream.read(&mut buffer).await.unwrap_or(0);
        String::from_utf8_lossy(&buffer[..read]).into_owned()
    })
    .await
    .unwrap_or_default();
    assert!(
        !clear.starts_with("HTTP/1.1 200"),
        "nothing is served in the clear: {clear}"
    );
    drop(plain);
    sigterm(&child);
    let _ = child.wait();
}
