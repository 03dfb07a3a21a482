//! Demo data: two fictional agencies with nested units, about sixty
//! employees (PNS, CPNS and PPPK) with ranks, positions and supervisors, and
//! one holder of every stored role. Deterministic, so every demo looks alike;
//! e-mail addresses use the reserved `.example` domain so no mail can leak.

pub mod attendance;
pub mod profile;

use crate::dashboard::external::NewExternalService;
use crate::dashboard::repo as external_repo;
use crate::demo::profile::DemoPerson;
use crate::domain::Date;
use crate::org::employee::{EmployeeInput, NewEmployee};
use crate::org::repo::{self, OrgError};
use crate::org::role::Role;
use crate::server::db::Db;
use crate::server::time::now_unix;

/// One line of the printed list of demo accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub nip: String,
    pub name: String,
    pub agency: String,
    pub unit: String,
    pub position: String,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded(Vec<DemoAccount>),
    /// The database already holds agencies; demo data is only for an empty one.
    AlreadyPresent,
}

struct UnitSpec {
    code: &'static str,
    name: &'static str,
    parent: Option<&'static str>,
    head_position: &'static str,
    /// Staff positions besides the head, each becoming one employee.
    staff: &'static [&'static str],
}

struct AgencySpec {
    code: &'static str,
    name: &'static str,
    domain: &'static str,
    units: &'static [UnitSpec],
}

const AGENCIES: [AgencySpec; 2] = [
    AgencySpec {
        code: "PEMKAB-NJ",
        name: "Pemerintah Kabupaten Nusa Jaya",
        domain: "nusajaya.example",
        units: &[
            UnitSpec {
                code: "SETDA",
                name: "Sekretariat Daerah",
                parent: None,
                head_position: "Sekretaris Daerah",
                staff: &["Analis Kebijakan Ahli Madya"],
            },
            UnitSpec {
                code: "SETDA-UMUM",
                name: "Bagian Umum",
                parent: Some("SETDA"),
                head_position: "Kepala Bagian Umum",
                staff: &["Pengadministrasi Umum", "Pengelola Barang Milik Daerah", "Pramu Bakti"],
            },
            UnitSpec {
                code: "SETDA-HUKUM",
                name: "Bagian Hukum",
                parent: Some("SETDA"),
                head_position: "Kepala Bagian Hukum",
                staff: &["Perancang Peraturan Perundang-undangan Ahli Pertama", "Analis Hukum"],
            },
            UnitSpec {
                code: "BKPSDM",
                name: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                parent: None,
                head_position: "Kepala BKPSDM",
                staff: &["Analis SDM Aparatur Ahli Muda"],
            },
            UnitSpec {
                code: "BKPSDM-MUTASI",
                name: "Bidang Mutasi dan Promosi",
                parent: Some("BKPSDM"),
                head_position: "Kepala Bidang Mutasi dan Promosi",
                staff: &[
                    "Analis SDM Aparatur Ahli Pertama",
                    "Pengelola Data Kepegawaian",
                    "Pranata Komputer Ahli Pertama",
                ],
            },
            UnitSpec {
                code: "BKPSDM-BANGKOM",
                name: "Bidang Pengembangan Kompetensi",
                parent: Some("BKPSDM"),
                head_position: "Kepala Bidang Pengembangan Kompetensi",
                staff: &["Widyaiswara Ahli Muda", "Pengadministrasi Perkantoran"],
            },
            UnitSpec {
                code: "DISDIK",
                name: "Dinas Pendidikan",
                parent: None,
                head_position: "Kepala Dinas Pendidikan",
                staff: &["Pengawas Sekolah Ahli Madya"],
            },
            UnitSpec {
                code: "DISDIK-SDN1",
                name: "SD Negeri 1 Nusa Jaya",
                parent: Some("DISDIK"),
                head_position: "Kepala Sekolah",
                staff: &["Guru Ahli Pertama", "Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Pertama"],
            },
            UnitSpec {
                code: "DISDIK-SMPN2",
                name: "SMP Negeri 2 Nusa Jaya",
                parent: Some("DISDIK"),
                head_position: "Kepala Sekolah",
                staff: &["Guru Ahli Muda", "Guru Ahli Pertama", "Guru Ahli Pertama", "Pengelola Keuangan"],
            },
            UnitSpec {
                code: "DINKES",
                name: "Dinas Kesehatan",
                parent: None,
                head_position: "Kepala Dinas Kesehatan",
                staff: &["Administrator Kesehatan Ahli Muda"],
            },
            UnitSpec {
                code: "DINKES-PKM",
                name: "Puskesmas Sukamaju",
                parent: Some("DINKES"),
                head_position: "Kepala Puskesmas",
                staff: &["Dokter Ahli Pertama", "Perawat Terampil", "Bidan Terampil", "Apoteker Ahli Pertama"],
            },
        ],
    },
    AgencySpec {
        code: "KEMEN-TKD",
        name: "Kementerian Tata Kelola Digital",
        domain: "tkd.example",
        units: &[
            UnitSpec {
                code: "SETJEN",
                name: "Sekretariat Jenderal",
                parent: None,
                head_position: "Sekretaris Jenderal",
                staff: &[],
            },
            UnitSpec {
                code: "SETJEN-KEPEG",
                name: "Biro Sumber Daya Manusia",
                parent: Some("SETJEN"),
                head_position: "Kepala Biro SDM",
                staff: &[
                    "Analis SDM Aparatur Ahli Muda",
                    "Analis SDM Aparatur Ahli Pertama",
                    "Pranata Komputer Ahli Muda",
                ],
            },
            UnitSpec {
                code: "SETJEN-KEU",
                name: "Biro Keuangan",
                parent: Some("SETJEN"),
                head_position: "Kepala Biro Keuangan",
                staff: &["Analis Anggaran Ahli Muda", "Pengelola Keuangan"],
            },
            UnitSpec {
                code: "DITJEN-LAY",
                name: "Direktorat Jenderal Layanan Digital",
                parent: None,
                head_position: "Direktur Jenderal Layanan Digital",
                staff: &[],
            },
            UnitSpec {
                code: "DIT-INFRA",
                name: "Direktorat Infrastruktur",
                parent: Some("DITJEN-LAY"),
                head_position: "Direktur Infrastruktur",
                staff: &["Pranata Komputer Ahli Madya", "Pranata Komputer Ahli Pertama", "Teknisi Jaringan"],
            },
            UnitSpec {
                code: "DIT-INFRA-OPS",
                name: "Subdirektorat Operasi Pusat Data",
                parent: Some("DIT-INFRA"),
                head_position: "Kepala Subdirektorat Operasi",
                staff: &["Pranata Komputer Terampil", "Pranata Komputer Ahli Pertama"],
            },
            UnitSpec {
                code: "DIT-APL",
                name: "Direktorat Aplikasi",
                parent: Some("DITJEN-LAY"),
                head_position: "Direktur Aplikasi",
                staff: &["Pranata Komputer Ahli Muda", "Analis Sistem Informasi", "Pranata Komputer Ahli Pertama"],
            },
        ],
    },
];

const MALE_GIVEN: [&str; 12] =
    ["Ahmad", "Budi", "Agus", "Hendra", "Joko", "Eko", "Bambang", "Yohanes", "Rudi", "Andi", "Teguh", "Made"];
const FEMALE_GIVEN: [&str; 12] =
    ["Siti", "Dewi", "Rina", "Nur", "Wulan", "Ratna", "Intan", "Fitri", "Maria", "Lestari", "Ayu", "Putu"];
const MALE_FAMILY: [&str; 12] = [
    "Santoso",
    "Wijaya",
    "Pratama",
    "Nugroho",
    "Hidayat",
    "Saputra",
    "Siregar",
    "Simanjuntak",
    "Wibowo",
    "Setiawan",
    "Tanjung",
    "Lubis",
];
const FEMALE_FAMILY: [&str; 12] = [
    "Rahmawati",
    "Lestari",
    "Susanti",
    "Kurniawati",
    "Handayani",
    "Purnamasari",
    "Siregar",
    "Sihombing",
    "Manurung",
    "Wulandari",
    "Anggraini",
    "Lubis",
];
/// Academic titles by level: doctorates for agency heads, master's degrees
/// for unit heads, bachelor's or diploma degrees for staff.
const MASTERS: [&str; 4] = ["M.Si.", "M.M.", "M.Kom.", "M.Pd."];
const BACHELORS: [&str; 6] = ["S.Kom.", "S.Pd.", "S.E.", "S.H.", "S.Kep.", "A.Md."];

/// A small deterministic generator (64-bit LCG): demo data must not depend
/// on a random seed.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

fn rank_for(kind: &str, is_head: bool, depth: usize, rng: &mut Lcg) -> String {
    match (kind, is_head) {
        ("pppk", _) => ["VII", "IX", "X", "XI"][rng.next(4) as usize].into(),
        ("cpns", _) => ["II/a", "III/a"][rng.next(2) as usize].into(),
        (_, true) if depth == 0 => ["IV/c", "IV/d"][rng.next(2) as usize].into(),
        (_, true) => ["IV/a", "IV/b"][rng.next(2) as usize].into(),
        _ => ["II/c", "III/a", "III/b", "III/c", "III/d"][rng.next(5) as usize].into(),
    }
}

/// The agency's HR office contact, as the help page and the "your BKPSDM"
/// cards show it (fictional numbers; the `.example` domain).
async fn bkpsdm_contact(db: &Db, agency_id: i64, agency: &AgencySpec, seed: usize) -> Result<(), OrgError> {
    use crate::help::contact::{Contact, ContactInput};
    let input = ContactInput {
        unit_name: format!("BKPSDM {}", agency.name.trim_start_matches("Pemerintah ")),
        email: format!("layanan.bkpsdm@{}", agency.domain),
        phone: format!("0361-555-{:04}", 100 + seed),
        whatsapp: format!("0812-5550-{:04}", 100 + seed),
        hours: "Senin–Kamis 07.30–16.00, Jumat 07.30–16.30 WIB".into(),
    };
    let contact = Contact::parse(&input).map_err(|e| OrgError::Invalid(format!("demo contact: {e:?}")))?;
    let mut tx = db.begin().await?;
    crate::help::repo::save(&mut tx, agency_id, &contact, now_unix()).await?;
    tx.commit().await?;
    Ok(())
}

/// Loads the demo organisation unless the database already has agencies.
pub async fn load(db: &Db) -> Result<DemoOutcome, OrgError> {
    if !repo::list_agencies(db).await?.is_empty() {
        return Ok(DemoOutcome::AlreadyPresent);
    }
    let today = Date::from_unix_days(now_unix().div_euclid(86_400)).expect("the clock reads a real day");
    let mut rng = Lcg(0x5eed_a5a0);
    let mut accounts = Vec::new();
    let mut serial = 1u32;
    for agency in &AGENCIES {
        let agency_id = repo::create_agency(db, agency.code, agency.name).await?;
        bkpsdm_contact(db, agency_id, agency, accounts.len()).await?;
        for unit in agency.units {
            let depth = usize::from(unit.parent.is_some()) + usize::from(unit.code.matches('-').count() > 1);
            let unit_id = repo::create_unit(db, agency.code, unit.parent, unit.code, unit.name).await?;
            let positions = std::iter::once((unit.head_position, true)).chain(unit.staff.iter().map(|p| (*p, false)));
            for (position, is_head) in positions {
                let female = rng.next(2) == 1;
                let (given, family) = if female {
                    (FEMALE_GIVEN[rng.next(12) as usize], FEMALE_FAMILY[rng.next(12) as usize])
                } else {
                    (MALE_GIVEN[rng.next(12) as usize], MALE_FAMILY[rng.next(12) as usize])
                };
                let kind = if is_head {
                    "pns"
                } else {
                    match rng.next(10) {
                        0 => "cpns",
                        1..=3 => "pppk",
                        _ => "pns",
                    }
                };
                let birth_year = if is_head { 1968 + rng.next(12) } else { 1975 + rng.next(25) };
                let birth = format!("{birth_year}{:02}{:02}", 1 + rng.next(12), 1 + rng.next(28));
                let appointment = match kind {
                    "cpns" => format!("2025{:02}", 1 + rng.next(6)),
                    "pppk" => format!("{}2{}", 2021 + rng.next(4), 1 + rng.next(3)),
                    _ => format!("{}{:02}", birth_year + 22 + rng.next(6), 1 + rng.next(12)),
                };
                let gender = if female { 2 } else { 1 };
                let nip = format!("{birth}{appointment}{gender}{:03}", serial % 1000);
                serial += 1;
                let (degree, doctorate) = match (is_head, depth) {
                    (true, 0) => (MASTERS[rng.next(4) as usize], true),
                    (true, _) => (MASTERS[rng.next(4) as usize], false),
                    _ => (BACHELORS[rng.next(6) as usize], false),
                };
                let name = if doctorate {
                    format!("Dr. {given} {family}, {degree}")
                } else {
                    format!("{given} {family}, {degree}")
                };
                let email = format!("{}.{}{}@{}", given.to_lowercase(), family.to_lowercase(), serial, agency.domain);
                let input = EmployeeInput {
                    nip,
                    name,
                    email,
                    phone: format!("08{:010}", 1_100_000_000 + u64::from(serial) * 7919),
                    kind: kind.into(),
                    agency: agency.code.into(),
                    unit: unit.code.into(),
                    position: position.into(),
                    rank: rank_for(kind, is_head, depth, &mut rng),
                    supervisor_nip: String::new(),
                };
                let employee = NewEmployee::parse(&input)
                    .map_err(|errors| OrgError::Invalid(format!("demo employee {}: {errors:?}", input.nip)))?;
                let employee_id = repo::add_employee(db, &employee).await?;
                let person = DemoPerson {
                    employee_id,
                    nip: &employee.nip,
                    kind: employee.kind,
                    rank: employee.rank.ok_or_else(|| OrgError::Invalid("demo employee without rank".into()))?,
                    position,
                    unit: unit.name,
                    is_head,
                    degree,
                    doctorate,
                    family_name: family,
                };
                crate::demo::profile::fill(db, &person, today).await?;
                let mut roles = vec![Role::Employee];
                if is_head {
                    repo::set_unit_head(db, unit_id, employee_id).await?;
                    roles.push(Role::Supervisor);
                }
                // The agency's top official decides on leave; the HR office's
                // first analyst administers the agency; one national admin.
                let stored = match (unit.parent, is_head, unit.code) {
                    (None, true, "SETDA" | "SETJEN") => Some(Role::Pybmc),
                    (_, false, "BKPSDM-MUTASI" | "SETJEN-KEPEG")
                        if !accounts
                            .iter()
                            .any(|a: &DemoAccount| a.agency == agency.code && a.roles.contains(&Role::AgencyAdmin)) =>
                    {
                        Some(Role::AgencyAdmin)
                    }
                    (_, false, "SETJEN-KEPEG")
                        if !accounts.iter().any(|a: &DemoAccount| a.roles.contains(&Role::NationalAdmin)) =>
                    {
                        Some(Role::NationalAdmin)
                    }
                    _ => None,
                };
                if let Some(role) = stored {
                    repo::grant_role(db, employee_id, role, agency_id).await?;
                    roles.push(role);
                }
                accounts.push(DemoAccount {
                    nip: employee.nip.grouped(),
                    name: employee.name.to_string(),
                    agency: agency.code.into(),
                    unit: unit.name.into(),
                    position: position.into(),
                    roles,
                });
            }
        }
    }
    for (i, (code, name, url, icon, audience, agency)) in EXTERNAL_SERVICES.into_iter().enumerate() {
        let mut service = NewExternalService::new(code, name, url, icon, audience)
            .map_err(|e| OrgError::Invalid(format!("demo service {code}: {e}")))?;
        service.agency_code = agency.map(str::to_string);
        service.sort_order = i as i64;
        external_repo::save(db, &service).await.map_err(|e| OrgError::Invalid(e.to_string()))?;
    }
    crate::demo::attendance::load(db, now_unix()).await.map_err(|e| OrgError::Invalid(format!("demo offices: {e}")))?;
    crate::leave::yearly::load_demo(db, now_unix()).await.map_err(|e| OrgError::Invalid(format!("demo leave: {e}")))?;
    Ok(DemoOutcome::Loaded(accounts))
}

/// Links on the dashboard: the national services every ASN uses, one for
/// PNS only, and one of the first agency's own systems.
/// Code, name, URL, icon, audience, agency.
type ServiceSpec = (&'static str, &'static str, &'static str, &'static str, &'static str, Option<&'static str>);

const EXTERNAL_SERVICES: [ServiceSpec; 4] = [
    ("MYASN", "MyASN", "https://myasn.bkn.go.id", "person", "all", None),
    ("EKINERJA", "e-Kinerja BKN", "https://kinerja.bkn.go.id", "chart", "all", None),
    ("TASPEN", "TASPEN (pensiun PNS)", "https://www.taspen.co.id", "shield", "pns", None),
    ("SIMPEG-NJ", "SIMPEG Nusa Jaya", "https://simpeg.nusajaya.example", "folder", "all", Some("PEMKAB-NJ")),
];
