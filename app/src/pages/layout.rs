use leptos::prelude::*;

use crate::i18n::{Msg, t};
use crate::notify::pages::NotificationBell;
use crate::ui::lang_switch::LanguageSwitch;
use crate::ui::nav::Nav;

/// Header, navigation, main content and footer; readable from 360 px up.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">
            {t(Msg::SkipToContent)}
        </a>
        <header class="header">
            <a class="brand" href="/">
                <img src="/icons/icon.svg" alt="" width="32" height="32" />
                <span>{t(Msg::BrandName)}</span>
            </a>
            <div class="header-actions">
                <NotificationBell />
                <LanguageSwitch />
            </div>
        </header>
        <Nav />
        <main id="main" class="main">
            {children()}
        </main>
        <footer class="footer">
            <p>{t(Msg::FooterText)}</p>
            <p>
                <a href="/help" data-testid="footer-help">
                    {t(Msg::HelpTitle)}
                </a>
            </p>
        </footer>
    }
}
