//! The SQL statements run inside one instrumented function (a tracing span
//! of that name), as sqlx logs them (its `sqlx::query` events, at DEBUG), in
//! order: for tests that compare the work two requests cost.

use std::sync::{Arc, Mutex, OnceLock};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

pub type Log = Arc<Mutex<Vec<String>>>;

struct Capture {
    log: Log,
    span: &'static str,
}

struct Statement(Option<String>);
impl Visit for Statement {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "db.statement" || (field.name() == "summary" && self.0.is_none()) {
            self.0 = Some(value.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let in_span = ctx.event_scope(event).is_some_and(|mut scope| scope.any(|span| span.name() == self.span));
        let mut statement = Statement(None);
        event.record(&mut statement);
        if let (true, Some(sql)) = (in_span, statement.0) {
            self.log.lock().unwrap().push(sql);
        }
    }
}

/// Starts capturing (once per test process; nextest runs each test in
/// its own).
pub fn capture(span: &'static str) -> Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Log::default();
        let subscriber = tracing_subscriber::registry().with(Capture { log: log.clone(), span }).with(
            tracing_subscriber::filter::Targets::new()
                .with_target("sqlx::query", tracing::Level::DEBUG)
                .with_target("app", tracing::Level::TRACE),
        );
        tracing::subscriber::set_global_default(subscriber).expect("no other subscriber in this test process");
        log
    })
    .clone()
}

pub fn take(log: &Log) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
}
