//! "My data" (data pribadi): the record and its histories, phone-first.

use leptos::prelude::*;

use super::api::my_record;
use super::record::PersonnelRecord;
use crate::domain::EmployeeKind;
use crate::domain::date::Date;
use crate::domain::nip::Gender;
use crate::help::card::BkpsdmCard;
use crate::i18n::{Lang, Msg, long_date, t, use_lang};
use crate::ui::guard::refused;
use crate::ui::page_title::PageTitle;

#[component]
pub fn MyDataPage() -> impl IntoView {
    let record = Resource::new(|| (), |_| my_record());
    view! {
        <PageTitle msg=Msg::MyDataTitle />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(r) => view! { <Record r /> }.into_any(),
                    Err(e) => refused(&e, "/my-data"),
                }
            })}
        </Suspense>
    }
}

/// A date in the reader's language, reactive.
fn date_text(date: Option<Date>) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_lang();
    move || date.map(|d| long_date(d, lang.get())).unwrap_or_else(|| "–".into())
}

#[component]
fn Fact(label: Msg, #[prop(into)] value: Signal<String>, #[prop(optional)] testid: &'static str) -> impl IntoView {
    view! {
        <div class="fact">
            <dt>{t(label)}</dt>
            <dd data-testid=(!testid.is_empty()).then_some(testid)>{value}</dd>
        </div>
    }
}

fn text(value: Option<String>) -> Signal<String> {
    Signal::stored(value.unwrap_or_else(|| "–".into()))
}

#[component]
fn Record(r: PersonnelRecord) -> impl IntoView {
    view! {
        <section class="card who" data-testid="my-data">
            <h1>{t(Msg::MyDataTitle)}</h1>
            <p>
                <a href="/my-data/corrections" data-testid="corrections-link">
                    {t(Msg::CorrectionsLink)}
                </a>
            </p>
            <p class="muted">{t(Msg::MyDataIntro)}</p>
        </section>
        <Identity r=r.clone() />
        <Employment r=r.clone() />
        <Histories r />
        <BkpsdmCard />
    }
}

#[component]
fn Identity(r: PersonnelRecord) -> impl IntoView {
    let lang = use_lang();
    let gender = r.gender;
    let gender_text = Signal::derive(move || match gender {
        Some(Gender::Male) => Msg::GenderMale.text(lang.get()).to_string(),
        Some(Gender::Female) => Msg::GenderFemale.text(lang.get()).to_string(),
        None => "–".into(),
    });
    view! {
        <section class="card" aria-labelledby="identity">
            <h2 id="identity">{t(Msg::MyDataIdentity)}</h2>
            <dl class="facts">
                <Fact label=Msg::FieldName value=Signal::stored(r.name.clone()) testid="record-name" />
                <Fact label=Msg::NipLabel value=Signal::stored(r.nip.clone()) testid="record-nip" />
                <Fact label=Msg::FieldBirthDate value=Signal::derive(date_text(r.birth_date)) />
                <Fact label=Msg::FieldGender value=gender_text />
                <Fact label=Msg::FieldKind value=Signal::stored(r.kind.label().to_string()) />
                <Fact label=Msg::FieldEmail value=Signal::stored(r.email.clone()) />
                <Fact label=Msg::FieldPhone value=text(r.phone.clone()) />
            </dl>
        </section>
    }
}

#[component]
fn Employment(r: PersonnelRecord) -> impl IntoView {
    let appointment_label = if r.kind == EmployeeKind::Pppk { Msg::TmtPppk } else { Msg::TmtCpns };
    let rank = r.rank.clone().map(|rank| match rank.title {
        Some(title) => format!("{title} ({})", rank.code),
        None => rank.code,
    });
    let rank_tmt = r.rank.as_ref().and_then(|rank| rank.tmt);
    view! {
        <section class="card" aria-labelledby="employment">
            <h2 id="employment">{t(Msg::MyDataEmployment)}</h2>
            <dl class="facts">
                <Fact label=Msg::FieldAgency value=Signal::stored(r.agency.clone()) />
                <Fact label=Msg::FieldUnit value=text(r.unit.clone()) testid="record-unit" />
                <Fact label=Msg::FieldPosition value=text(r.position.clone()) testid="record-position" />
                <Fact label=Msg::FieldRank value=text(rank) testid="record-rank" />
                <Fact label=Msg::FieldRankTmt value=Signal::derive(date_text(rank_tmt)) />
                <Fact label=appointment_label value=Signal::derive(date_text(r.tmt_appointment)) />
                {(r.kind != EmployeeKind::Pppk)
                    .then(|| view! { <Fact label=Msg::TmtPns value=Signal::derive(date_text(r.tmt_pns)) /> })}
            </dl>
        </section>
    }
}

/// The career and personal histories, newest first.
#[component]
fn Histories(r: PersonnelRecord) -> impl IntoView {
    view! {
        <CareerHistories r=r.clone() />
        <PersonalHistories r />
    }
}

/// Positions and ranks.
#[component]
fn CareerHistories(r: PersonnelRecord) -> impl IntoView {
    view! {
        <History title=Msg::PositionHistory testid="positions" empty=r.positions.is_empty()>
            {r
                .positions
                .iter()
                .rev()
                .map(|p| {
                    let (kind, tmt) = (p.kind.label(), p.tmt);
                    view! {
                        <li>
                            <strong>{p.position.clone()}</strong>
                            <span class="muted">{t(kind)} " · " {p.unit.clone()}</span>
                            <span class="muted">"TMT " {date_text(Some(tmt))} {decree(p.decree_number.clone())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </History>
        <History title=Msg::RankHistory testid="ranks" empty=r.ranks.is_empty()>
            {r
                .ranks
                .iter()
                .rev()
                .map(|k| {
                    let tmt = k.tmt;
                    view! {
                        <li>
                            <strong>
                                {k.title.clone().map_or(k.code.clone(), |title| format!("{title} ({})", k.code))}
                            </strong>
                            <span class="muted">"TMT " {date_text(Some(tmt))} {decree(k.decree_number.clone())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </History>
    }
}

/// Education, training and family.
#[component]
fn PersonalHistories(r: PersonnelRecord) -> impl IntoView {
    let lang = use_lang();
    view! {
        <History title=Msg::EducationHistory testid="education" empty=r.education.is_empty()>
            {r
                .education
                .iter()
                .rev()
                .map(|e| {
                    view! {
                        <li>
                            <strong>{e.level.label()} {e.major.clone().map(|m| format!(" {m}"))}</strong>
                            <span class="muted">{e.institution.clone()} " · " {e.graduation_year}</span>
                        </li>
                    }
                })
                .collect_view()}
        </History>
        <History title=Msg::TrainingHistory testid="training" empty=r.training.is_empty()>
            {r
                .training
                .iter()
                .rev()
                .map(|d| {
                    let (start, end, hours) = (d.start, d.end, d.hours);
                    view! {
                        <li>
                            <strong>{d.name.clone()}</strong>
                            <span class="muted">{d.organiser.clone()}</span>
                            <span class="muted">
                                {date_text(Some(start))} " – " {date_text(Some(end))} " · "
                                {move || hours_text(hours, lang.get())}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </History>
        <History title=Msg::FamilyHeading testid="family" empty=r.family.is_empty()>
            {r
                .family
                .iter()
                .map(|f| {
                    let (relation, born) = (f.relation.label(), f.birth_date);
                    view! {
                        <li>
                            <strong>{f.name.clone()}</strong>
                            <span class="muted">
                                {t(relation)} {born.map(|_| " · ")} {born.map(|d| date_text(Some(d)))}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </History>
    }
}

fn decree(number: Option<String>) -> Option<String> {
    number.map(|n| format!(" · SK {n}"))
}

fn hours_text(hours: u32, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("{hours} JP"),
        Lang::En => format!("{hours} lesson hours"),
    }
}

#[component]
fn History(title: Msg, testid: &'static str, empty: bool, children: Children) -> impl IntoView {
    view! {
        <section class="card" aria-label=t(title)>
            <h2>{t(title)}</h2>
            {if empty {
                view! { <p class="muted">{t(Msg::NothingRecorded)}</p> }.into_any()
            } else {
                view! {
                    <ol class="history" data-testid=testid>
                        {children()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}
