//! Points on the Earth and the distance between them, for geofences.

use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A position in microdegrees (1e-6 degree, about 11 cm at the equator):
/// integers, so both databases store and compare them exactly. Valid by
/// construction: latitude within ±90°, longitude within ±180°.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeoPoint {
    lat_e6: i64,
    lon_e6: i64,
}

impl GeoPoint {
    pub fn from_e6(lat_e6: i64, lon_e6: i64) -> Option<Self> {
        ((-90_000_000..=90_000_000).contains(&lat_e6) && (-180_000_000..=180_000_000).contains(&lon_e6))
            .then_some(Self { lat_e6, lon_e6 })
    }

    pub fn from_degrees(lat: f64, lon: f64) -> Option<Self> {
        if !lat.is_finite() || !lon.is_finite() {
            return None;
        }
        Self::from_e6((lat * 1e6).round() as i64, (lon * 1e6).round() as i64)
    }

    /// Decimal degrees as typed or as a browser reports them ("-6.175392").
    pub fn parse(lat: &str, lon: &str) -> Option<Self> {
        Self::from_degrees(lat.trim().parse().ok()?, lon.trim().parse().ok()?)
    }

    pub fn lat_e6(self) -> i64 {
        self.lat_e6
    }

    pub fn lon_e6(self) -> i64 {
        self.lon_e6
    }

    fn radians(self) -> (f64, f64) {
        ((self.lat_e6 as f64 / 1e6).to_radians(), (self.lon_e6 as f64 / 1e6).to_radians())
    }

    /// Great-circle distance in metres (haversine; under 0.5% off the
    /// ellipsoid, far below a phone's accuracy).
    pub fn distance_m(self, other: GeoPoint) -> f64 {
        let (lat1, lon1) = self.radians();
        let (lat2, lon2) = other.radians();
        let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }
}

impl std::fmt::Display for GeoPoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.6}, {:.6}", self.lat_e6 as f64 / 1e6, self.lon_e6 as f64 / 1e6)
    }
}

/// An accuracy that is not a distance (negative, not a number, absurd).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidAccuracy;

/// The accuracy a browser reports, in whole metres; absent when unknown.
pub fn parse_accuracy(text: Option<&str>) -> Result<Option<i64>, InvalidAccuracy> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => match t.parse::<f64>() {
            Ok(m) if m.is_finite() && (0.0..=1_000_000.0).contains(&m) => Ok(Some(m.round() as i64)),
            _ => Err(InvalidAccuracy),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_or_non_numbers_are_not_points() {
        assert!(GeoPoint::parse("-6.175392", "106.827153").is_some());
        assert!(GeoPoint::parse("90.000001", "0").is_none());
        assert!(GeoPoint::parse("0", "-180.1").is_none());
        assert!(GeoPoint::parse("NaN", "0").is_none());
        assert!(GeoPoint::parse("inf", "0").is_none());
        assert!(GeoPoint::parse("", "0").is_none());
        assert!(GeoPoint::parse("6,17", "106").is_none());
    }

    #[test]
    fn distances_match_known_values() {
        let monas = GeoPoint::parse("-6.175392", "106.827153").unwrap();
        assert_eq!(monas.distance_m(monas), 0.0);
        // One thousandth of a degree of latitude is about 111 m everywhere.
        let north = GeoPoint::parse("-6.174392", "106.827153").unwrap();
        assert!((monas.distance_m(north) - 111.2).abs() < 0.5, "{}", monas.distance_m(north));
        // Monas to Gedung Sate, Bandung: 0.727° of latitude and 0.792° of
        // longitude (times cos 6.5°), about 1.071° of arc or 119.1 km.
        let bandung = GeoPoint::parse("-6.902477", "107.618782").unwrap();
        let d = monas.distance_m(bandung);
        assert!((118_800.0..119_400.0).contains(&d), "{d}");
        assert_eq!(d, bandung.distance_m(monas));
    }

    #[test]
    fn accuracy_is_optional_but_never_nonsense() {
        assert_eq!(parse_accuracy(None), Ok(None));
        assert_eq!(parse_accuracy(Some(" ")), Ok(None));
        assert_eq!(parse_accuracy(Some("12.6")), Ok(Some(13)));
        assert_eq!(parse_accuracy(Some("-1")), Err(InvalidAccuracy));
        assert_eq!(parse_accuracy(Some("NaN")), Err(InvalidAccuracy));
    }
}
