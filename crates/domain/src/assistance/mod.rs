//! Economic assistance (ekonomiskt bistånd, 12 kap. SoL (2025:400)): the
//! pure rules. The record of a household (its members over time, its
//! applications per month, decisions, payments and recovery) is a register
//! ([`crate::register::assistance`]); what it computes lives here:
//!
//! - [`money`]: amounts in whole kronor and the month applied for, with
//!   total parsers;
//! - [`norm`]: the riksnorm per year as data, with its source, and the norm
//!   of a household item by item;
//! - [`norm_entry`]: a year's riksnorm entered by the administrator, with
//!   its total form parser;
//! - [`decision`]: the needs, incomes, försörjningshinder and household
//!   types as catalogues, and the decision sum (needs granted minus incomes
//!   counted).

pub mod decision;
pub mod money;
pub mod norm;
pub mod norm_entry;
