//! Routes of trust (issue 11): this node's keys and their rotation, the
//! operator alerts and their acknowledgement, and the Secretariat's roster
//! work that the roster key makes possible: the draft for offline signing,
//! publishing a roster signed offline, applying a rotation received out of
//! band, a declared recovery, and replacing the roster key.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use dief_protocol::roster::SignedKeyRotation;
use dief_protocol::{Roster, SignedJoinRequest, SignedRoster};
use serde::{Deserialize, Serialize};

use crate::api::http::{ApiResult, AppState};
use crate::api::node::{from_armored, to_armored, Armored, RosterView, JOIN_LABEL, ROSTER_LABEL};
use crate::core::alerts::Alert;
use crate::core::error::NodeError;
pub use crate::core::node::KeysView;

pub const ROTATION_LABEL: &str = "DIEF KEY ROTATION";
pub const DRAFT_LABEL: &str = "DIEF ROSTER DRAFT";

/// `POST /v1/keys/rotate`: the statement sent to the Secretariat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RotationView {
    pub new_signing_key_fingerprint: String,
    pub statement: Armored,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertId {
    pub id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRequest {
    /// The member's new join request (armoured).
    pub text: String,
    /// Why its keys are replaced; every member is shown it.
    pub reason: String,
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/keys", get(keys))
        .route("/v1/keys/rotate", post(rotate))
        .route("/v1/alerts", get(alerts))
        .route("/v1/alerts/acknowledge", post(acknowledge))
        .route("/v1/roster/draft", get(draft))
        .route("/v1/roster/publish", post(publish))
        .route("/v1/roster/rotation", post(apply_rotation))
        .route("/v1/roster/recover", post(recover))
        .route("/v1/roster/rotate-key", post(rotate_roster_key))
}

async fn keys(State(s): State<AppState>) -> ApiResult<KeysView> {
    Ok(Json(s.node.keys_view()))
}

async fn rotate(State(s): State<AppState>) -> ApiResult<RotationView> {
    let signed = s.node.rotate_keys().await?;
    let rotation = signed.verify().map_err(NodeError::from)?;
    let Json(statement) = to_armored(ROTATION_LABEL, "key rotation", &signed)?;
    Ok(Json(RotationView { new_signing_key_fingerprint: rotation.signing_key.fingerprint(), statement }))
}

async fn alerts(State(s): State<AppState>) -> ApiResult<Vec<Alert>> {
    Ok(Json(s.node.alerts()?))
}

async fn acknowledge(State(s): State<AppState>, Json(a): Json<AlertId>) -> ApiResult<Alert> {
    // The API token is one operator credential; user accounts name the user.
    Ok(Json(s.node.acknowledge_alert(&a.id, "api token")?))
}

async fn draft(State(s): State<AppState>) -> ApiResult<Armored> {
    let draft: Roster = s.node.roster_draft()?.ok_or(NodeError::NotFound { what: "roster draft", id: "-".into() })?;
    to_armored(DRAFT_LABEL, "roster draft", &draft)
}

async fn publish(State(s): State<AppState>, Json(a): Json<Armored>) -> ApiResult<RosterView> {
    let signed: SignedRoster = from_armored(ROSTER_LABEL, "roster", &a)?;
    s.node.publish_roster(&signed).await?;
    let r = s.node.roster().ok_or(NodeError::NoRoster)?;
    Ok(Json(RosterView::from(&r)))
}

async fn apply_rotation(State(s): State<AppState>, Json(a): Json<Armored>) -> ApiResult<RosterView> {
    let signed: SignedKeyRotation = from_armored(ROTATION_LABEL, "key rotation", &a)?;
    Ok(Json(RosterView::from(&s.node.apply_rotation(&signed).await?)))
}

async fn recover(State(s): State<AppState>, Json(r): Json<RecoveryRequest>) -> ApiResult<RosterView> {
    let req: SignedJoinRequest = from_armored(JOIN_LABEL, "join request", &Armored { text: r.text })?;
    Ok(Json(RosterView::from(&s.node.recover(&req, r.reason).await?)))
}

async fn rotate_roster_key(State(s): State<AppState>) -> ApiResult<RosterView> {
    Ok(Json(RosterView::from(&s.node.rotate_roster_key().await?)))
}
