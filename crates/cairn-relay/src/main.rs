//! `cairn-relay`: stores encrypted share blobs and serves the viewer page.
//!
//! It never sees plaintext or keys: uploads are ciphertext, and the key travels only in
//! the link's `#fragment`, which browsers do not send. This file reads the arguments,
//! opens the store, binds, and runs the server with its background tasks until SIGTERM
//! or Ctrl-C.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use bytesize::ByteSize;
use clap::Parser;

use cairn_relay::limits::{MAX_SHARE_BYTES, RateLimits};
use cairn_relay::shares::{self, Shares};
use cairn_relay::store::Store;
use cairn_relay::store::local::LocalStore;
use cairn_relay::store::s3::S3Store;
use cairn_relay::{api, viewer};

/// Stores encrypted Cairn shares and serves the page that opens them.
#[derive(Parser, Debug)]
#[command(name = "cairn-relay", version)]
struct Args {
    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787", env = "CAIRN_RELAY_LISTEN")]
    listen: SocketAddr,
    /// Where blobs are kept: a directory (default: the OS data directory, e.g.
    /// ~/.local/share/cairn-relay), or s3://BUCKET (endpoint and credentials from the
    /// AWS_* environment variables, e.g. AWS_ENDPOINT_URL).
    #[arg(long, env = "CAIRN_RELAY_STORE", value_name = "DIR|s3://BUCKET")]
    store: Option<String>,
    /// Base URL of the links handed out (default: http://LISTEN_ADDRESS).
    #[arg(long, env = "CAIRN_RELAY_PUBLIC_URL", value_name = "URL", value_parser = web_url)]
    public_url: Option<url::Url>,
    /// Largest accepted share (e.g. 5MB, 512KiB); at most 8MiB, the largest share
    /// Cairn opens.
    #[arg(long, default_value = "5MB", env = "CAIRN_RELAY_MAX_SIZE", value_parser = share_size)]
    max_size: ByteSize,
    /// Cap on the bytes of all stored shares together; uploads past it get 507 until
    /// expired or revoked shares are swept (0: no cap).
    #[arg(long, default_value = "10GB", env = "CAIRN_RELAY_MAX_STORE")]
    max_store: ByteSize,
    /// Directory of the built viewer page (index.html and its assets).
    #[arg(long, env = "CAIRN_RELAY_VIEWER", value_name = "DIR", default_value = viewer::DEFAULT_DIR)]
    viewer: PathBuf,
    /// Requests per minute from one client address (0: no limit).
    #[arg(long, default_value_t = 600, env = "CAIRN_RELAY_RATE_LIMIT")]
    rate_limit: u32,
    /// Uploads per minute from one client address (0: no limit).
    #[arg(long, default_value_t = 30, env = "CAIRN_RELAY_UPLOAD_RATE_LIMIT")]
    upload_rate_limit: u32,
    /// Take the client address from the last X-Forwarded-For entry (for rate limits).
    /// Only behind a reverse proxy that is the sole way to reach the relay.
    #[arg(long, env = "CAIRN_RELAY_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// Seconds between sweeps that delete expired shares.
    #[arg(long, default_value_t = 60, env = "CAIRN_RELAY_SWEEP_INTERVAL",
          value_parser = clap::value_parser!(u64).range(1..))]
    sweep_interval: u64,
    /// Shortest expiry an upload may ask for, in seconds. Only tests lower it.
    #[arg(long, hide = true, default_value_t = shares::MIN_EXPIRES, env = "CAIRN_RELAY_MIN_EXPIRES",
          value_parser = clap::value_parser!(u64).range(1..))]
    min_expires: u64,
}

fn share_size(text: &str) -> Result<ByteSize, String> {
    let size: ByteSize = text.parse()?;
    if size.as_u64() > MAX_SHARE_BYTES {
        return Err(format!(
            "{size} is over {}, the largest share Cairn opens",
            ByteSize(MAX_SHARE_BYTES).display().iec()
        ));
    }
    Ok(size)
}

fn web_url(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text).map_err(|e| format!("not a URL: {e}"))?;
    match url.scheme() {
        "http" | "https" if url.query().is_none() && url.fragment().is_none() => Ok(url),
        "http" | "https" => Err("a base URL has no ?query or #fragment".into()),
        other => Err(format!("links must be http or https, not {other}")),
    }
}

/// How often views counted in memory are written to the store.
const VIEW_FLUSH_INTERVAL: Duration = Duration::from_secs(5);
/// Time a client has to send an upload's body.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "cairn_relay=info".into()),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("cairn-relay: {message}");
    ExitCode::from(2)
}

async fn run(args: Args) -> Result<(), String> {
    let store = open_store(args.store.as_deref()).await?;
    let shares = Arc::new(Shares::new(
        store,
        args.min_expires,
        args.max_store.as_u64(),
    ));
    let used = shares
        .measure_usage()
        .await
        .map_err(|e| format!("cannot measure the share store: {e}"))?;
    tracing::info!("{} in stored shares", ByteSize(used));
    let limits = Arc::new(
        RateLimits::per_minute(args.rate_limit, args.upload_rate_limit)
            .trusting_forwarded_for(args.trust_forwarded_for),
    );

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    let public_url = match args.public_url {
        Some(url) => url.as_str().trim_end_matches('/').to_owned(),
        None => {
            if addr.ip().is_unspecified() {
                tracing::warn!(
                    "links will name http://{addr}, which no browser can reach: pass --public-url"
                );
            }
            format!("http://{addr}")
        }
    };
    let config = api::Config {
        public_url,
        max_size: args.max_size.as_u64(),
        body_timeout: BODY_TIMEOUT,
        viewer_dir: args.viewer,
    };
    let app = api::router(Arc::clone(&shares), Arc::clone(&limits), config);

    let (stop_background, stopped) = tokio::sync::oneshot::channel();
    let background = spawn_background(
        Arc::clone(&shares),
        limits,
        Duration::from_secs(args.sweep_interval),
        stopped,
    );
    // Scripts and tests read this line to learn the port; it is the only stdout output.
    println!("cairn-relay listening on http://{addr}");

    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    // Let a sweep or flush in progress finish rather than cutting it in half.
    let _ = stop_background.send(());
    let _ = background.await;
    if let Err(e) = shares.flush_views().await {
        tracing::error!("views counted since the last flush were not saved: {e}");
    }
    served.map_err(|e| format!("the server stopped: {e}"))
}

async fn open_store(store: Option<&str>) -> Result<Arc<dyn Store>, String> {
    if let Some(bucket) = store.and_then(|s| s.strip_prefix("s3://")) {
        let bucket = bucket.trim_end_matches('/');
        if bucket.is_empty() || bucket.contains('/') {
            return Err(format!(
                "--store s3://{bucket}: name a bucket, as s3://BUCKET"
            ));
        }
        let s3 = S3Store::from_env(bucket)
            .map_err(|e| format!("cannot use bucket {bucket:?} as the share store: {e}"))?;
        s3.check()
            .await
            .map_err(|e| format!("cannot use bucket {bucket:?} as the share store: {e}"))?;
        tracing::info!("shares are stored in the S3 bucket {bucket}");
        return Ok(Arc::new(s3));
    }
    let dir = match store {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("", "Cairn", "cairn-relay")
            .ok_or("no home directory to keep shares in; pass --store DIR")?
            .data_dir()
            .to_path_buf(),
    };
    let store = LocalStore::open(&dir)
        .map_err(|e| format!("cannot use {} as the share store: {e}", dir.display()))?;
    tracing::info!("shares are stored in {}", dir.display());
    Ok(Arc::new(store))
}

/// The sweeper (expired shares, idle rate-limit entries) and the view-count flusher.
fn spawn_background(
    shares: Arc<Shares>,
    limits: Arc<RateLimits>,
    sweep_every: Duration,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut sweep = tokio::time::interval(sweep_every);
        let mut flush = tokio::time::interval(VIEW_FLUSH_INTERVAL);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = sweep.tick() => {
                    match shares.sweep().await {
                        Ok(0) => {}
                        Ok(n) => tracing::info!("deleted {n} expired shares"),
                        Err(e) => tracing::error!("sweeping expired shares failed: {e}"),
                    }
                    limits.forget_idle();
                }
                _ = flush.tick() => {
                    if let Err(e) = shares.flush_views().await {
                        tracing::error!("saving view counts failed: {e}");
                    }
                }
            }
        }
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
