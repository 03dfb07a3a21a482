//! The application shell's shared components.

pub mod form_error;
pub mod guard;
pub mod history;
pub mod html;
pub mod icon;
pub mod landing;
pub mod lang_switch;
pub mod nav;
pub mod not_found;
pub mod page_title;
pub mod password_rules;
pub mod password_toggle;
pub mod url;
