//! Complaints and feedback (synpunkter och klagomål): praise, complaints and
//! suggestions from the public, through the e-service `/synpunkter` (no
//! login, anonymous if the sender wishes) or taken by staff on the phone, by
//! letter or at a visit. The committee receives and investigates complaints
//! on the quality of its work (5 kap. SOSFS 2011:9); a handler (the quality
//! lead, or the unit's managers) is assigned, acts, answers the sender when
//! they left a way to reach them, and closes it.
//!
//! The sender's contact details are part of the record only: never of its
//! head, so never of a list, a statistic or a report.

use super::{Head, Refusal, Register, RegisterDeadline, RegisterKind, Writer, Written};
use crate::calendar::add_days;
use crate::catalog::catalog;
use crate::{CaseId, UnitId, UserId};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest message accepted, in characters.
pub const MESSAGE_MAX: usize = 5_000;
/// The longest contact details accepted, in characters.
pub const CONTACT_MAX: usize = 200;
/// Days the routine gives a handler to answer a sender who can be reached.
pub const ANSWER_DAYS: i64 = 14;
pub const CITE_COMPLAINT: &str = "5 kap. SOSFS 2011:9 (rutinens frist)";

catalog!(
    /// What the sender gives.
    ComplaintKind {
        Praise => ("berom", "Beröm"),
        Complaint => ("klagomal", "Klagomål"),
        Suggestion => ("forbattringsforslag", "Förbättringsförslag"),
    }
);

catalog!(
    /// How it reached the committee.
    Channel {
        EService => ("e_tjanst", "E-tjänsten"),
        Phone => ("telefon", "Telefon"),
        Letter => ("brev", "Brev"),
        Visit => ("besok", "Besök"),
    }
);

/// Years after a complaint was closed its sender's contact details are
/// erased (gallring; `tillit gallra`'s default). The committee's own
/// gallringsbeslut (arkivlagen 1990:782 10 §) sets the time; the contact
/// details are kept no longer than needed to answer and follow up
/// (GDPR art. 5.1 e). The complaint itself (kind, unit, message, handling)
/// is kept.
pub const CONTACT_RETENTION_YEARS: i16 = 2;

/// Whether the contact details of a complaint closed on `closed_on` are to
/// be erased on `today`: from the day `years` years after the closing.
pub fn contact_expired(closed_on: Date, today: Date, years: i16) -> bool {
    closed_on
        .checked_add(jiff::Span::new().years(years))
        .is_ok_and(|until| today >= until)
}

/// The entry without its contact details, if it has any to erase.
pub fn without_contact(entry: &ComplaintEntry) -> Option<ComplaintEntry> {
    match entry {
        ComplaintEntry::Received {
            contact: Some(_), ..
        } => {
            let mut e = entry.clone();
            if let ComplaintEntry::Received { contact, .. } = &mut e {
                *contact = None;
            }
            Some(e)
        }
        _ => None,
    }
}

/// One entry of a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum ComplaintEntry {
    Received {
        kind: ComplaintKind,
        /// The unit it is about.
        unit: UnitId,
        message: String,
        /// How to reach the sender, if they want an answer.
        contact: Option<String>,
        channel: Channel,
        /// The number the sender was given (random, not guessable).
        receipt: String,
    },
    Assigned {
        to: UserId,
    },
    Acted {
        action: String,
    },
    Answered {
        on: Date,
        how: String,
    },
    Closed {
        conclusion: String,
    },
    /// Linked by a handler to the case (and so the child) it concerns,
    /// chosen through a look-up of the cases the handler may read; `None`
    /// removes the link.
    CaseLinked {
        case: Option<CaseId>,
    },
}

/// A complaint, folded from its entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Complaint {
    pub received: Option<Date>,
    /// The member of staff who registered it (`None`: the e-service).
    pub registered_by: Option<UserId>,
    pub kind: Option<ComplaintKind>,
    pub unit: Option<UnitId>,
    pub can_answer: bool,
    pub receipt: Option<String>,
    pub assigned: Option<UserId>,
    pub acted: Option<Date>,
    pub answered: Option<Date>,
    pub closed: Option<Date>,
    /// The case the complaint concerns, if a handler linked it.
    pub case: Option<CaseId>,
}

pub const STATUSES: &[(&str, &str)] = &[
    ("received", "Mottagen"),
    ("assigned", "Tilldelad"),
    ("acted", "Åtgärdad"),
    ("answered", "Besvarad"),
    ("closed", "Avslutad"),
];

impl Complaint {
    pub fn status(&self) -> &'static str {
        if self.closed.is_some() {
            "closed"
        } else if self.answered.is_some() {
            "answered"
        } else if self.acted.is_some() {
            "acted"
        } else if self.assigned.is_some() {
            "assigned"
        } else {
            "received"
        }
    }
}

/// Whether `writer` is the e-service (no user) or a member of staff.
fn check_received(entry: &ComplaintEntry) -> Result<(), Refusal> {
    let ComplaintEntry::Received {
        message,
        contact,
        receipt,
        ..
    } = entry
    else {
        return Err(Refusal::new("Synpunkten måste tas emot först."));
    };
    super::text("ditt meddelande", message, MESSAGE_MAX)?;
    if let Some(c) = contact {
        super::text("hur vi når dig", c, CONTACT_MAX)?;
    }
    if receipt.trim().is_empty() {
        return Err(Refusal::new("Kvittonumret saknas."));
    }
    Ok(())
}

impl Register for Complaint {
    const KIND: RegisterKind = RegisterKind::Complaint;
    type Entry = ComplaintEntry;
    type State = Complaint;

    fn entry_code(entry: &ComplaintEntry) -> &'static str {
        match entry {
            ComplaintEntry::Received { .. } => "received",
            ComplaintEntry::Assigned { .. } => "assigned",
            ComplaintEntry::Acted { .. } => "acted",
            ComplaintEntry::Answered { .. } => "answered",
            ComplaintEntry::Closed { .. } => "closed",
            ComplaintEntry::CaseLinked { .. } => "case_linked",
        }
    }

    fn apply(s: &mut Complaint, w: &Written<ComplaintEntry>) {
        match &w.entry {
            ComplaintEntry::Received {
                kind,
                unit,
                contact,
                receipt,
                ..
            } => {
                s.received = Some(w.on);
                // The e-service writes as user 0 (no member of staff).
                s.registered_by = (w.by.0 != 0).then_some(w.by);
                s.kind = Some(*kind);
                s.unit = Some(*unit);
                s.can_answer = contact.is_some();
                s.receipt = Some(receipt.clone());
            }
            ComplaintEntry::Assigned { to } => s.assigned = Some(*to),
            ComplaintEntry::Acted { .. } => s.acted = Some(w.on),
            ComplaintEntry::Answered { on, .. } => s.answered = Some(*on),
            ComplaintEntry::Closed { .. } => s.closed = Some(w.on),
            ComplaintEntry::CaseLinked { case } => s.case = *case,
        }
    }

    fn check(
        s: &Complaint,
        entry: &ComplaintEntry,
        writer: Writer,
        today: Date,
    ) -> Result<(), Refusal> {
        if s.received.is_none() {
            return check_received(entry);
        }
        if s.closed.is_some() {
            return Err(Refusal::new(
                "Synpunkten är avslutad. Inget mer kan registreras i den.",
            ));
        }
        if !writer.handles {
            return Err(Refusal::new(
                "Bara enhetens chefer och kvalitetsansvarig kan hantera synpunkter.",
            ));
        }
        match entry {
            ComplaintEntry::Received { .. } => Err(Refusal::new("Synpunkten är redan mottagen.")),
            ComplaintEntry::Assigned { .. } => Ok(()),
            ComplaintEntry::CaseLinked { case } => {
                if *case == s.case {
                    Err(Refusal::new(if case.is_some() {
                        "Synpunkten är redan kopplad till det ärendet."
                    } else {
                        "Synpunkten är inte kopplad till något ärende."
                    }))
                } else {
                    Ok(())
                }
            }
            ComplaintEntry::Acted { action } => {
                super::text("åtgärden", action, super::TEXT_MAX).map(|_| ())
            }
            ComplaintEntry::Answered { on, how } => {
                if !s.can_answer {
                    return Err(Refusal::new(
                        "Avsändaren lämnade inga kontaktuppgifter och kan inte få svar.",
                    ));
                }
                if *on > today {
                    return Err(Refusal::new(format!(
                        "Svarsdatumet kan inte ligga efter i dag ({today})."
                    )));
                }
                super::text("hur svaret gavs", how, super::TEXT_MAX).map(|_| ())
            }
            ComplaintEntry::Closed { conclusion } => {
                if s.can_answer && s.answered.is_none() {
                    return Err(Refusal::new(
                        "Avsändaren vill ha svar. Registrera svaret innan synpunkten avslutas.",
                    ));
                }
                super::text("slutsatsen", conclusion, super::TEXT_MAX).map(|_| ())
            }
        }
    }

    fn head(s: &Complaint) -> Option<Head> {
        Some(Head {
            unit: s.unit?,
            reported_by: s.registered_by,
            opened_on: s.received?,
            closed_on: s.closed,
            status: s.status(),
            category: s.kind.map(|k| k.code().to_string()),
            serious: false,
            handler: s.assigned,
            reported_externally: false,
            measures: u32::from(s.acted.is_some()),
            measures_done: u32::from(s.acted.is_some()),
            gender: None,
            age_band: None,
        })
    }

    fn deadlines(s: &Complaint) -> Vec<RegisterDeadline> {
        match (s.received, s.closed) {
            (Some(received), None) if s.can_answer && s.answered.is_none() => {
                vec![RegisterDeadline {
                    what: "answer",
                    label: "Svara avsändaren",
                    due: add_days(received, ANSWER_DAYS),
                    citation: CITE_COMPLAINT,
                }]
            }
            (Some(received), None) if s.assigned.is_none() => vec![RegisterDeadline {
                what: "assign",
                label: "Utse handläggare",
                due: add_days(received, ANSWER_DAYS),
                citation: CITE_COMPLAINT,
            }],
            _ => Vec::new(),
        }
    }
}

/// The member of staff the e-service writes as: nobody (user 0, which no
/// user has; the head records no reporter).
pub const E_SERVICE: UserId = UserId(0);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::decide;
    use jiff::Timestamp;
    use jiff::civil::date;

    fn received(contact: Option<&str>) -> ComplaintEntry {
        ComplaintEntry::Received {
            kind: ComplaintKind::Complaint,
            unit: UnitId(1),
            message: "Jag fick aldrig svar på mitt brev.".into(),
            contact: contact.map(Into::into),
            channel: Channel::EService,
            receipt: "SY-ABCD-EFGH".into(),
        }
    }

    #[test]
    fn a_sender_who_can_be_reached_is_answered_before_closing() {
        let day = date(2026, 4, 1);
        let public = Writer {
            user: E_SERVICE,
            handles: false,
        };
        let lead = Writer {
            user: UserId(5),
            handles: true,
        };
        let (s, _) = decide::<Complaint>(
            &Complaint::default(),
            &received(Some("070-000 00 00")),
            public,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let head = Complaint::head(&s).unwrap();
        assert_eq!(head.reported_by, None, "the e-service is nobody");
        assert_eq!(Complaint::deadlines(&s)[0].due, add_days(day, ANSWER_DAYS));
        let close = ComplaintEntry::Closed {
            conclusion: "Klart".into(),
        };
        assert!(Complaint::check(&s, &close, lead, day).is_err());
        let answer = ComplaintEntry::Answered {
            on: day,
            how: "Telefon".into(),
        };
        // The public cannot write more than the first entry.
        assert!(Complaint::check(&s, &answer, public, day).is_err());
        let (s, _) = decide::<Complaint>(&s, &answer, lead, day, Timestamp::UNIX_EPOCH).unwrap();
        assert!(Complaint::check(&s, &close, lead, day).is_ok());
        // Anonymous: nobody to answer, no answer deadline.
        let (anon, _) = decide::<Complaint>(
            &Complaint::default(),
            &received(None),
            public,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        assert_eq!(Complaint::deadlines(&anon)[0].what, "assign");
        assert!(Complaint::check(&anon, &answer, lead, day).is_err());
    }

    #[test]
    fn only_a_handler_links_a_case_and_may_remove_the_link() {
        let day = date(2026, 4, 1);
        let staff = Writer {
            user: UserId(4),
            handles: false,
        };
        let lead = Writer {
            user: UserId(5),
            handles: true,
        };
        let (s, _) = decide::<Complaint>(
            &Complaint::default(),
            &received(None),
            staff,
            day,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap();
        let case = CaseId::from_u128(7);
        let link = ComplaintEntry::CaseLinked { case: Some(case) };
        assert!(Complaint::check(&s, &link, staff, day).is_err());
        let (s, _) = decide::<Complaint>(&s, &link, lead, day, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(s.case, Some(case));
        assert!(
            Complaint::check(&s, &link, lead, day).is_err(),
            "linked twice"
        );
        let unlink = ComplaintEntry::CaseLinked { case: None };
        let (s, _) = decide::<Complaint>(&s, &unlink, lead, day, Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(s.case, None);
        assert!(Complaint::check(&s, &unlink, lead, day).is_err());
    }

    #[test]
    fn an_empty_or_overlong_message_is_refused() {
        let mut e = received(None);
        if let ComplaintEntry::Received { message, .. } = &mut e {
            *message = "   ".into();
        }
        assert!(check_received(&e).is_err());
        if let ComplaintEntry::Received { message, .. } = &mut e {
            *message = "x".repeat(MESSAGE_MAX + 1);
        }
        assert!(check_received(&e).unwrap_err().0.contains("högst 5000"));
    }
}
