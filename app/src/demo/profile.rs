//! Demo histories: a plausible career for every demo employee, derived from
//! their NIP (birth date, appointment), rank, position and degree, and
//! deterministic so every demo looks alike.

use crate::demo::Lcg;
use crate::domain::date::Date;
use crate::domain::{EmployeeKind, Nip, Rank};
use crate::profile::record::*;
use crate::profile::repo;
use crate::server::db::Db;

/// What the organisation's demo data knows about one employee.
pub struct DemoPerson<'a> {
    pub employee_id: i64,
    pub nip: &'a Nip,
    pub kind: EmployeeKind,
    pub rank: Rank,
    pub position: &'a str,
    pub unit: &'a str,
    pub is_head: bool,
    /// The academic title after the name: "S.Kom.", "M.Si.", "A.Md."...
    pub degree: &'a str,
    /// "Dr." before the name.
    pub doctorate: bool,
    pub family_name: &'a str,
}

fn ymd(year: u16, month: u8, day: u8) -> Date {
    Date::from_ymd(year, month, day).expect("demo dates are real days")
}

/// TMT CPNS from a PNS NIP (year and month of appointment); TMT PPPK from
/// a PPPK NIP (year, and the period as the quarter it started in).
pub fn appointment_date(nip: &Nip) -> Date {
    let digits = nip.as_str();
    let year: u16 = digits[8..12].parse().expect("digits");
    let month = match nip.scheme() {
        crate::domain::nip::NipScheme::Pns => digits[12..14].parse().expect("digits"),
        crate::domain::nip::NipScheme::Pppk => [3u8, 7, 10][usize::from(digits.as_bytes()[13] - b'1').min(2)],
    };
    ymd(year, month, 1)
}

fn position_kind(position: &str, is_head: bool) -> PositionKind {
    if is_head && !position.starts_with("Kepala Sekolah") {
        PositionKind::Struktural
    } else if position.contains("Ahli") || position.starts_with("Guru") || position.starts_with("Kepala Sekolah") {
        PositionKind::Fungsional
    } else {
        PositionKind::Pelaksana
    }
}

/// Degree title → (level, major).
fn degree(title: &str) -> (EducationLevel, &'static str) {
    match title {
        "A.Md." => (EducationLevel::D3, "Administrasi Perkantoran"),
        "S.Kom." => (EducationLevel::S1, "Teknik Informatika"),
        "S.Pd." => (EducationLevel::S1, "Pendidikan Guru Sekolah Dasar"),
        "S.E." => (EducationLevel::S1, "Manajemen"),
        "S.H." => (EducationLevel::S1, "Ilmu Hukum"),
        "S.Kep." => (EducationLevel::S1, "Keperawatan"),
        "M.M." => (EducationLevel::S2, "Magister Manajemen"),
        "M.Kom." => (EducationLevel::S2, "Ilmu Komputer"),
        "M.Pd." => (EducationLevel::S2, "Manajemen Pendidikan"),
        _ => (EducationLevel::S2, "Administrasi Publik"),
    }
}

const SPOUSES: [&str; 8] = ["Dewi", "Agus", "Fitri", "Budi", "Ratna", "Hendra", "Yuliana", "Rudi"];
const CHILDREN: [&str; 8] = ["Aditya", "Nabila", "Rizky", "Salsabila", "Fajar", "Aisyah", "Bima", "Keisha"];
const PARENTS: [(&str, &str); 4] =
    [("Sutrisno", "Sri Wahyuni"), ("Darmawan", "Siti Aminah"), ("Haryanto", "Endang"), ("Sukardi", "Nurhayati")];

/// Writes the person's TMT dates and histories, all in one transaction.
pub async fn fill(db: &Db, p: &DemoPerson<'_>, today: Date) -> Result<(), sqlx::Error> {
    let mut rng = Lcg(0xda7a_0000 ^ p.employee_id as u64);
    let born = p.nip.birth_date();
    let appointed = appointment_date(p.nip);
    let tmt_pns = (p.kind == EmployeeKind::Pns).then(|| ymd(appointed.year() + 1, appointed.month(), 1));
    let mut tx = db.begin().await?;
    repo::set_appointment(&mut tx, p.employee_id, Some(appointed), tmt_pns).await?;

    // Ranks: from the entry rank for the degree up to the current one, on
    // the official promotion dates (1 April, 1 October), never in the future.
    let entry_step = match (p.kind, p.degree) {
        (EmployeeKind::Pppk, _) => p.rank,
        (_, "A.Md.") => Rank::parse_any("II/c").expect("rank"),
        _ => Rank::parse_any("III/a").expect("rank"),
    };
    let mut ladder = vec![p.rank];
    while p.kind == EmployeeKind::Pns && ladder.last() != Some(&entry_step) {
        match ladder.last().and_then(|r| r.below()) {
            Some(lower) => ladder.push(lower),
            None => break,
        }
    }
    ladder.reverse();
    let years = today.year().saturating_sub(appointed.year() + 1);
    let spacing = if ladder.len() > 1 { (years / (ladder.len() as u16 - 1)).clamp(1, 4) } else { 4 };
    let mut rank_dates = Vec::new();
    for (i, rank) in ladder.iter().enumerate() {
        let tmt = if i == 0 {
            appointed
        } else {
            ymd(appointed.year() + 1 + spacing * i as u16 - spacing, if i % 2 == 0 { 4 } else { 10 }, 1).min(today)
        };
        rank_dates.push(tmt);
        let decree_number = Some(format!("800.1.3/{:03}/BKPSDM/{}", 100 + rng.next(800), tmt.year()));
        repo::add_rank(
            &mut tx,
            p.employee_id,
            &RankEntry { code: rank.code().into(), title: None, tmt, decree_number },
        )
        .await?;
    }

    // Positions: heads and long-serving staff held another one first.
    let kind = position_kind(p.position, p.is_head);
    let current_since = *rank_dates.last().unwrap_or(&appointed);
    if current_since > appointed {
        let (first, first_kind) = if p.is_head {
            ("Analis Kebijakan Ahli Muda", PositionKind::Fungsional)
        } else {
            ("Pengadministrasi Umum", PositionKind::Pelaksana)
        };
        let entry = PositionEntry {
            position: first.into(),
            kind: first_kind,
            unit: p.unit.into(),
            tmt: appointed,
            decree_number: Some(format!("821.2/{:03}/BKPSDM/{}", 100 + rng.next(800), appointed.year())),
        };
        repo::add_position(&mut tx, p.employee_id, &entry).await?;
    }
    let entry = PositionEntry {
        position: p.position.into(),
        kind,
        unit: p.unit.into(),
        tmt: current_since,
        decree_number: Some(format!("821.2/{:03}/BKPSDM/{}", 100 + rng.next(800), current_since.year())),
    };
    repo::add_position(&mut tx, p.employee_id, &entry).await?;

    // Education: school years from the birth year, then the degree(s).
    let by = born.year();
    let schools = [
        (EducationLevel::Sd, "SD Negeri 2 Nusa Jaya", 12),
        (EducationLevel::Smp, "SMP Negeri 1 Nusa Jaya", 15),
        (EducationLevel::Sma, "SMA Negeri 1 Nusa Jaya", 18),
    ];
    for (level, institution, age) in schools {
        let e = EducationEntry { level, institution: institution.into(), major: None, graduation_year: by + age };
        repo::add_education(&mut tx, p.employee_id, &e).await?;
    }
    let (level, major) = degree(p.degree);
    let mut higher = Vec::new();
    if level >= EducationLevel::S2 {
        higher.push((EducationLevel::S1, "Universitas Nusa Jaya", "Ilmu Administrasi Negara", 22));
        higher.push((level, "Universitas Gadjah Mada", major, 30 + rng.next(6) as u16));
    } else {
        let school = if level == EducationLevel::D3 { "Politeknik Negeri Nusa Jaya" } else { "Universitas Nusa Jaya" };
        higher.push((level, school, major, if level == EducationLevel::D3 { 21 } else { 22 }));
    }
    if p.doctorate {
        higher.push((EducationLevel::S3, "Universitas Indonesia", "Ilmu Administrasi", 42 + rng.next(4) as u16));
    }
    for (level, institution, major, age) in higher {
        let year = (by + age).min(today.year());
        let e =
            EducationEntry { level, institution: institution.into(), major: Some(major.into()), graduation_year: year };
        repo::add_education(&mut tx, p.employee_id, &e).await?;
    }

    // Training: the basic training of every CPNS, leadership training for heads.
    if p.kind != EmployeeKind::Pppk {
        // Three months after appointment.
        let start = ymd(appointed.year() + u16::from(appointed.month() > 9), (appointed.month() + 2) % 12 + 1, 4);
        if start <= today {
            let end = ymd(start.year(), start.month(), 28);
            let t = TrainingEntry {
                name: "Pelatihan Dasar CPNS".into(),
                organiser: "BPSDM Provinsi".into(),
                start,
                end,
                hours: 300,
                certificate_number: Some(format!("LATSAR-{}-{:04}", start.year(), rng.next(9000) + 1)),
            };
            repo::add_training(&mut tx, p.employee_id, &t).await?;
        }
    }
    if p.is_head && current_since > appointed {
        let year = current_since.year().saturating_sub(1);
        let t = TrainingEntry {
            name: "Pelatihan Kepemimpinan Administrator".into(),
            organiser: "Lembaga Administrasi Negara".into(),
            start: ymd(year, 5, 6),
            end: ymd(year, 8, 30),
            hours: 520,
            certificate_number: Some(format!("PKA-{year}-{:04}", rng.next(9000) + 1)),
        };
        repo::add_training(&mut tx, p.employee_id, &t).await?;
    }
    let bimtek = ymd(today.year().saturating_sub(1 + rng.next(3) as u16), 2 + rng.next(9) as u8, 10);
    if bimtek > appointed {
        let t = TrainingEntry {
            name: "Bimbingan Teknis Pengelolaan Data ASN".into(),
            organiser: "BKN Kantor Regional".into(),
            start: bimtek,
            end: ymd(bimtek.year(), bimtek.month(), 12),
            hours: 24,
            certificate_number: None,
        };
        repo::add_training(&mut tx, p.employee_id, &t).await?;
    }

    // Family: parents; a spouse and children for most employees over 27.
    let (father, mother) = PARENTS[rng.next(4) as usize];
    for (relation, name) in [(Relation::Father, father), (Relation::Mother, mother)] {
        let m = FamilyMember { relation, name: name.into(), birth_date: None };
        repo::add_family_member(&mut tx, p.employee_id, &m).await?;
    }
    if today.year().saturating_sub(by) >= 27 && rng.next(10) < 8 {
        let spouse = FamilyMember {
            relation: Relation::Spouse,
            name: SPOUSES[rng.next(8) as usize].into(),
            birth_date: Some(ymd(by + rng.next(5) as u16, 1 + rng.next(12) as u8, 1 + rng.next(28) as u8)),
        };
        repo::add_family_member(&mut tx, p.employee_id, &spouse).await?;
        let married = by + 26 + rng.next(4) as u16;
        for i in 0..rng.next(4) as u16 {
            let year = married + 1 + 3 * i;
            if year >= today.year() {
                break;
            }
            let child = FamilyMember {
                relation: Relation::Child,
                name: format!("{} {}", CHILDREN[rng.next(8) as usize], p.family_name),
                birth_date: Some(ymd(year, 1 + rng.next(12) as u8, 1 + rng.next(28) as u8)),
            };
            repo::add_family_member(&mut tx, p.employee_id, &child).await?;
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appointment_date_reads_off_the_nip() {
        assert_eq!(appointment_date(&Nip::parse("198609262015051001").unwrap()).to_string(), "2015-05-01");
        // PPPK: 2022, period 2.
        assert_eq!(appointment_date(&Nip::parse("199001012022221001").unwrap()).to_string(), "2022-07-01");
    }

    #[test]
    fn heads_hold_structural_posts_and_teachers_functional_ones() {
        assert_eq!(position_kind("Kepala Bagian Umum", true), PositionKind::Struktural);
        assert_eq!(position_kind("Kepala Sekolah", true), PositionKind::Fungsional);
        assert_eq!(position_kind("Guru Ahli Pertama", false), PositionKind::Fungsional);
        assert_eq!(position_kind("Pengadministrasi Umum", false), PositionKind::Pelaksana);
    }
}
