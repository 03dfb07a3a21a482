//! Layers every request passes through.

pub mod client_ip;
pub mod metrics;
pub mod origin;
pub mod request_id;
pub mod security_headers;
pub mod server_fn_status;
