//! The HTTP surface (DESIGN §5): `/api/shares` for blobs, plus the viewer routes.
//! Handlers translate HTTP to `Shares` calls and back; the rules live there.
//!
//! Logging records method, route template (never the id or query), status and
//! duration. Bodies and the Authorization header are never logged.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::json;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{ApiError, quote};
use crate::ids::{OwnerToken, ShareId};
use crate::limits::{self, RateLimits};
use crate::shares::Shares;
use crate::viewer;

pub struct Config {
    /// Base of the links handed out, without a trailing slash.
    pub public_url: String,
    pub max_size: u64,
    pub body_timeout: Duration,
    pub viewer_dir: PathBuf,
}

#[derive(Clone)]
struct AppState {
    shares: Arc<Shares>,
    public_url: Arc<str>,
    max_size: u64,
    body_timeout: Duration,
}

pub fn router(shares: Arc<Shares>, limits: Arc<RateLimits>, config: Config) -> Router {
    let state = AppState {
        shares: Arc::clone(&shares),
        public_url: config.public_url.into(),
        max_size: config.max_size,
        body_timeout: config.body_timeout,
    };
    let api = Router::new()
        .route("/api/shares", axum::routing::post(upload))
        .route("/api/shares/{id}", get(fetch).head(probe).delete(revoke))
        .route("/api/shares/{id}/stats", get(stats))
        .with_state(state);
    api.merge(viewer::routes(config.viewer_dir, shares))
        .fallback(|| async { ApiError::NotFound })
        .layer(middleware::from_fn_with_state(limits, limits::enforce))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Owner tokens and ciphertext must not sit in shared caches.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn(log))
}

#[derive(Deserialize)]
struct UploadQuery {
    expires: Option<String>,
}

async fn upload(
    State(state): State<AppState>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|_| ApiError::BadQuery("the query string is malformed".into()))?;
    let expires_in = match query.expires.as_deref() {
        None => None,
        Some(text) => Some(
            text.parse::<u64>()
                .map_err(|_| ApiError::BadExpires(quote(text)))?,
        ),
    };
    let bytes = limits::read_body(&headers, body, state.max_size, state.body_timeout).await?;
    let created = state.shares.create(bytes, expires_in).await?;
    let body = json!({
        "id": created.id.as_str(),
        "owner_token": created.owner_token.reveal(),
        "expires": rfc3339(created.expires),
        "url": format!("{}/s/{}", state.public_url, created.id),
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// The only route any origin may read: a viewer saved as a local file fetches here.
async fn fetch(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    let result = async {
        let id = share_id(id)?;
        let bytes = state.shares.fetch(&id).await?;
        Ok::<_, ApiError>(
            ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        )
    }
    .await;
    let mut response = result.unwrap_or_else(IntoResponse::into_response);
    allow_any_origin(&mut response);
    response
}

/// Only the blob routes carry this: a viewer saved as a local file fetches them.
pub fn allow_any_origin(response: &mut Response) {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
}

/// HEAD: whether the share can be fetched, without reading it or counting a view
/// (link previewers and uptime checks are not viewers).
async fn probe(State(state): State<AppState>, id: Result<Path<String>, PathRejection>) -> Response {
    let result = async {
        state.shares.check_live(&share_id(id)?).await?;
        Ok::<_, ApiError>([(header::CONTENT_TYPE, "application/octet-stream")].into_response())
    }
    .await;
    let mut response = result.unwrap_or_else(IntoResponse::into_response);
    allow_any_origin(&mut response);
    response
}

async fn revoke(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let id = share_id(id)?;
    let token = bearer(&headers)?;
    state.shares.revoke(&id, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn stats(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = share_id(id)?;
    let token = bearer(&headers)?;
    let stats = state.shares.stats(&id, &token).await?;
    Ok(Json(json!({
        "id": id.as_str(),
        "views": stats.views,
        "created": rfc3339(stats.created),
        "expires": rfc3339(stats.expires),
        "size": stats.size,
    })))
}

/// Anything but a well-formed id is "not found", before any storage is touched.
fn share_id(id: Result<Path<String>, PathRejection>) -> Result<ShareId, ApiError> {
    id.ok()
        .and_then(|Path(id)| ShareId::parse(&id))
        .ok_or(ApiError::NotFound)
}

fn bearer(headers: &HeaderMap) -> Result<OwnerToken, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::MissingToken)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError::MissingToken)?;
    // A malformed token cannot match any share: it is simply a wrong one.
    OwnerToken::parse(token.trim()).ok_or(ApiError::WrongToken)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| route_family(request.uri().path()).to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = format_args!("{:.2}", started.elapsed().as_secs_f64() * 1e3),
        "request"
    );
    response
}

/// For unmatched paths and nested services: a coarse name that cannot carry an id.
fn route_family(path: &str) -> &'static str {
    if path.starts_with("/viewer/") {
        "/viewer/*"
    } else if path.starts_with("/api/") {
        "/api/*"
    } else {
        "other"
    }
}
