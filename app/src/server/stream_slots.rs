//! Caps on the open event streams of this instance (`/events` and the admin
//! live feed): each holds a connection and polls the database every two
//! seconds, so one session may hold only a few (`ASN_EVENT_STREAMS_PER_SESSION`,
//! several tabs) and the instance only so many in all
//! (`ASN_EVENT_STREAMS_MAX`). A stream gives its slot back when it ends,
//! whichever way (the page closed, the session ended, shutdown).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_session: HashMap<String, usize>,
}

/// What every event stream of the instance shares: the slots, and the
/// signal that turns true at shutdown and ends every open stream.
#[derive(Debug, Clone)]
pub struct EventStreams {
    pub slots: StreamSlots,
    pub stopped: tokio::sync::watch::Receiver<bool>,
}

/// The slots of one instance; clones share them.
#[derive(Debug, Clone)]
pub struct StreamSlots {
    open: Arc<Mutex<Open>>,
    per_session: usize,
    total: usize,
}

/// A taken slot: released when dropped.
#[derive(Debug)]
pub struct Slot {
    slots: StreamSlots,
    session: String,
}

impl StreamSlots {
    pub fn new(per_session: usize, total: usize) -> Self {
        Self { open: Arc::default(), per_session, total }
    }

    /// A slot for one more stream of `session` (its hash), or `None` when
    /// the session or the instance holds all it may.
    pub fn take(&self, session: &str) -> Option<Slot> {
        let mut open = self.open.lock().ok()?;
        let held = open.by_session.get(session).copied().unwrap_or(0);
        if held >= self.per_session || open.total >= self.total {
            return None;
        }
        open.total += 1;
        *open.by_session.entry(session.to_string()).or_insert(0) += 1;
        Some(Slot { slots: self.clone(), session: session.to_string() })
    }

    /// Streams open now (for `/metrics`).
    pub fn in_use(&self) -> usize {
        self.open.lock().map_or(0, |o| o.total)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.slots.open.lock() {
            open.total = open.total.saturating_sub(1);
            if let Some(held) = open.by_session.get_mut(&self.session) {
                *held -= 1;
                if *held == 0 {
                    open.by_session.remove(&self.session);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_holds_at_most_its_share_and_the_instance_its_total_and_slots_come_back() {
        let slots = StreamSlots::new(2, 3);
        let a1 = slots.take("a").unwrap();
        let _a2 = slots.take("a").unwrap();
        assert!(slots.take("a").is_none(), "two per session");
        let _b1 = slots.take("b").unwrap();
        assert!(slots.take("c").is_none(), "three in all");
        assert_eq!(slots.in_use(), 3);
        drop(a1);
        assert!(slots.take("a").is_some(), "a closed stream gives its slot back");
    }
}
