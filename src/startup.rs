//! Building and running the server: connect and migrate the database, load
//! demo data when asked, bind the listener, serve until told to stop.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use leptos::config::{Env, LeptosOptions};
use tokio::net::TcpListener;

use crate::config::Config;
use crate::mail_worker::MailWorker;
use crate::middleware::metrics::Metrics;
use crate::router;
use app::demo::{self, DemoOutcome};
use app::server::hasher::Hasher;
use app::server::stream_slots::{EventStreams, StreamSlots};
use app::server::time::{Clock, SystemClock};
use app::server::{AppState, Db, ServerSettings};

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    db: Db,
    config: Config,
    mail: MailWorker,
    /// For the back-channel logout worker.
    state: AppState,
    stop_events: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Everything that can fail at start-up fails here, loudly.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As [`Application::build`], with the time source tests control.
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        // Outgoing TLS (back-channel logout, the blob bucket) uses ring.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let db = open_database(&config).await?;
        if config.demo_data {
            match demo::load(&db).await? {
                DemoOutcome::Loaded(accounts) => tracing::info!(employees = accounts.len(), "demo data loaded"),
                DemoOutcome::AlreadyPresent => tracing::debug!("demo data: database already populated"),
            }
        }
        match config.documents.store.sweep_partials(crate::router::UPLOAD_TIMEOUT * 2).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(files = n, "removed half-written uploads left by an earlier process"),
            Err(e) => tracing::warn!(error = %e, "could not look for half-written uploads"),
        }
        if !config.site_dir.join("pkg").is_dir() {
            tracing::warn!(site_dir = %config.site_dir.display(), "no built site here: pages render but will not hydrate (run scripts/build.sh)");
        }
        let leptos_options = LeptosOptions::builder()
            .output_name(app::OUTPUT_NAME)
            .site_root(config.site_dir.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(config.bind)
            .env(Env::PROD)
            .build();
        let p = &config.passwords;
        let hasher = Hasher::new(p.params, p.concurrency, p.queue_timeout)?;
        let (stop_events, events_stopped) = tokio::sync::watch::channel(false);
        let state = AppState {
            leptos_options,
            db: db.clone(),
            settings: Arc::new(ServerSettings {
                production: config.is_production(),
                cookie_secure: config.cookie_secure,
                auth: config.auth.clone(),
                reset: config.reset.clone(),
                oidc: config.oidc.clone(),
                public_url: config.public_url.as_str().trim_end_matches('/').to_string(),
            }),
            hasher,
            clock: clock.clone(),
            sign_ins: Arc::default(),
            mfa: config.mfa.clone(),
            documents: Arc::new(app::documents::service::DocumentSettings {
                store: config.documents.store.clone(),
                max_bytes: config.documents.max_bytes,
                policy: config.documents.policy,
                quota_bytes: config.documents.quota_bytes,
                uploads_per_hour: config.documents.uploads_per_hour,
            }),
            events: EventStreams {
                slots: StreamSlots::new(config.event_streams_per_session, config.event_streams_max),
                stopped: events_stopped,
            },
        };
        let mail = MailWorker::new(&config.mail, db.clone(), clock)?;
        let router = router::build(state.clone(), &config, Metrics::default());
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {} (ASN_BIND): {e}", config.bind))?;
        Ok(Self { listener, router, db, config, mail, state, stop_events })
    }

    pub fn port(&self) -> u16 {
        self.local_addr().port()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and
    /// lets in-flight requests finish, for at most ASN_SHUTDOWN_TIMEOUT_SECS.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let Self { listener, router, db, config, mail, state, stop_events } = self;
        let (stop_workers, workers_stopped) = tokio::sync::watch::channel(false);
        let mail_task = tokio::spawn(mail.run(workers_stopped.clone()));
        // The scheduled jobs' own claims keep them to one instance a day; an
        // instance started with ASN_SCHEDULED_JOBS=off leaves them to others.
        let jobs_task = config.scheduled_jobs.then(|| {
            tokio::spawn(app::server::schedule::run(state.clone(), app::scheduled_jobs(), workers_stopped.clone()))
        });
        let logout_task = tokio::spawn(app::oidc::backchannel::run(state, workers_stopped));
        let stopping = Arc::new(tokio::sync::Notify::new());
        let notify = stopping.clone();
        let signal = async move {
            shutdown.await;
            tracing::info!("shutting down: finishing in-flight requests");
            // Event streams never finish by themselves: end them now.
            let _ = stop_events.send(true);
            notify.notify_one();
        };
        tracing::info!(address = %listener.local_addr()?, public_url = %config.public_url, engine = db.backend().name(), "serving");
        let serve = crate::serve::serve(listener, router, config.header_timeout, signal);
        let deadline = async {
            stopping.notified().await;
            tokio::time::sleep(config.shutdown_timeout).await;
        };
        let result = tokio::select! {
            result = serve => result,
            () = deadline => {
                tracing::warn!("shutdown timeout reached; dropping remaining connections");
                Ok(())
            }
        };
        // The workers finish the message or notice in hand (their SMTP and
        // HTTP timeouts bound it).
        let _ = stop_workers.send(true);
        let _ = mail_task.await;
        let _ = logout_task.await;
        // A job run in hand is dropped, not awaited: each job commits in
        // steps that a later run completes (the leave roll-over is
        // idempotent), and its claim lapses after the lease.
        if let Some(jobs) = jobs_task {
            jobs.abort();
            let _ = jobs.await;
        }
        db.close().await;
        tracing::info!("stopped");
        result
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// Connects, applies the migrations and installs the audit key (sealing
/// where keyed auditing began, on the first keyed start): what the server
/// and every CLI command do before touching data.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database).await?;
    db.migrate().await?;
    app::audit::seal::install(app::audit::seal::derive(config.secret_key.expose()));
    app::register_hooks();
    let mut conn = db.pool().acquire().await?;
    app::audit::seal::seal_boundary(&mut conn).await?;
    Ok(db)
}
