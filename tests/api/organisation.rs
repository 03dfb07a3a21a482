//! The organisation model: demo data, derived supervisors, roles, refusals.

use app::demo::{self, DemoOutcome};
use app::org::repo::{self, OrgError};
use app::org::{EmployeeInput, NewEmployee, Role};

use crate::helpers::TestDb;
use crate::on_both_engines;

async fn employee_id(db: &app::server::Db, nip: &str) -> i64 {
    let mut conn = db.pool().acquire().await.unwrap();
    repo::find_employee_by_nip(&mut conn, nip).await.unwrap().expect("employee").id
}

fn digits(grouped: &str) -> String {
    grouped.replace(' ', "")
}

on_both_engines! {
    async fn demo_data_loads_once_with_every_kind_and_role(engine: Engine) {
        let t = TestDb::new(engine).await;
        let DemoOutcome::Loaded(accounts) = demo::load(&t.db).await.unwrap() else { panic!("expected a load") };
        assert!((50..=70).contains(&accounts.len()), "{}", accounts.len());
        assert_eq!(repo::count_employees(&t.db).await.unwrap(), accounts.len() as i64);
        assert_eq!(repo::list_agencies(&t.db).await.unwrap().len(), 2);
        for role in [Role::Supervisor, Role::Pybmc, Role::AgencyAdmin, Role::NationalAdmin] {
            assert!(accounts.iter().any(|a| a.roles.contains(&role)), "no demo {role:?}");
        }
        let kinds: std::collections::BTreeSet<_> = accounts
            .iter()
            .map(|a| app::domain::Nip::parse(&a.nip).unwrap().scheme())
            .map(|s| format!("{s:?}"))
            .collect();
        assert_eq!(kinds.len(), 2, "both PNS and PPPK numbering");
        assert_eq!(demo::load(&t.db).await.unwrap(), DemoOutcome::AlreadyPresent);
    }

    async fn the_direct_supervisor_is_derived_from_the_unit_tree(engine: Engine) {
        let t = TestDb::new(engine).await;
        let DemoOutcome::Loaded(accounts) = demo::load(&t.db).await.unwrap() else { panic!() };
        let head_of = |unit: &str| {
            accounts.iter().find(|a| a.unit == unit && a.roles.contains(&Role::Supervisor)).unwrap().clone()
        };
        // Staff of a unit report to its head...
        let staff = accounts.iter().find(|a| a.unit == "Bagian Umum" && !a.roles.contains(&Role::Supervisor)).unwrap();
        let staff_id = employee_id(&t.db, &digits(&staff.nip)).await;
        let sup = repo::direct_supervisor(&t.db, staff_id).await.unwrap().unwrap();
        assert_eq!(sup.nip, digits(&head_of("Bagian Umum").nip));
        // ...and the head of a sub-unit reports to the head of the parent unit.
        let head_id = employee_id(&t.db, &digits(&head_of("Bagian Umum").nip)).await;
        let up = repo::direct_supervisor(&t.db, head_id).await.unwrap().unwrap();
        assert_eq!(up.nip, digits(&head_of("Sekretariat Daerah").nip));
        // The top of the tree has no supervisor.
        let top = employee_id(&t.db, &digits(&head_of("Sekretariat Daerah").nip)).await;
        assert!(repo::direct_supervisor(&t.db, top).await.unwrap().is_none());
        let roles = repo::roles_of(&t.db, top).await.unwrap();
        assert!(roles.iter().any(|(r, _)| *r == Role::Pybmc) && roles.iter().any(|(r, _)| *r == Role::Supervisor));
    }

    async fn adding_an_existing_nip_or_an_unknown_agency_is_refused(engine: Engine) {
        let t = TestDb::new(engine).await;
        repo::create_agency(&t.db, "AG", "Agency").await.unwrap();
        let input = EmployeeInput {
            nip: "198001012005011001".into(),
            name: "Ahmad".into(),
            email: "ahmad@x.example".into(),
            kind: "pns".into(),
            agency: "AG".into(),
            ..Default::default()
        };
        let employee = NewEmployee::parse(&input).unwrap();
        repo::add_employee(&t.db, &employee).await.unwrap();
        assert!(matches!(repo::add_employee(&t.db, &employee).await, Err(OrgError::DuplicateNip(_))));
        let elsewhere = NewEmployee::parse(&EmployeeInput { nip: "198001012005011002".into(), agency: "NONE".into(), ..input.clone() }).unwrap();
        assert!(matches!(repo::add_employee(&t.db, &elsewhere).await, Err(OrgError::UnknownAgency(_))));
        assert_eq!(repo::count_employees(&t.db).await.unwrap(), 1);
        assert!(matches!(repo::create_agency(&t.db, "AG", "Again").await, Err(OrgError::Duplicate(_))));
    }
}
