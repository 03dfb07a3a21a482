//! The roles card of one employee's console page: the stored roles held,
//! and for a national admin the forms that grant and revoke them (each
//! with a reason). Plain forms: they work without JavaScript.

use leptos::prelude::*;

use super::api::AdminRole;
use super::model::{ActionOutcome, RoleLine};
use super::panel::ReauthForm;
use crate::error::AppError;
use crate::i18n::{Msg, t};
use crate::ui::form_error::form_error;

fn role_msg(role: &str) -> Option<Msg> {
    match role {
        "pybmc" => Some(Msg::AdminRolePybmc),
        "agency_admin" => Some(Msg::AdminRoleAgencyAdmin),
        "national_admin" => Some(Msg::AdminRoleNational),
        _ => None,
    }
}

/// The roles the console may grant (a national admin's only by the CLI).
const GRANTABLE: [&str; 2] = ["pybmc", "agency_admin"];

#[component]
pub fn RolesCard(id: i64, roles: Vec<RoleLine>, can_change: bool, change: ServerAction<AdminRole>) -> impl IntoView {
    view! {
        <section class="card" data-testid="admin-roles">
            <h2>{t(Msg::AdminRolesTitle)}</h2>
            {if roles.is_empty() {
                view! { <p class="muted">{t(Msg::AdminRolesNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="history">
                        {roles.into_iter().map(|r| view! { <HeldRole id line=r can_change change /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {if can_change {
                view! { <GrantForm id change /> }.into_any()
            } else {
                view! { <p class="muted small">{t(Msg::AdminRolesNationalOnly)}</p> }.into_any()
            }}
            <RoleOutcome change />
        </section>
    }
}

/// One role held, with its revoke form where the reader may revoke it.
#[component]
fn HeldRole(id: i64, line: RoleLine, can_change: bool, change: ServerAction<AdminRole>) -> impl IntoView {
    let revocable = can_change && GRANTABLE.contains(&line.role.as_str());
    let name = role_msg(&line.role).map_or_else(|| line.role.clone().into_any(), |m| t(m).into_any());
    let role = line.role.clone();
    view! {
        <li data-role=line.role.clone()>
            <span>{name}</span>
            <span class="muted">{line.agency}</span>
            {revocable
                .then(|| {
                    view! {
                        <ActionForm action=change attr:class="form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="role" value=role.clone() />
                            <input type="hidden" name="change" value="revoke" />
                            <input
                                name="reason"
                                required
                                minlength="10"
                                maxlength="500"
                                aria-label=t(Msg::AdminReason)
                            />
                            <button type="submit" class="link-button" data-testid="role-revoke">
                                {t(Msg::AdminRoleRevoke)}
                            </button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}

#[component]
fn GrantForm(id: i64, change: ServerAction<AdminRole>) -> impl IntoView {
    view! {
        <ActionForm action=change attr:class="form" attr:data-testid="role-grant-form">
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="change" value="grant" />
            <label for="role-role">{t(Msg::AdminRolesTitle)}</label>
            <select id="role-role" name="role" required data-testid="role-role">
                {GRANTABLE.into_iter().map(|r| view! { <option value=r>{role_msg(r).map(t)}</option> }).collect_view()}
            </select>
            <label for="role-reason">{t(Msg::AdminReason)}</label>
            <textarea
                id="role-reason"
                name="reason"
                required
                minlength="10"
                maxlength="500"
                rows="2"
                data-testid="role-reason"
            ></textarea>
            <button type="submit" class="button" data-testid="role-grant">
                {t(Msg::AdminRoleGrant)}
            </button>
        </ActionForm>
    }
}

/// What the last grant or revoke did, or why it was refused.
#[component]
fn RoleOutcome(change: ServerAction<AdminRole>) -> impl IntoView {
    move || {
        change.value().get().map(|outcome| match outcome {
            Ok(ActionOutcome::Unchanged) => view! {
                <p class="muted" role="status">
                    {t(Msg::AdminRoleUnchanged)}
                </p>
            }
            .into_any(),
            Ok(_) => view! {
                <p class="form-success" role="status" data-testid="role-changed">
                    {t(Msg::AdminRoleChanged)}
                </p>
            }
            .into_any(),
            Err(AppError::ReauthRequired) => view! { <ReauthForm /> }.into_any(),
            Err(e) => form_error(e, "role-error").into_any(),
        })
    }
}
