//! Refresh tokens rotate on every use; a used one coming back revokes the
//! whole family (every token issued from the same code).

use openidconnect::{OAuth2TokenResponse, RefreshToken};

use super::*;
use crate::on_both_engines;

async fn refresh(rp: &Rp, token: &RefreshToken) -> Result<openidconnect::core::CoreTokenResponse, String> {
    rp.exchange_refresh_token(token).unwrap().request_async(&http()).await.map_err(|e| match e {
        openidconnect::RequestTokenError::ServerResponse(r) => r.error().to_string(),
        other => format!("{other:?}"),
    })
}

async fn userinfo_status(app: &TestApp, access: &str) -> u16 {
    app.client.get(app.url("/oauth/userinfo")).bearer_auth(access).send().await.unwrap().status().as_u16()
}

on_both_engines! {
    async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_family(engine: Engine) {
        let app = provider(engine, &[]).await;
        let secret = register(&app, Registration::default()).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let first = exchange(&rp, &code, req.verifier).await.unwrap();
        let r1 = first.refresh_token().unwrap().clone();

        let second = refresh(&rp, &r1).await.expect("the first refresh");
        let r2 = second.refresh_token().unwrap().clone();
        assert_ne!(r1.secret(), r2.secret(), "a new refresh token every time");
        assert_eq!(userinfo_status(&app, second.access_token().secret()).await, 200);

        // The old one again: someone kept a copy. Refused, and the family ends:
        // the newest refresh token and every access token stop working.
        assert_eq!(refresh(&rp, &r1).await.unwrap_err(), "invalid_grant");
        assert_eq!(refresh(&rp, &r2).await.unwrap_err(), "invalid_grant");
        assert_eq!(userinfo_status(&app, second.access_token().secret()).await, 401);
        assert_eq!(userinfo_status(&app, first.access_token().secret()).await, 401);
        let reused = events(&app, "service_token_reused").await;
        assert_eq!(reused, vec![(Some("refresh".into()), Some("client=e-kinerja".into()))]);

        // A new sign-in at the service starts a new family.
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let fresh = exchange(&rp, &code, req.verifier).await.unwrap();
        assert!(refresh(&rp, fresh.refresh_token().unwrap()).await.is_ok());
    }

    // Access tokens are short-lived; refresh tokens live as configured and
    // belong to the client they were issued to.
    async fn tokens_expire_and_are_bound_to_their_client(engine: Engine) {
        let app = provider(engine, &[("ASN_OIDC_ACCESS_TOKEN_MINUTES", "2"), ("ASN_OIDC_REFRESH_TOKEN_HOURS", "1")]).await;
        let secret = register(&app, Registration::default()).await;
        let other_secret = register(&app, Registration { client_id: "other-svc", ..Default::default() }).await;
        let rp = relying_party(&app, "e-kinerja", secret).await;
        let other = relying_party(&app, "other-svc", other_secret).await;
        let (_, token) = signed_in(&app).await;
        let req = request(&rp, &["profile"]);
        let code = authorize(&app, &req, &token).await;
        let tokens = exchange(&rp, &code, req.verifier).await.unwrap();
        assert_eq!(tokens.expires_in().unwrap().as_secs(), 120);

        assert_eq!(refresh(&other, tokens.refresh_token().unwrap()).await.unwrap_err(), "invalid_grant");

        app.clock.advance(121);
        assert_eq!(userinfo_status(&app, tokens.access_token().secret()).await, 401);
        // Keep the portal session alive past the access token's life.
        let fresh = refresh(&rp, tokens.refresh_token().unwrap()).await.expect("refresh after the access token expired");
        assert_eq!(userinfo_status(&app, fresh.access_token().secret()).await, 200);
        app.clock.advance(3601);
        assert_eq!(refresh(&rp, fresh.refresh_token().unwrap()).await.unwrap_err(), "invalid_grant");

        // A day after they expired, codes and tokens are deleted by the
        // token endpoint's next request.
        let count = |table: &'static str| {
            let db = app.db.clone();
            async move {
                let sql = format!("SELECT COUNT(*) FROM {table}");
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).fetch_one(db.pool()).await.unwrap()
            }
        };
        assert!(count("oidc_tokens").await > 0 && count("oidc_codes").await > 0);
        app.clock.advance(86_401);
        let _ = refresh(&rp, fresh.refresh_token().unwrap()).await;
        assert_eq!((count("oidc_tokens").await, count("oidc_codes").await), (0, 0));
    }
}
