//! Demo offices for the demo agencies (fictional places, real-looking
//! coordinates), so check-in works out of the box.

use crate::attendance::geo::GeoPoint;
use crate::attendance::repo::{self, AttendanceRepoError};
use crate::server::db::Db;

/// Agency, unit (None: the whole agency), code, name, latitude, longitude, radius.
type OfficeSpec = (&'static str, Option<&'static str>, &'static str, &'static str, &'static str, &'static str, i64);

const OFFICES: [OfficeSpec; 4] = [
    ("PEMKAB-NJ", None, "PUSPEM", "Pusat Pemerintahan Kabupaten Nusa Jaya", "-7.797068", "110.370529", 200),
    ("PEMKAB-NJ", Some("DISDIK-SDN1"), "SDN1", "SD Negeri 1 Nusa Jaya", "-7.782890", "110.367083", 100),
    ("PEMKAB-NJ", Some("DINKES-PKM"), "PKM", "Puskesmas Nusa Jaya Kota", "-7.801389", "110.364722", 100),
    ("KEMEN-TKD", None, "GEDUNG-A", "Gedung A Kementerian", "-6.208763", "106.845599", 250),
];

pub async fn load(db: &Db, now: i64) -> Result<(), AttendanceRepoError> {
    for (agency, unit, code, name, lat, lon, radius) in OFFICES {
        let centre =
            GeoPoint::parse(lat, lon).ok_or_else(|| AttendanceRepoError::Invalid(format!("demo office {code}")))?;
        let office = repo::NewOffice { agency_code: agency, unit_code: unit, code, name, centre, radius_m: radius };
        repo::save_office(db, &office, now).await?;
    }
    Ok(())
}
