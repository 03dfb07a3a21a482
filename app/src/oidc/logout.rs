//! The end-session endpoint's side: where to send the browser after a
//! service asked the portal to sign out. Telling the services that a
//! session ended is [`super::backchannel`]'s.

use super::{keys, repo};
use crate::server::AppState;

/// The query (or form) of the end-session endpoint.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EndSessionParams {
    pub id_token_hint: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
    pub client_id: Option<String>,
}

/// Where to send the browser after signing out at a service's request:
/// the registered `post_logout_redirect_uri` of the client the hint was
/// issued to, or `None` (the portal's sign-in page).
pub async fn after_sign_out(state: &AppState, p: &EndSessionParams) -> Option<String> {
    let uri = p.post_logout_redirect_uri.as_deref()?;
    let claims = keys::verify(&state.db, p.id_token_hint.as_deref()?, state.clock.now()).await?;
    if claims.get("iss")?.as_str()? != state.settings.public_url {
        return None;
    }
    let aud = claims.get("aud")?.as_str()?;
    if p.client_id.as_deref().is_some_and(|c| c != aud) {
        return None;
    }
    let mut conn = state.db.pool().acquire().await.ok()?;
    let client = repo::find(&mut conn, aud).await.ok()??;
    if !client.post_logout_redirect_uris.iter().any(|u| u == uri) {
        return None;
    }
    let mut u = url::Url::parse(uri).ok()?;
    if let Some(s) = &p.state {
        u.query_pairs_mut().append_pair("state", s);
    }
    Some(u.to_string())
}
