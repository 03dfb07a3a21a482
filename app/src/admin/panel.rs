//! The forms of one employee's console page: the account actions (each
//! with a reason), the re-authentication they may ask for first, and
//! filing a document into the employee's cabinet.

use leptos::prelude::*;

use super::api::{AdminAct, AdminReauth};
use super::model::*;
use crate::documents::model::DocumentType;
use crate::error::AppError;
use crate::i18n::{Msg, t, use_lang};
use crate::ui::form_error::form_error;

fn action_msg(action: AccountAction) -> Msg {
    match action {
        AccountAction::Unlock => Msg::AdminActUnlock,
        AccountAction::Disable => Msg::AdminActDisable,
        AccountAction::Enable => Msg::AdminActEnable,
        AccountAction::EndSessions => Msg::AdminActEndSessions,
        AccountAction::ResetAuthenticator => Msg::AdminActResetAuthenticator,
        AccountAction::CorrectEmail => Msg::AdminActCorrectEmail,
        AccountAction::ForcePasswordChange => Msg::AdminActForcePassword,
    }
}

/// The actions an account in `state` can take (the rest would change nothing).
fn offered(state: AccountState) -> Vec<AccountAction> {
    AccountAction::ALL
        .into_iter()
        .filter(|a| match a {
            AccountAction::Unlock => state == AccountState::Locked,
            AccountAction::Disable => state != AccountState::Disabled,
            AccountAction::Enable => state == AccountState::Disabled,
            _ => true,
        })
        .collect()
}

/// Password and code again; then the admin repeats the action.
#[component]
pub fn ReauthForm() -> impl IntoView {
    let reauth = ServerAction::<AdminReauth>::new();
    view! {
        <section class="card" data-testid="admin-reauth">
            <h2>{t(Msg::AdminReauthTitle)}</h2>
            <p class="muted">{t(Msg::AdminReauthRequired)}</p>
            <ActionForm action=reauth attr:class="form">
                <label for="reauth-password">{t(Msg::PasswordLabel)}</label>
                <input
                    id="reauth-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    data-testid="reauth-password"
                />
                <label for="reauth-code">{t(Msg::AdminReauthCode)}</label>
                <input
                    id="reauth-code"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="8"
                    required
                    data-testid="reauth-code"
                />
                <button type="submit" class="button" data-testid="reauth-submit">
                    {t(Msg::AdminReauthSubmit)}
                </button>
            </ActionForm>
            {move || {
                reauth
                    .value()
                    .get()
                    .map(|outcome| match outcome {
                        Ok(()) => {
                            view! {
                                <p class="form-success" role="status" data-testid="reauth-ok">
                                    {t(Msg::AdminReauthDone)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => form_error(e, "reauth-error").into_any(),
                    })
            }}
        </section>
    }
}

/// The account actions of employee `id`; the page reloads its data after each.
#[component]
pub fn ActionPanel(id: i64, state: AccountState, email: String, act: ServerAction<AdminAct>) -> impl IntoView {
    view! {
        <section class="card" data-testid="admin-actions">
            <h2>{t(Msg::AdminActionsTitle)}</h2>
            <ActionForm action=act attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <label for="act-action">{t(Msg::AdminAction)}</label>
                <select id="act-action" name="action" required data-testid="act-action">
                    {offered(state)
                        .into_iter()
                        .map(|a| view! { <option value=a.as_str()>{t(action_msg(a))}</option> })
                        .collect_view()}
                </select>
                <label for="act-email">{t(Msg::AdminNewEmail)}</label>
                <input
                    id="act-email"
                    name="email"
                    type="email"
                    autocomplete="off"
                    placeholder=email
                    data-testid="act-email"
                />
                <label for="act-reason">{t(Msg::AdminReason)}</label>
                <textarea
                    id="act-reason"
                    name="reason"
                    required
                    minlength="10"
                    maxlength="500"
                    rows="2"
                    data-testid="act-reason"
                ></textarea>
                <p class="muted small">{t(Msg::AdminReasonHint)}</p>
                <button type="submit" class="button" data-testid="act-submit">
                    {t(Msg::AdminActSubmit)}
                </button>
            </ActionForm>
            {move || {
                act.value()
                    .get()
                    .map(|outcome| match outcome {
                        Ok(ActionOutcome::Done) => {
                            view! {
                                <p class="form-success" role="status" data-testid="act-done">
                                    {t(Msg::AdminActDone)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(ActionOutcome::AwaitingConfirmation) => {
                            view! {
                                <p class="form-success" role="status" data-testid="act-pending">
                                    {t(Msg::AdminActEmailPending)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(ActionOutcome::Unchanged) => {
                            view! {
                                <p class="muted" role="status" data-testid="act-unchanged">
                                    {t(Msg::AdminActUnchanged)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(AppError::ReauthRequired) => view! { <ReauthForm /> }.into_any(),
                        Err(e) => form_error(e, "act-error").into_any(),
                    })
            }}
        </section>
    }
}

/// Files a document into the employee's cabinet (any type: decrees come
/// from the agency). Posts to the cabinet's own upload route, which checks
/// the admin's rights over the employee again.
#[component]
pub fn UploadFor(nip: String, types: Vec<DocumentType>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid="admin-upload">
            <h2>{t(Msg::AdminUploadTitle)}</h2>
            <form class="form" method="post" action="/documents/upload" enctype="multipart/form-data">
                <input type="hidden" name="nip" value=nip />
                <label for="admin-doc-type">{t(Msg::DocumentsType)}</label>
                <select id="admin-doc-type" name="type" required data-testid="admin-upload-type">
                    {types
                        .into_iter()
                        .map(|k| {
                            let code = k.code.clone();
                            view! { <option value=code>{move || k.name(lang.get()).to_string()}</option> }
                        })
                        .collect_view()}
                </select>
                <label for="admin-doc-title">{t(Msg::DocumentsTitleField)}</label>
                <input id="admin-doc-title" name="title" required maxlength="200" data-testid="admin-upload-title" />
                <label for="admin-doc-number">{t(Msg::DocumentsDecreeNumber)}</label>
                <input id="admin-doc-number" name="decree_number" maxlength="100" />
                <label for="admin-doc-date">{t(Msg::DocumentsDecreeDate)}</label>
                <input id="admin-doc-date" name="decree_date" type="date" />
                <label for="admin-doc-file">{t(Msg::DocumentsFile)}</label>
                <input
                    id="admin-doc-file"
                    name="file"
                    type="file"
                    required
                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    data-testid="admin-upload-file"
                />
                <button type="submit" class="button" data-testid="admin-upload-submit">
                    {t(Msg::DocumentsSubmit)}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_actions_that_would_change_something_are_offered() {
        assert!(offered(AccountState::Locked).contains(&AccountAction::Unlock));
        assert!(!offered(AccountState::Active).contains(&AccountAction::Unlock));
        assert!(offered(AccountState::Disabled).contains(&AccountAction::Enable));
        assert!(!offered(AccountState::Disabled).contains(&AccountAction::Disable));
        assert!(offered(AccountState::Active).contains(&AccountAction::ResetAuthenticator));
    }
}
