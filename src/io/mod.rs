//! Files and links: the share link and its QR code, the scenario library kept in the browser's
//! storage, and the CSV of a result.

pub mod csv_export;
pub mod library;
pub mod share;
