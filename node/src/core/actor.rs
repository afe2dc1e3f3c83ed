//! Whose request the current task serves: the web interface and the API
//! run each request inside [`acting_as`], and the audit log writes the
//! name into every event committed from it (issue 12: every action in the
//! audit log names the user). Work that arrives from peers has no actor.

use std::future::Future;
use std::sync::Arc;

tokio::task_local! {
    static ACTOR: Arc<str>;
}

/// The API token's holder: a script or the CLI, not a named person.
pub const TOKEN_ACTOR: &str = "api-token";

/// Runs `fut` on behalf of `user`.
pub async fn acting_as<F: Future>(user: Arc<str>, fut: F) -> F::Output {
    ACTOR.scope(user, fut).await
}

/// Runs `fut` on behalf of `user` if there is one: for a task spawned
/// from a request, which does not inherit the request's task-local.
pub async fn acting_as_if<F: Future>(user: Option<String>, fut: F) -> F::Output {
    match user {
        Some(u) => acting_as(u.into(), fut).await,
        None => fut.await,
    }
}

/// The user the current task acts for, if any.
pub fn current() -> Option<String> {
    ACTOR.try_with(|a| a.to_string()).ok()
}
