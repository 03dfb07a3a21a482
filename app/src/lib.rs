//! The asn-portal Leptos application: pages, components, server functions
//! and the types they share, compiled for the server (`ssr`) and for the
//! browser (`hydrate`).

#![recursion_limit = "256"]

// The layers, lowest first (ARCHITECTURE.md at the repository root): a
// module uses only modules declared above it, which `walls` checks.
//
// Foundations: types, words and the error that crosses the wire.
pub mod domain;
pub mod i18n;
pub mod error;
// Server building blocks (database, state, sessions, the request context).
#[cfg(feature = "ssr")]
pub mod server;
// Components every page shares.
pub mod ui;
// Platform features the others build on.
pub mod audit;
pub mod mail;
pub mod notify;
pub mod org;
pub mod help;
pub mod documents;
// Accounts and signing in.
pub mod account;
pub mod mfa;
pub mod auth;
pub mod reset;
pub mod oidc;
// Personnel services.
pub mod profile;
pub mod attendance;
pub mod corrections;
pub mod leave;
pub mod announcements;
// What draws on many features: the agency's console, the dashboard, the
// demo data.
pub mod admin;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod demo;
// Pages of no single feature, and the shell around every page.
pub mod pages;

#[cfg(test)]
mod walls;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::account::email_links::{ConfirmEmailPage, StopEmailChangePage};
use crate::account::pages::{ChangePasswordPage, SessionsPage};
use crate::admin::archive_page::AdminArchivePage;
use crate::admin::audit_page::AdminAuditPage;
use crate::admin::calendar_page::AdminCalendarPage;
use crate::admin::contact_page::AdminContactPage;
use crate::admin::hours_page::AdminHoursPage;
use crate::admin::import_page::AdminImportPage;
use crate::admin::jobs_page::AdminJobsPage;
use crate::admin::offices_page::AdminOfficesPage;
use crate::admin::pages::{AdminEmployeePage, AdminEmployeesPage};
use crate::announcements::pages::{NewNoticePage, NoticePage, NoticesPage};
use crate::attendance::{pages::AttendancePage, team_page::TeamAttendancePage};
use crate::auth::pages::SignInPage;
use crate::corrections::pages::{CorrectionQueuePage, MyCorrectionsPage};
use crate::dashboard::pages::DashboardPage;
use crate::documents::document_page::DocumentPage;
use crate::documents::pages::DocumentsPage;
use crate::help::pages::HelpPage;
use crate::i18n::{Lang, Msg, t};
use crate::leave::pages::{LeaveInboxPage, LeavePage};
use crate::leave::request_page::LeaveRequestPage;
use crate::leave::verify_page::VerifyLetterPage;
use crate::mfa::pages::{EnrolPage, OtpPage, RecoveryCodesPage, SecurityPage};
use crate::notify::pages::NotificationsPage;
use crate::oidc::pages::{ConfirmSignInPage, ConsentPage, ServicesPage};
use crate::pages::home::HomePage;
use crate::pages::layout::Layout;
use crate::profile::pages::MyDataPage;
use crate::reset::pages::{ResetAuthenticatorPage, ResetPage};
use crate::ui::not_found::NotFound;

/// Connects the features that react to another's events without the lower
/// one knowing them: whatever ends a portal session also ends the single
/// sign-on it gave. The server and every CLI command call this at start-up
/// (`startup::open_database`), as do tests that write without a server.
#[cfg(feature = "ssr")]
pub fn register_hooks() {
    server::session::on_end(oidc::backchannel::end_hook);
}

/// The jobs the server runs on a schedule (`server::schedule`), one row
/// each in `scheduled_jobs`.
#[cfg(feature = "ssr")]
pub fn scheduled_jobs() -> Vec<server::schedule::Job> {
    vec![leave::yearly::JOB]
}

/// Makes every feature's refusals and invalid fields readable wherever an
/// error is shown, in the browser and on the server (once per process).
pub fn register_errors() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        error::register_refusal::<leave::model::LeaveRefusal>();
        error::register_refusal::<attendance::model::AttendanceRefusal>();
        for fields in [
            announcements::INVALID_FIELDS,
            attendance::INVALID_FIELDS,
            corrections::INVALID_FIELDS,
            admin::INVALID_FIELDS,
            reset::INVALID_FIELDS,
            leave::INVALID_FIELDS,
            help::INVALID_FIELDS,
        ] {
            error::register_fields(fields);
        }
    });
}

/// The name under which the WASM bundle, its JS glue and the CSS are served
/// from `/pkg/`.
pub const OUTPUT_NAME: &str = "asn-portal";

/// The HTML document around the app. Runs on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    #[cfg(feature = "ssr")]
    provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
                <meta name="theme-color" content="#0b4f8a" />
                <meta name="description" content=Msg::BrandTagline.text(lang) />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <script src="/sw-register.js" defer></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language of the current request: the cookie on the server, the
/// document's `lang` attribute (rendered from that cookie) in the browser.
fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|el| el.get_attribute("lang"))
                .map(|code| Lang::from_code(&code))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::default()
        }
    }
}

/// Hands the per-request CSP nonce (set by the server's security-header
/// middleware) to Leptos, which puts it on every script it renders.
#[cfg(feature = "ssr")]
fn provide_request_nonce() {
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// The client's address as the server's proxy rules resolve it (set by
/// the server's client-ip middleware).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientIp {
    Known(std::net::IpAddr),
    /// A trusted proxy sent the request but its `X-Forwarded-For` names no
    /// address outside the trusted proxies (missing, malformed, or only
    /// proxies). The client is not the proxy: rate limits put every such
    /// request in one bucket, the audit says `unknown`, and no admin
    /// network contains it.
    Unknown,
}

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientIp::Known(ip) => ip.fmt(f),
            ClientIp::Unknown => f.write_str("unknown"),
        }
    }
}

/// The nonce a response's Content-Security-Policy allows scripts with.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

#[component]
pub fn App() -> impl IntoView {
    register_errors();
    crate::ui::landing::remember();
    provide_meta_context();
    // One language value, seen through an arena-backed signal (pages) and a
    // reference-counted one (titles: see ui::page_title).
    let title_lang = ArcRwSignal::new(request_lang());
    let lang = RwSignal::from(title_lang.clone());
    provide_context(lang);
    provide_context(title_lang.clone());

    // Runs only in the browser: marks the document as hydrated (tests wait
    // for it) and keeps `<html lang>` in step with the chosen language.
    Effect::new(move |_| {
        let code = lang.get().code();
        #[cfg(feature = "hydrate")]
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", code);
            let _ = root.set_attribute("data-hydrated", "true");
        }
        let _ = code;
    });

    view! {
        <Stylesheet id="leptos" href=format!("/pkg/{OUTPUT_NAME}.css") />
        <Title formatter=move |page: String| format!("{page} · {}", Msg::BrandName.text(title_lang.get())) />
        <Router>
            <Layout>
                <ErrorBoundary fallback=|_errors| view! { <ErrorPage /> }>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in/otp") view=OtpPage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in/enrol") view=EnrolPage ssr=SsrMode::Async />
                        <Route path=path!("/reset") view=ResetPage ssr=SsrMode::Async />
                        <Route path=path!("/reset/authenticator") view=ResetAuthenticatorPage ssr=SsrMode::Async />
                        <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async />
                        <Route path=path!("/my-data") view=MyDataPage ssr=SsrMode::Async />
                        <Route path=path!("/my-data/corrections") view=MyCorrectionsPage ssr=SsrMode::Async />
                        <Route path=path!("/corrections") view=CorrectionQueuePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/employees") view=AdminEmployeesPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/employees/:id") view=AdminEmployeePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/archive") view=AdminArchivePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/import") view=AdminImportPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/calendar") view=AdminCalendarPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/jobs") view=AdminJobsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/contact") view=AdminContactPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/hours") view=AdminHoursPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/offices") view=AdminOfficesPage ssr=SsrMode::Async />
                        <Route path=path!("/help") view=HelpPage ssr=SsrMode::Async />
                        <Route path=path!("/leave") view=LeavePage ssr=SsrMode::Async />
                        <Route path=path!("/leave/inbox") view=LeaveInboxPage ssr=SsrMode::Async />
                        <Route path=path!("/leave/:id") view=LeaveRequestPage ssr=SsrMode::Async />
                        <Route path=path!("/verify/:code") view=VerifyLetterPage ssr=SsrMode::Async />
                        <Route path=path!("/attendance") view=AttendancePage ssr=SsrMode::Async />
                        <Route path=path!("/attendance/team") view=TeamAttendancePage ssr=SsrMode::Async />
                        <Route path=path!("/documents") view=DocumentsPage ssr=SsrMode::Async />
                        <Route path=path!("/documents/:id") view=DocumentPage ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                        <Route path=path!("/announcements") view=NoticesPage ssr=SsrMode::Async />
                        <Route path=path!("/announcements/new") view=NewNoticePage ssr=SsrMode::Async />
                        <Route path=path!("/announcements/:id") view=NoticePage ssr=SsrMode::Async />
                        <Route path=path!("/account/password") view=ChangePasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/account/sessions") view=SessionsPage ssr=SsrMode::Async />
                        <Route path=path!("/account/services") view=ServicesPage ssr=SsrMode::Async />
                        <Route path=path!("/oauth/consent") view=ConsentPage ssr=SsrMode::Async />
                        <Route path=path!("/oauth/confirm") view=ConfirmSignInPage ssr=SsrMode::Async />
                        <Route path=path!("/email/confirm") view=ConfirmEmailPage />
                        <Route path=path!("/email/object") view=StopEmailChangePage />
                        <Route path=path!("/account/security") view=SecurityPage ssr=SsrMode::Async />
                        <Route path=path!("/account/security/add") view=EnrolPage ssr=SsrMode::Async />
                        <Route path=path!("/account/recovery-codes") view=RecoveryCodesPage ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </Layout>
        </Router>
    }
}

#[component]
fn ErrorPage() -> impl IntoView {
    view! {
        <section class="notice" role="alert">
            <h1>{t(Msg::ErrorTitle)}</h1>
            <p>{t(Msg::ErrorBody)}</p>
            <a class="button" href="/">
                {t(Msg::BackHome)}
            </a>
        </section>
    }
}

#[cfg(test)]
mod error_words_tests {
    use crate::error::{AppError, Field};
    use crate::i18n::{Lang, Msg};

    /// Every feature's refusal words and field messages register without
    /// a clash (a clash panics), and an error reads as its feature says.
    #[test]
    fn every_feature_registers_its_error_words() {
        super::register_errors();
        // A refused field crosses the wire by its name and reads back as the
        // feature's own field, with its message.
        let from_wire = |name: &str| -> AppError {
            serde_json::from_value(serde_json::json!({"Validation": {"field": name}})).unwrap()
        };
        let reason = AppError::invalid(crate::corrections::field::REASON);
        assert_eq!(
            serde_json::to_value(&reason).unwrap(),
            serde_json::json!({"Validation": {"field": "correction_reason"}})
        );
        assert_eq!(from_wire("correction_reason"), reason);
        assert_eq!(from_wire("correction_reason").message(), Msg::CorrectionReasonRequired);
        assert_eq!(from_wire("admin_email").message(), Msg::AdminEmailInvalid);
        assert_eq!(from_wire("no_such_field"), AppError::invalid(Field::UNREADABLE));
        // A malformed NIP in the WFA form is the WFA form's, not the reset wizard's.
        assert_eq!(crate::attendance::field::WFA_NIP.message(), Msg::WfaNipUnknown);
        assert_eq!(from_wire("nip").message(), Msg::ResetNipInvalid);
        let overlap = AppError::refused(crate::leave::model::LeaveRefusal::Overlap {
            start: crate::domain::Date::from_ymd(2027, 3, 1).unwrap(),
            end: crate::domain::Date::from_ymd(2027, 3, 5).unwrap(),
        });
        assert_eq!(overlap.message(), Msg::LeaveRefused);
        assert!(overlap.explain(Lang::En).contains("2027-03-01"), "{}", overlap.explain(Lang::En));
        assert!(overlap.explain(Lang::Id).contains("bertumpang tindih"), "{}", overlap.explain(Lang::Id));
        let json = serde_json::to_value(&overlap).unwrap();
        assert!(json.get("Leave").is_some(), "the wire keeps the feature's key: {json}");
        assert_eq!(serde_json::from_value::<AppError>(json).unwrap(), overlap);
    }
}
