//! Pure domain types shared by the server and the browser. Each type is valid
//! by construction: its fields are private and `parse` is the only way in.

pub mod date;
pub mod email;
pub mod employee_kind;
pub mod nip;
pub mod password;
pub mod person_name;
pub mod phone;
pub mod rank;

pub use date::Date;
pub use email::Email;
pub use employee_kind::EmployeeKind;
pub use nip::{Nip, NipError};
pub use person_name::PersonName;
pub use phone::Phone;
pub use rank::Rank;
