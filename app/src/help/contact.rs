//! An agency's BKPSDM contact: valid by construction.

use serde::{Deserialize, Serialize};

use crate::domain::email::Email;
use crate::domain::phone::Phone;

/// The longest unit name and service-hours line.
pub const MAX_TEXT: usize = 120;

/// The form as typed. Empty optional fields mean "none".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    pub unit_name: String,
    pub email: String,
    pub phone: String,
    pub whatsapp: String,
    pub hours: String,
}

/// A refused field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactField {
    UnitName,
    Email,
    Phone,
    Whatsapp,
    Hours,
    /// Neither an e-mail address nor a phone or WhatsApp number.
    NoWayToReach,
}

impl ContactField {
    /// The form field this refusal points at, with its message.
    pub fn field(self) -> crate::error::Field {
        use super::field;
        match self {
            Self::UnitName => field::UNIT,
            Self::Email => field::EMAIL,
            Self::Phone => field::PHONE,
            Self::Whatsapp => field::WHATSAPP,
            Self::Hours => field::HOURS,
            Self::NoWayToReach => field::NO_WAY,
        }
    }
}

/// A contact that passed every check: a unit name and at least one way to
/// reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub unit_name: String,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub whatsapp: Option<Phone>,
    pub hours: Option<String>,
}

fn text(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty()).then_some(v)
}

fn printable(value: &str) -> bool {
    value.chars().count() <= MAX_TEXT && !value.chars().any(char::is_control)
}

impl Contact {
    /// Checks every field and reports all problems at once.
    pub fn parse(input: &ContactInput) -> Result<Self, Vec<ContactField>> {
        let mut errors = Vec::new();
        let unit_name = text(&input.unit_name).filter(|n| printable(n));
        if unit_name.is_none() {
            errors.push(ContactField::UnitName);
        }
        let email = match text(&input.email).map(Email::parse) {
            None => None,
            Some(Ok(e)) => Some(e),
            Some(Err(_)) => {
                errors.push(ContactField::Email);
                None
            }
        };
        let mut phone_of = |value: &str, field| match text(value).map(Phone::parse) {
            None => None,
            Some(Ok(p)) => Some(p),
            Some(Err(_)) => {
                errors.push(field);
                None
            }
        };
        let phone = phone_of(&input.phone, ContactField::Phone);
        let whatsapp = phone_of(&input.whatsapp, ContactField::Whatsapp);
        let hours = text(&input.hours);
        if hours.is_some_and(|h| !printable(h)) {
            errors.push(ContactField::Hours);
        }
        let typed = |v: &str| text(v).is_some();
        if !typed(&input.email) && !typed(&input.phone) && !typed(&input.whatsapp) {
            errors.push(ContactField::NoWayToReach);
        }
        match unit_name {
            Some(unit_name) if errors.is_empty() => {
                Ok(Self { unit_name: unit_name.to_string(), email, phone, whatsapp, hours: hours.map(str::to_string) })
            }
            _ => Err(errors),
        }
    }
}

impl Contact {
    /// As pages show it, for this agency.
    pub fn view(&self, agency_code: &str, agency_name: &str) -> ContactView {
        ContactView {
            agency_code: agency_code.to_string(),
            agency_name: agency_name.to_string(),
            unit_name: self.unit_name.clone(),
            email: self.email.as_ref().map(|e| e.as_str().to_string()),
            phone: self.phone.as_ref().map(|p| p.as_str().to_string()),
            whatsapp: self.whatsapp.as_ref().map(|p| p.as_str().to_string()),
            hours: self.hours.clone(),
        }
    }
}

/// A contact as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub agency_code: String,
    pub agency_name: String,
    pub unit_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub hours: Option<String>,
}

impl ContactView {
    /// The `https://wa.me/…` link of the WhatsApp number: international
    /// digits, a leading 0 read as Indonesia's +62.
    pub fn whatsapp_link(&self) -> Option<String> {
        let number = self.whatsapp.as_deref()?;
        let digits = match (number.strip_prefix('+'), number.strip_prefix('0')) {
            (Some(international), _) => international.to_string(),
            (None, Some(national)) => format!("62{national}"),
            (None, None) => number.to_string(),
        };
        Some(format!("https://wa.me/{digits}"))
    }

    /// One line for the audit trail: every field, `-` for none.
    pub fn summary(&self) -> String {
        let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        format!(
            "{} | e-mail {} | phone {} | WhatsApp {} | hours {}",
            self.unit_name,
            or_dash(&self.email),
            or_dash(&self.phone),
            or_dash(&self.whatsapp),
            or_dash(&self.hours)
        )
    }

    /// The form pre-filled with this contact.
    pub fn input(&self) -> ContactInput {
        let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
        ContactInput {
            unit_name: self.unit_name.clone(),
            email: or_empty(&self.email),
            phone: or_empty(&self.phone),
            whatsapp: or_empty(&self.whatsapp),
            hours: or_empty(&self.hours),
        }
    }
}

/// What the help page shows: the reader's own agency's contact (signed
/// in), the chosen agency's, and every agency that has one, to choose from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpView {
    pub mine: Option<ContactView>,
    pub chosen: Option<ContactView>,
    /// (code, name) of each agency with a contact, by name.
    pub agencies: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ContactInput {
        ContactInput {
            unit_name: " BKPSDM Kabupaten Nusa Jaya ".into(),
            email: "Layanan@BKPSDM.nusajaya.go.id".into(),
            phone: "(0361) 222-333".into(),
            whatsapp: "0812-3456-7890".into(),
            hours: "Senin–Jumat 08.00–15.00 WITA".into(),
        }
    }

    #[test]
    fn a_complete_contact_is_stored_tidied() {
        let input = ContactInput { phone: "0361-222-333".into(), ..input() };
        let c = Contact::parse(&input).unwrap();
        assert_eq!(c.unit_name, "BKPSDM Kabupaten Nusa Jaya");
        assert_eq!(c.email.unwrap().as_str(), "layanan@bkpsdm.nusajaya.go.id");
        assert_eq!(c.phone.unwrap().as_str(), "0361222333");
        assert_eq!(c.whatsapp.unwrap().as_str(), "081234567890");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = ContactInput {
            unit_name: "x".repeat(MAX_TEXT + 1),
            email: "not an address".into(),
            whatsapp: "12".into(),
            hours: "08.00\u{7}".into(),
            ..input()
        };
        assert_eq!(
            Contact::parse(&bad).unwrap_err(),
            [
                ContactField::UnitName,
                ContactField::Email,
                ContactField::Phone,
                ContactField::Whatsapp,
                ContactField::Hours
            ]
        );
    }

    #[test]
    fn a_contact_needs_a_way_to_reach_it() {
        let none = ContactInput { email: " ".into(), phone: String::new(), whatsapp: String::new(), ..input() };
        assert_eq!(Contact::parse(&none).unwrap_err(), [ContactField::NoWayToReach]);
        let only_whatsapp = ContactInput { email: String::new(), phone: String::new(), ..input() };
        assert!(Contact::parse(&only_whatsapp).is_ok());
    }

    #[test]
    fn whatsapp_links_use_international_digits() {
        let view = |number: &str| ContactView {
            agency_code: "A".into(),
            agency_name: "A".into(),
            unit_name: "BKPSDM".into(),
            email: None,
            phone: None,
            whatsapp: Some(number.into()),
            hours: None,
        };
        assert_eq!(view("081234567890").whatsapp_link().unwrap(), "https://wa.me/6281234567890");
        assert_eq!(view("+6281234567890").whatsapp_link().unwrap(), "https://wa.me/6281234567890");
    }
}
