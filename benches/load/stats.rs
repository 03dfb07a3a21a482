//! Per-step timings: every request's duration and whether it did what it
//! should, printed as throughput, percentiles and errors.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Step {
    name: &'static str,
    ok: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
}

struct Inner {
    started: Instant,
    steps: Vec<Step>,
}

#[derive(Clone)]
pub struct Recorder(Arc<Mutex<Inner>>);

impl Recorder {
    pub fn new() -> Self {
        Self(Arc::new(Mutex::new(Inner { started: Instant::now(), steps: Vec::new() })))
    }

    /// Forgets what was recorded and starts the clock again.
    pub fn restart(&self) {
        let mut inner = self.0.lock().unwrap();
        inner.started = Instant::now();
        inner.steps.clear();
    }

    pub fn elapsed(&self) -> Duration {
        self.0.lock().unwrap().started.elapsed()
    }

    pub fn record(&self, name: &'static str, took: Duration, ok: bool) {
        self.record_error(name, took, (!ok).then(String::new));
    }

    /// A step's outcome: `None` for success, else what went wrong.
    pub fn record_error(&self, name: &'static str, took: Duration, error: Option<String>) {
        let mut inner = self.0.lock().unwrap();
        let index = match inner.steps.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                inner.steps.push(Step { name, ..Step::default() });
                inner.steps.len() - 1
            }
        };
        let step = &mut inner.steps[index];
        match error {
            None => step.ok.push(took),
            Some(e) => {
                step.errors += 1;
                if step.first_error.is_none() && !e.is_empty() {
                    step.first_error = Some(e);
                }
            }
        }
    }

    /// Successful runs of a step so far.
    pub fn count(&self, name: &str) -> usize {
        self.0.lock().unwrap().steps.iter().find(|s| s.name == name).map_or(0, |s| s.ok.len())
    }

    pub fn print(&self) {
        let inner = self.0.lock().unwrap();
        let seconds = inner.started.elapsed().as_secs_f64();
        println!("\n| step | done | errors | per second | p50 ms | p95 ms | p99 ms | max ms |");
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for step in &inner.steps {
            let mut sorted = step.ok.clone();
            sorted.sort();
            let at = |p: f64| -> String {
                if sorted.is_empty() {
                    return "–".into();
                }
                let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
                format!("{:.1}", sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0)
            };
            println!(
                "| {} | {} | {} | {:.1} | {} | {} | {} | {} |",
                step.name,
                sorted.len(),
                step.errors,
                sorted.len() as f64 / seconds,
                at(50.0),
                at(95.0),
                at(99.0),
                at(100.0)
            );
        }
        for step in inner.steps.iter().filter(|s| s.first_error.is_some()) {
            println!("first error in {}: {}", step.name, step.first_error.as_deref().unwrap_or_default());
        }
    }
}
