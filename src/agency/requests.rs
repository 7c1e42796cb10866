//! Tracking what the reviewer has asked of each agency: the template sent, the return
//! received and checked, the factual-accuracy pack sent and confirmed. The steps the product
//! carries out record themselves; the reviewer records the rest (a confirmation by email).

use chrono::NaiveDate;

use crate::dates::uk;
use crate::error::Result;
use crate::model::{Agency, AgencyId, AgencyRequest};
use crate::store::Writer;

/// One step of the agency loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The chronology template was sent.
    TemplateSent,
    /// The agency's return was received (imported).
    ReturnReceived,
    /// The return was checked and the checks sent back.
    ReturnChecked,
    /// The factual-accuracy pack was sent.
    AccuracySent,
    /// The agency confirmed the factual accuracy of its entries.
    AccuracyConfirmed,
}

impl Step {
    /// Every step, in the loop's order.
    pub const ALL: [Step; 5] = [
        Step::TemplateSent,
        Step::ReturnReceived,
        Step::ReturnChecked,
        Step::AccuracySent,
        Step::AccuracyConfirmed,
    ];

    /// The step in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Step::TemplateSent => "Template sent",
            Step::ReturnReceived => "Return received",
            Step::ReturnChecked => "Return checked",
            Step::AccuracySent => "Accuracy pack sent",
            Step::AccuracyConfirmed => "Accuracy confirmed",
        }
    }

    /// The date recorded for this step.
    pub fn date(self, r: &AgencyRequest) -> Option<NaiveDate> {
        match self {
            Step::TemplateSent => r.template_sent_on,
            Step::ReturnReceived => r.return_received_on,
            Step::ReturnChecked => r.return_checked_on,
            Step::AccuracySent => r.accuracy_sent_on,
            Step::AccuracyConfirmed => r.accuracy_confirmed_on,
        }
    }

    fn set(self, r: &mut AgencyRequest, on: Option<NaiveDate>) {
        let field = match self {
            Step::TemplateSent => &mut r.template_sent_on,
            Step::ReturnReceived => &mut r.return_received_on,
            Step::ReturnChecked => &mut r.return_checked_on,
            Step::AccuracySent => &mut r.accuracy_sent_on,
            Step::AccuracyConfirmed => &mut r.accuracy_confirmed_on,
        };
        *field = on;
    }
}

/// Records that `step` happened for `agency` on `on` (or, with `None`, clears it), inside the
/// caller's change.
pub fn record(w: &Writer<'_>, agency: AgencyId, step: Step, on: Option<NaiveDate>) -> Result<()> {
    let mut request = w.agency_request(agency)?;
    step.set(&mut request, on);
    w.set_agency_request(&request)
}

/// The requests of every agency as a plain-text table, in lane order.
pub fn table(agencies: &[Agency], requests: &[AgencyRequest]) -> String {
    let width = agencies
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 48);
    let mut out = format!("{:<width$}", "Agency");
    for step in Step::ALL {
        out.push_str(&format!("  {:<18}", step.label()));
    }
    out.push('\n');
    for a in agencies {
        let request = requests
            .iter()
            .find(|r| r.agency == a.id)
            .cloned()
            .unwrap_or_else(|| AgencyRequest::new(a.id));
        let name: String = a.name.chars().take(width).collect();
        out.push_str(&format!("{name:<width$}"));
        for step in Step::ALL {
            let text = step.date(&request).map(uk).unwrap_or_else(|| "-".into());
            out.push_str(&format!("  {text:<18}"));
        }
        out.push('\n');
    }
    out
}
