//! The node's accounts from the node's side (issue 12): adding, checking a
//! password, changing one's password or language, an administrator
//! changing a role or disabling an account. Argon2id is slow on
//! purpose, so every call hashes on the blocking pool; every change is
//! written to the audit log.

use dief_protocol::reason::Reason;
use tracing::Instrument;
use zeroize::Zeroizing;

use super::Node;
use crate::core::audit::{AuditAction, AuditEvent};
use crate::core::error::{NodeError, NodeResult};
use crate::core::store::Store;
use crate::core::users::{Account, Role, UserView, Users};

impl Node {
    fn with_users<T: Send + 'static>(
        &self,
        what: &'static str,
        f: impl FnOnce(Users<'_>) -> NodeResult<T> + Send + 'static,
    ) -> impl std::future::Future<Output = NodeResult<T>> {
        let store: Store = self.core.inner.store.clone();
        let span = tracing::info_span!("users", what);
        async move {
            tokio::task::spawn_blocking(move || f(Users::new(&store)))
                .await
                .map_err(|e| NodeError::Internal(format!("the account task failed: {e}")))?
        }
        .instrument(span)
    }

    async fn audit_account(&self, action: AuditAction) -> NodeResult<()> {
        let core = &self.core;
        core.commit(core.store().batch(), core.now_ms(), vec![AuditEvent::new(action)]).await
    }

    pub async fn users(&self) -> NodeResult<Vec<UserView>> {
        self.with_users("list", |u| Ok(u.list()?)).await
    }

    pub async fn user(&self, name: &str) -> NodeResult<Option<UserView>> {
        let name = name.to_string();
        self.with_users("get", move |u| Ok(u.get(&name)?.as_ref().map(UserView::from))).await
    }

    pub async fn add_user(
        &self,
        name: &str,
        role: Role,
        password: Zeroizing<String>,
        language: &str,
    ) -> NodeResult<UserView> {
        let (name, language, now) = (name.to_string(), language.to_string(), self.core.now_ms());
        let view = self.with_users("add", move |u| Ok(u.add(&name, role, &password, &language, now)?)).await?;
        self.audit_account(AuditAction::AccountAdded { name: view.name.clone(), role: role.to_string() }).await?;
        tracing::info!(user = %view.name, %role, "account added");
        Ok(view)
    }

    /// The account whose password this is, or `None`. The audit log gets
    /// the sign-in or its refusal.
    pub async fn sign_in(&self, name: &str, password: Zeroizing<String>) -> NodeResult<Option<Account>> {
        let tried = name.to_string();
        let found = self.with_users("verify", move |u| Ok(u.verify(&tried, &password)?)).await?;
        match &found {
            Some(a) => {
                let event = AuditEvent { user: Some(a.name.clone()), ..AuditEvent::new(AuditAction::SignedIn) };
                let core = &self.core;
                core.commit(core.store().batch(), core.now_ms(), vec![event]).await?;
            }
            None => {
                let name: String = name.chars().take(64).collect();
                self.audit_account(AuditAction::SignInRefused { name, reason: "wrong name or password".into() })
                    .await?;
            }
        }
        Ok(found)
    }

    /// Changes `name`'s password once `current` is confirmed.
    pub async fn change_password(
        &self,
        name: &str,
        current: Zeroizing<String>,
        new: Zeroizing<String>,
    ) -> NodeResult<()> {
        let (who, now) = (name.to_string(), self.core.now_ms());
        self.with_users("password", move |u| {
            if u.verify(&who, &current)?.is_none() {
                return Err(NodeError::Refused(Reason::new("refusal-accounts-wrong-password")));
            }
            Ok(u.set_password(&who, &new, now)?)
        })
        .await?;
        self.audit_account(AuditAction::AccountChanged { name: name.to_string(), what: "password".into() }).await
    }

    /// Gives `name` another role (the caller signs its sessions out).
    pub async fn set_user_role(&self, name: &str, role: Role) -> NodeResult<UserView> {
        let who = name.to_string();
        let view = self
            .with_users("role", move |u| {
                u.set_role(&who, role)?;
                Ok(u.get(&who)?.as_ref().map(UserView::from))
            })
            .await?
            .ok_or_else(|| crate::core::users::UserError::Unknown(name.into()))?;
        self.audit_account(AuditAction::AccountChanged { name: view.name.clone(), what: format!("role {role}") })
            .await?;
        tracing::info!(user = %view.name, %role, "account role changed");
        Ok(view)
    }

    /// Disables or enables `name` (the caller signs its sessions out).
    pub async fn set_user_disabled(&self, name: &str, disabled: bool) -> NodeResult<UserView> {
        let (who, now) = (name.to_string(), self.core.now_ms());
        let view = self
            .with_users("disable", move |u| {
                u.set_disabled(&who, disabled.then_some(now))?;
                Ok(u.get(&who)?.as_ref().map(UserView::from))
            })
            .await?
            .ok_or_else(|| crate::core::users::UserError::Unknown(name.into()))?;
        let what = if disabled { "disabled" } else { "enabled" };
        self.audit_account(AuditAction::AccountChanged { name: view.name.clone(), what: what.into() }).await?;
        tracing::info!(user = %view.name, what, "account status changed");
        Ok(view)
    }

    pub async fn set_user_language(&self, name: &str, language: &str) -> NodeResult<()> {
        let (who, lang) = (name.to_string(), language.to_string());
        self.with_users("language", move |u| Ok(u.set_language(&who, &lang)?)).await?;
        self.audit_account(AuditAction::AccountChanged { name: name.to_string(), what: format!("language {language}") })
            .await
    }
}
