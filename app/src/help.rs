//! Help (Bantuan): each agency's HR office (BKPSDM) contact as data, the
//! card that names it wherever the portal says "contact your BKPSDM", and
//! the help page that answers what users most often hit.

pub mod api;
pub mod card;
pub mod contact;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;

/// The fields of the contact form that can be refused, each with its message.
pub mod field {
    use crate::error::Field;
    use crate::i18n::Msg;

    pub const UNIT: Field = Field::new("contact_unit", Msg::ContactUnitInvalid);
    pub const EMAIL: Field = Field::new("contact_email", Msg::ContactEmailInvalid);
    pub const PHONE: Field = Field::new("contact_phone", Msg::ContactPhoneInvalid);
    pub const WHATSAPP: Field = Field::new("contact_whatsapp", Msg::ContactWhatsappInvalid);
    pub const HOURS: Field = Field::new("contact_hours", Msg::ContactHoursInvalid);
    pub const NO_WAY: Field = Field::new("contact_no_way", Msg::ContactNoWayToReach);
}

/// Every field above, for `crate::error::register_fields`.
pub const INVALID_FIELDS: &[crate::error::Field] =
    &[field::UNIT, field::EMAIL, field::PHONE, field::WHATSAPP, field::HOURS, field::NO_WAY];
