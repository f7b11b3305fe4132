//! Test helpers: a real sandbox process on 127.0.0.1 with an ephemeral port and a temporary
//! data folder, an HTTP client, and a tiny recording HTTP server standing in for the app.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::Value;

/// A temporary folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let dir = std::env::temp_dir().join(format!(
            "mno-sandbox-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running sandbox.
pub struct Server {
    child: Child,
    pub url: String,
    pub state: Value,
}

impl Server {
    /// Starts the sandbox on a free port with `data_dir` and `extra` arguments, and waits
    /// until it listens.
    pub fn start(data_dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_maestrano-sandbox"))
            .arg("--port")
            .arg("0")
            .arg("--data-dir")
            .arg(data_dir)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the sandbox");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if !sent {
                    if let Some(rest) = line.trim().strip_prefix("Listening on ") {
                        let url = rest.split_whitespace().next().unwrap().to_owned();
                        let _ = tx.send(url);
                        sent = true;
                    }
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("the sandbox did not start");
        let mut server = Server {
            child,
            url,
            state: Value::Null,
        };
        server.refresh();
        server
    }

    /// Reloads `/admin/api/state`.
    pub fn refresh(&mut self) -> &Value {
        self.state = get(&format!("{}/admin/api/state", self.url), None).1;
        &self.state
    }

    pub fn app_auth(&self) -> (String, String) {
        (
            self.state["app"]["id"].as_str().unwrap().to_owned(),
            self.state["app"]["api_key"].as_str().unwrap().to_owned(),
        )
    }

    pub fn devpl_auth(&self) -> (String, String) {
        (
            self.state["devplatform"]["key"]
                .as_str()
                .unwrap()
                .to_owned(),
            self.state["devplatform"]["secret"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    }

    /// Stops the process (SIGKILL: committed data must survive anyway).
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

pub type Auth<'a> = Option<(&'a str, &'a str)>;

fn auth_header(auth: Auth<'_>) -> Option<String> {
    auth.map(|(u, p)| format!("Basic {}", STANDARD.encode(format!("{u}:{p}"))))
}

fn finish(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, Value, String) {
    let mut r = r.expect("request");
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, json, text)
}

/// `GET` → (status, JSON or null, text).
pub fn get(url: &str, auth: Auth<'_>) -> (u16, Value, String) {
    let mut req = agent().get(url);
    if let Some(h) = auth_header(auth) {
        req = req.header("Authorization", h);
    }
    finish(req.call())
}

/// `DELETE`.
pub fn delete(url: &str, auth: Auth<'_>) -> (u16, Value, String) {
    let mut req = agent().delete(url);
    if let Some(h) = auth_header(auth) {
        req = req.header("Authorization", h);
    }
    finish(req.call())
}

/// `POST` a form.
pub fn post_form(url: &str, auth: Auth<'_>, form: &[(&str, &str)]) -> (u16, Value, String) {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut req = agent()
        .post(url)
        .header("Content-Type", "application/x-www-form-urlencoded");
    if let Some(h) = auth_header(auth) {
        req = req.header("Authorization", h);
    }
    finish(req.send(body))
}

/// `POST` / `PUT` JSON.
pub fn send_json(method: &str, url: &str, auth: Auth<'_>, body: &Value) -> (u16, Value, String) {
    let a = agent();
    let mut req = match method {
        "PUT" => a.put(url),
        _ => a.post(url),
    }
    .header("Content-Type", "application/vnd.api+json")
    .header("Accept", "application/vnd.api+json");
    if let Some(h) = auth_header(auth) {
        req = req.header("Authorization", h);
    }
    finish(req.send(body.to_string()))
}

/// A request the fake app received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: String,
}

/// A tiny HTTP/1.1 server standing in for the app: records every request and answers
/// `200 {"success":true}`.
pub struct FakeApp {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeApp {
    pub fn start() -> FakeApp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let mut parts = request_line.split_whitespace();
                let method = parts.next().unwrap_or("").to_owned();
                let path = parts.next().unwrap_or("").to_owned();
                let mut authorization = None;
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':') {
                        match k.trim().to_ascii_lowercase().as_str() {
                            "authorization" => authorization = Some(v.trim().to_owned()),
                            "content-length" => length = v.trim().parse().unwrap_or(0),
                            _ => {}
                        }
                    }
                }
                let mut body = vec![0u8; length];
                let _ = reader.read_exact(&mut body);
                log.lock().unwrap().push(Recorded {
                    method,
                    path,
                    authorization,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let reply = r#"{"success":true}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                    reply.len()
                );
            }
        });
        FakeApp { url, requests }
    }

    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// The value of the attribute `attr` on the first tag containing `marker`, HTML-unescaped.
pub fn attribute_after(html: &str, marker: &str, attr: &str) -> String {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in {html}"));
    let tag_start = html[..start].rfind('<').unwrap();
    let tag_end = start + html[start..].find('>').unwrap();
    let tag = &html[tag_start..tag_end];
    let key = format!("{attr}=\"");
    let from = tag
        .find(&key)
        .unwrap_or_else(|| panic!("{attr} not in {tag}"))
        + key.len();
    let to = from + tag[from..].find('"').unwrap();
    tag[from..to]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Waits until `f` holds (for outbound calls).
pub fn eventually(mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
