//! Outgoing e-mail. Features enqueue messages in their own transaction
//! (`outbox::enqueue`); the server's mail worker delivers them over SMTP.

#[cfg(feature = "ssr")]
pub mod outbox;
