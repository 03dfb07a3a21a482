//! The password rules as the user reads them: a checklist that ticks
//! itself as the user types (once hydrated; a plain list without
//! JavaScript), and the words for each rule a submitted password broke.
//! Used by every form that sets a password.

use leptos::prelude::*;

use crate::domain::password::{Holder, PolicyProfile, Violation, violations_as_typed};
use crate::domain::{Nip, PersonName};
use crate::i18n::{Lang, Msg, t, use_lang};

/// One line of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    MinLength(usize),
    Upper,
    Lower,
    Digit,
    Symbol,
    Personal,
    /// Checked on the server only (the list lives there).
    Common,
}

impl Rule {
    pub fn for_profile(profile: PolicyProfile) -> Vec<Rule> {
        let mut rules = vec![Rule::MinLength(profile.min_chars())];
        if profile == PolicyProfile::Portal {
            rules.extend([Rule::Upper, Rule::Lower, Rule::Digit, Rule::Symbol]);
        }
        rules.extend([Rule::Personal, Rule::Common]);
        rules
    }

    fn broken_by(self, v: Violation) -> bool {
        matches!(
            (self, v),
            (Rule::MinLength(_), Violation::TooShort { .. })
                | (Rule::Upper, Violation::NoUppercase)
                | (Rule::Lower, Violation::NoLowercase)
                | (Rule::Digit, Violation::NoDigit)
                | (Rule::Symbol, Violation::NoSymbol)
                | (Rule::Personal, Violation::ContainsNip | Violation::ContainsBirthDate | Violation::ContainsName)
                | (Rule::Common, Violation::Common)
        )
    }

    pub fn text(self, lang: Lang) -> String {
        match self {
            Rule::MinLength(n) => format!("{} {n} {}", Msg::RuleMinPrefix.text(lang), Msg::RuleMinSuffix.text(lang)),
            Rule::Upper => Msg::RuleUpper.text(lang).into(),
            Rule::Lower => Msg::RuleLower.text(lang).into(),
            Rule::Digit => Msg::RuleDigit.text(lang).into(),
            Rule::Symbol => Msg::RuleSymbol.text(lang).into(),
            Rule::Personal => Msg::RulePersonal.text(lang).into(),
            Rule::Common => Msg::RuleCommon.text(lang).into(),
        }
    }
}

/// The words for a rule the password broke.
pub fn violation_text(v: Violation, lang: Lang) -> String {
    match v {
        Violation::TooShort { min } => Rule::MinLength(min).text(lang),
        Violation::TooLong => Msg::RuleTooLong.text(lang).into(),
        Violation::NoUppercase => Rule::Upper.text(lang),
        Violation::NoLowercase => Rule::Lower.text(lang),
        Violation::NoDigit => Rule::Digit.text(lang),
        Violation::NoSymbol => Rule::Symbol.text(lang),
        Violation::ContainsNip | Violation::ContainsBirthDate | Violation::ContainsName => Rule::Personal.text(lang),
        Violation::Common => Rule::Common.text(lang),
        Violation::SameAsCurrent => Msg::RuleSameAsCurrent.text(lang).into(),
    }
}

/// The checklist. `typed` is the new password as typed; `live` is false
/// until hydrated (and then every rule reads as a plain requirement).
#[component]
pub fn PasswordRules(
    profile: PolicyProfile,
    nip: String,
    name: String,
    #[prop(into)] typed: Signal<String>,
    #[prop(into)] live: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let nip = Nip::parse(&nip).ok();
    let name = PersonName::parse(&name).ok();
    let broken = Memo::new(move |_| {
        let holder = Holder { nip: nip.as_ref(), name: name.as_ref() };
        violations_as_typed(profile, &typed.get(), holder)
    });
    let items = Rule::for_profile(profile)
        .into_iter()
        .map(|rule| {
            let state = move || {
                if !live.get() || typed.with(String::is_empty) || rule == Rule::Common {
                    None
                } else {
                    Some(!broken.with(|b| b.iter().any(|v| rule.broken_by(*v))))
                }
            };
            view! {
                <li
                    class="rule"
                    class:rule-met=move || state() == Some(true)
                    class:rule-unmet=move || state() == Some(false)
                >
                    {move || rule.text(lang.get())}
                    {move || {
                        state()
                            .map(|met| {
                                let msg = if met { Msg::RuleMet } else { Msg::RuleNotMet };
                                view! { <span class="visually-hidden">" — " {t(msg)}</span> }
                            })
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="rules" id="password-rules">
            <p class="rules-heading">{t(Msg::RulesHeading)}</p>
            <ul aria-live="polite">{items}</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_violation_but_the_server_only_ones_maps_to_a_listed_rule() {
        for profile in [PolicyProfile::Portal, PolicyProfile::Nist] {
            let rules = Rule::for_profile(profile);
            let v = violations_as_typed(profile, "ab", Holder::default());
            assert!(!v.is_empty());
            for violation in v {
                assert!(rules.iter().any(|r| r.broken_by(violation)), "{violation:?} under {profile:?}");
            }
        }
        assert_eq!(Rule::MinLength(12).text(Lang::En), "have at least 12 characters");
        assert_eq!(violation_text(Violation::TooShort { min: 15 }, Lang::Id), "terdiri dari minimal 15 karakter");
    }
}
