//! Pages the server serves but the app's router does not know
//! (`/oauth/authorize`, a document's file): after a sign-in in the
//! hydrated app, a server function's redirect to one of them is followed
//! by the client-side router, which can only show its 404. The 404 page
//! then loads the address from the server instead, unless it is the page
//! the browser landed on (a real 404, which must not reload itself).

#[cfg(feature = "hydrate")]
use std::cell::RefCell;

#[cfg(feature = "hydrate")]
thread_local! {
    static LANDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[cfg(feature = "hydrate")]
fn here() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}", location.pathname().ok()?, location.search().ok()?))
}

/// Remembers the address the page was loaded from (call once, at hydration).
pub fn remember() {
    #[cfg(feature = "hydrate")]
    LANDING.with(|l| {
        if l.borrow().is_none() {
            *l.borrow_mut() = here();
        }
    });
}

/// Loads the current address from the server if the client-side router
/// got here by itself.
pub fn load_from_server_if_navigated() {
    #[cfg(feature = "hydrate")]
    {
        let current = here();
        let landed = LANDING.with(|l| l.borrow().clone());
        if let (Some(current), Some(landed)) = (current, landed)
            && current != landed
            && let Some(window) = web_sys::window()
        {
            let _ = window.location().assign(&current);
        }
    }
}
