//! A real issuer on this computer's loopback for the online tests: axum serving
//! canned answers over plain HTTP and over TLS (a certificate authority made for the
//! run, trusted only by the test's fetcher), with per-path hit counts, delays,
//! hanging answers and redirects.

#![allow(dead_code)]

pub mod verifying;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;

/// What one path answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub delay: Duration,
    pub location: Option<String>,
}

impl Reply {
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            content_type: "application/json",
            delay: Duration::ZERO,
            location: None,
        }
    }

    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            ..Reply::json(Vec::new())
        }
    }

    pub fn redirect(to: impl Into<String>) -> Reply {
        Reply {
            status: 302,
            location: Some(to.into()),
            ..Reply::json(Vec::new())
        }
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Shared {
    replies: Mutex<HashMap<String, Reply>>,
    hits: Mutex<HashMap<String, usize>>,
}

pub struct Server {
    shared: Arc<Shared>,
    pub http: SocketAddr,
    pub https: SocketAddr,
    /// The run's certificate authority (PEM), to trust in the fetcher.
    pub ca_pem: Vec<u8>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    let path = request.uri().path().to_owned();
    *shared.hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let reply = shared.replies.lock().unwrap().get(&path).cloned();
    let Some(reply) = reply else {
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::empty())
            .unwrap();
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut builder = Response::builder()
        .status(reply.status)
        .header(header::CONTENT_TYPE, reply.content_type);
    if let Some(location) = &reply.location {
        builder = builder.header(header::LOCATION, location);
    }
    builder.body(Body::from(reply.body)).unwrap()
}

impl Server {
    pub fn start() -> Server {
        let shared = Arc::new(Shared::default());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (ca_pem, server_config) = tls_config();
        let app = Router::new().fallback(answer).with_state(shared.clone());
        let (http, https) = runtime.block_on(async {
            let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let secure = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            (plain, secure)
        });
        let http_addr = http.local_addr().unwrap();
        let https_addr = https.local_addr().unwrap();
        let plain_app = app.clone();
        runtime.spawn(async move {
            axum::serve(http, plain_app).await.unwrap();
        });
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server_config));
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = https.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let app = app.clone();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake; fine.
                    let Ok(tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), TowerToHyperService::new(app))
                        .await;
                });
            }
        });
        Server {
            shared,
            http: http_addr,
            https: https_addr,
            ca_pem,
            runtime: Some(runtime),
        }
    }

    pub fn set(&self, path: &str, reply: Reply) {
        self.shared
            .replies
            .lock()
            .unwrap()
            .insert(path.to_owned(), reply);
    }

    pub fn hits(&self, path: &str) -> usize {
        self.shared
            .hits
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    pub fn total_hits(&self) -> usize {
        self.shared.hits.lock().unwrap().values().sum()
    }

    /// `http://127.0.0.1:PORT/path`
    pub fn http_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http.port())
    }

    /// `https://localhost:PORT/path`
    pub fn https_url(&self, path: &str) -> String {
        format!("https://localhost:{}{path}", self.https.port())
    }

    /// `did:web:localhost%3APORT` plus `:`-joined path segments.
    pub fn did_web(&self, segments: &[&str]) -> String {
        let mut did = format!("did:web:localhost%3A{}", self.https.port());
        for segment in segments {
            did.push(':');
            did.push_str(segment);
        }
        did
    }
}

/// A CA and a `localhost` certificate it signed.
fn tls_config() -> (Vec<u8>, rustls::ServerConfig) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Cairn test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_params =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
    let key_der = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone(), ca_cert.der().clone()], key_der)
        .unwrap();
    (ca_cert.pem().into_bytes(), config)
}
