//! A typed client of the node's local HTTP API.

use std::path::Path;

use dief_node::api::ApiErrorBody;
use dief_node::config::{read_token, NodeConfig};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::{connect::HttpConnector, Client as HyperClient};
use hyper_util::rt::TokioExecutor;
use serde::{de::DeserializeOwned, Serialize};

/// Largest API answer the CLI reads.
const MAX_BODY: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the node's API at {addr}: {reason} (is `dief run` running for this --dir?)")]
    Unreachable { addr: String, reason: String },
    #[error("{message}")]
    Refused { status: u16, message: String },
    #[error("the node failed: {message}")]
    NodeFailed { status: u16, message: String },
    #[error("unexpected answer from the node: {0}")]
    Protocol(String),
    #[error(transparent)]
    Config(#[from] dief_node::config::ConfigError),
    /// A local file the CLI was to send could not be read.
    #[error("reading {path}: {reason}")]
    File { path: String, reason: String },
}

/// Bytes of a file read and sent at a time by [`Client::upload`].
const UPLOAD_PIECE: usize = 256 * 1024;

/// A request body fed by a channel: the pieces of a file as a task reads
/// them, so that the file is never held whole.
struct ChannelBody(tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, std::io::Error>>> {
        self.0.poll_recv(cx).map(|piece| piece.map(|r| r.map(hyper::body::Frame::data)))
    }
}

#[derive(Debug)]
pub struct Client {
    base: String,
    token: String,
    http: HyperClient<HttpConnector, Full<Bytes>>,
}

impl Client {
    /// A client for the node whose directory is `dir`.
    pub fn for_dir(dir: &Path) -> Result<Self, ClientError> {
        let cfg = NodeConfig::load(dir)?;
        let token = read_token(dir)?;
        Ok(Self::new(&cfg.api.to_string(), token))
    }

    pub fn new(addr: &str, token: String) -> Self {
        Client { base: format!("http://{addr}"), token, http: HyperClient::builder(TokioExecutor::new()).build_http() }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.call(Method::GET, path, None::<&()>).await
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ClientError> {
        self.call(Method::POST, path, Some(body)).await
    }

    /// A POST whose body is already encoded (a file sent as it is, so that
    /// the node's own size limit and errors apply to it).
    pub async fn post_bytes<T: DeserializeOwned>(&self, path: &str, body: Vec<u8>) -> Result<T, ClientError> {
        let body = self.send(Method::POST, path, body).await?;
        serde_json::from_slice(&body).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// A POST whose body is the file at `file`, read and sent a piece at a
    /// time (a streamed attachment: never held whole), `progress` told the
    /// bytes read so far.
    pub async fn upload<T: DeserializeOwned>(
        &self,
        path: &str,
        file: &Path,
        content_type: &str,
        progress: impl Fn(u64) + Send + 'static,
    ) -> Result<T, ClientError> {
        use tokio::io::AsyncReadExt;
        let local = |e: std::io::Error| ClientError::File { path: file.display().to_string(), reason: e.to_string() };
        let mut f = tokio::fs::File::open(file).await.map_err(local)?;
        let len = f.metadata().await.map_err(local)?.len();
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let reader = tokio::spawn(async move {
            let mut sent = 0u64;
            loop {
                let mut buf = vec![0u8; UPLOAD_PIECE];
                let piece = match f.read(&mut buf).await {
                    Ok(0) => return,
                    Ok(n) => {
                        buf.truncate(n);
                        sent += n as u64;
                        Ok(Bytes::from(buf))
                    }
                    Err(e) => Err(e),
                };
                let failed = piece.is_err();
                if tx.send(piece).await.is_err() || failed {
                    return;
                }
                progress(sent);
            }
        });
        let req = Request::builder()
            .method(Method::POST)
            .uri(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", content_type)
            .header("content-length", len)
            .body(ChannelBody(rx))
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        let http: HyperClient<HttpConnector, ChannelBody> = HyperClient::builder(TokioExecutor::new()).build_http();
        let resp = http
            .request(req)
            .await
            .map_err(|e| ClientError::Unreachable { addr: self.base.clone(), reason: e.to_string() });
        reader.abort();
        let resp = resp?;
        let status = resp.status();
        let body = read_body(resp).await?;
        if !status.is_success() {
            return Err(refusal(status, &body));
        }
        serde_json::from_slice(&body).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// A GET whose body is written to `out` as it arrives (a streamed
    /// attachment: never held whole), `progress` told the bytes written so
    /// far. Returns the bytes written.
    pub async fn download(
        &self,
        path: &str,
        out: &mut impl std::io::Write,
        mut progress: impl FnMut(u64),
    ) -> Result<u64, ClientError> {
        let resp = self.request(Method::GET, path, Vec::new()).await?;
        if !resp.status().is_success() {
            let status = resp.status();
            return Err(refusal(status, &read_body(resp).await?));
        }
        let mut body = resp.into_body();
        let mut written = 0u64;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| ClientError::Protocol(e.to_string()))?;
            if let Some(data) = frame.data_ref() {
                out.write_all(data).map_err(|e| ClientError::Protocol(format!("writing the file: {e}")))?;
                written += data.len() as u64;
                progress(written);
            }
        }
        Ok(written)
    }

    /// A route that answers with text rather than JSON (the `.ics` export).
    pub async fn get_text(&self, path: &str) -> Result<String, ClientError> {
        let body = self.call_raw(Method::GET, path, None::<&()>).await?;
        String::from_utf8(body.to_vec()).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ClientError> {
        let body = self.call_raw(method, path, body).await?;
        serde_json::from_slice(&body).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// The body of a successful answer; an error answer becomes the
    /// [`ClientError`] its status calls for.
    async fn call_raw<B: Serialize>(&self, method: Method, path: &str, body: Option<&B>) -> Result<Bytes, ClientError> {
        let bytes = match body {
            Some(b) => serde_json::to_vec(b).map_err(|e| ClientError::Protocol(e.to_string()))?,
            None => Vec::new(),
        };
        self.send(method, path, bytes).await
    }

    async fn send(&self, method: Method, path: &str, bytes: Vec<u8>) -> Result<Bytes, ClientError> {
        let resp = self.request(method, path, bytes).await?;
        let status = resp.status();
        let body = read_body(resp).await?;
        if status.is_success() {
            return Ok(body);
        }
        Err(refusal(status, &body))
    }

    /// Sends one request with the token; the answer's body is not read yet.
    async fn request(
        &self,
        method: Method,
        path: &str,
        bytes: Vec<u8>,
    ) -> Result<hyper::Response<hyper::body::Incoming>, ClientError> {
        let req = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(bytes)))
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        self.http
            .request(req)
            .await
            .map_err(|e| ClientError::Unreachable { addr: self.base.clone(), reason: e.to_string() })
    }
}

async fn read_body(resp: hyper::Response<hyper::body::Incoming>) -> Result<Bytes, ClientError> {
    Ok(http_body_util::Limited::new(resp.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|e| ClientError::Protocol(e.to_string()))?
        .to_bytes())
}

/// An error answer as the [`ClientError`] its status calls for, its
/// refusal worded in the reader's language.
fn refusal(status: StatusCode, body: &[u8]) -> ClientError {
    let message = match serde_json::from_slice::<ApiErrorBody>(body) {
        // In English the node's own text, which its English catalog
        // words; in another language the catalogs' words.
        Ok(ApiErrorBody { error, reason: Some(r) }) if crate::output::language().lang != "en" => {
            let tr = crate::output::language();
            crate::output::worded(tr.words(&r.key, r.args.iter().map(|(n, v)| (n.as_str(), v))), || error)
        }
        Ok(ApiErrorBody { error, .. }) => error,
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    if status.is_client_error() || status == StatusCode::UNAUTHORIZED {
        ClientError::Refused { status: status.as_u16(), message }
    } else {
        ClientError::NodeFailed { status: status.as_u16(), message }
    }
}
