//! The analysis settings a review can adjust: which rules run and their thresholds, with the
//! documented defaults. Stored as JSON in the review (`review.analysis_settings`); a missing
//! field takes its default, so `{}` means "all defaults" and settings written by an older
//! version keep working.
//!
//! Protocol timescales ("referral to health visiting: contact within 2 working days") are not
//! here: they are the review's [`ProtocolRule`](crate::model::ProtocolRule)s, edited as rows.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{Error, Result};
use crate::model::{Sector, ServiceLevel};

mod risks;

pub use risks::{default_statutory_risks, StatutoryRisk};

/// Every setting of the analysis. Each rule has its own section; every number is documented
/// with its default and why it was chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AnalysisSettings {
    /// Settings shared by the rules.
    pub general: GeneralSettings,
    /// Lost transfers: hand-overs with no receipt, closures after a move, disengagement,
    /// dropped key risks.
    pub lost_transfer: LostTransferSettings,
    /// Missed escalations: lower responses, overruled recommendations, clusters of concerns,
    /// dropped disagreements.
    pub missed_escalation: MissedEscalationSettings,
    /// Periods when nobody saw the child.
    pub child_not_seen: ChildNotSeenSettings,
    /// Responses later than a protocol rule's timescale.
    pub delayed_response: DelayedResponseSettings,
    /// Contradicting records.
    pub contradicting_records: ContradictionSettings,
    /// The same concern recorded again and again without an assessment.
    pub repeated_concern: RepeatedConcernSettings,
    /// The concern vocabulary the cluster rules count.
    pub concerns: Vec<ConcernCategory>,
}

/// Settings shared by every rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct GeneralSettings {
    /// Ignore entries dated before the review's scope starts (background history), except for
    /// explicit links the reviewer made. Default: true.
    pub ignore_before_scope: bool,
    /// How far after an entry an inferred response or receipt may be found, in working days.
    /// Explicit links are followed whatever the distance. Default: 40 (eight working weeks):
    /// long enough to find a late receipt, short enough not to take an unrelated later entry
    /// for one.
    pub inference_window_working_days: u32,
    /// An agency with no entry in this many days before a hand-over is "not yet involved": its
    /// first entry after the hand-over is then taken as its response. Default: 90.
    pub involvement_lookback_days: u32,
}

/// Lost transfer rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LostTransferSettings {
    /// Flag hand-overs with no recorded receipt or response. Default: on.
    pub no_receipt: bool,
    /// When no protocol rule covers a hand-over, a receipt is expected within this many working
    /// days. Default: 10 (two working weeks).
    pub expected_receipt_working_days: u32,
    /// Flag cases closed after the family moved away with no onward referral. Default: on.
    pub moved_no_onward_referral: bool,
    /// A closure this many days after a move counts as caused by it (a closure whose text
    /// says the family moved counts whenever it is). Default: 90.
    pub move_closure_days: u32,
    /// Flag services that stopped engaging and closed or went silent without handing over to
    /// a universal service. Default: on.
    pub disengaged_no_handover: bool,
    /// How long a service must have had only failed contacts to count as disengaged, in days.
    /// Default: 84 (twelve weeks; FNP guidance speaks of six months before leaving the
    /// programme, but a hand-over is expected on leaving whatever the length).
    pub disengaged_days: u32,
    /// The fewest failed contacts (no access, not brought, unanswered) that show
    /// disengagement. Default: 2.
    pub disengaged_min_attempts: u32,
    /// A service that has had no entry for this many days after failed contacts, without a
    /// closure, "went silent". Default: 90.
    pub silent_days: u32,
    /// Sectors that respond to events rather than engage a family over time; the
    /// disengagement rule leaves them out. Default: police, ambulance, hospital.
    pub reactive_sectors: Vec<Sector>,
    /// Flag hand-overs whose receiving side did not record the key risk the sender held
    /// (only where the reviewer filled in the key risk). Default: on.
    pub key_risk_dropped: bool,
    /// A key risk item counts as recorded when at least this share of its significant words
    /// appear in the receiving side's record. Default: 0.34.
    pub key_risk_item_share: f64,
    /// Flag when more than this share of the key risk's items went unrecorded. Default: 0.5.
    pub key_risk_dropped_share: f64,
}

/// Missed escalation rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MissedEscalationSettings {
    /// Flag referrals answered at a lower level than asked for, with no challenge. Default: on.
    pub lower_level_unchallenged: bool,
    /// Flag recommendations overruled (downwards) with no challenge. Default: on.
    pub overruled_unchallenged: bool,
    /// Flag disagreements recorded with no escalation after them. Default: on.
    pub disagreement_dropped: bool,
    /// How long a referrer or practitioner has to challenge, in working days. Default: 10.
    pub challenge_working_days: u32,
    /// Flag clusters of concerns from several agencies with no strategy discussion,
    /// conference or escalation. Default: on.
    pub concerns_no_strategy_discussion: bool,
    /// The fewest separate concerns in a cluster. Default: 3.
    pub cluster_min_concerns: u32,
    /// The fewest agencies raising them. Default: 2.
    pub cluster_min_agencies: u32,
    /// The longest span of a cluster, in days. Default: 70 (ten weeks).
    pub cluster_days: u32,
    /// How soon after a cluster forms a strategy discussion, conference, MARAC or escalation
    /// must follow, in working days. Default: 15 (three working weeks).
    pub response_working_days: u32,
    /// The concern categories (names from `concerns`) that count. Default: alcohol, drugs,
    /// domestic abuse, bruising, injury, neglect, exploitation.
    pub categories: Vec<String>,
    /// Flag front-door decisions (threshold or MASH decisions) that route a risk calling for
    /// a statutory response to early help, universal services or no further action, with no
    /// strategy discussion, assessment or higher decision soon after. Default: on.
    pub decision_below_risk: bool,
    /// How soon after such a decision a statutory step (strategy discussion, conference,
    /// assessment, or a decision at the level the risk calls for) must follow, in working
    /// days. Default: 10 (the challenge window: a decision overturned within it stands
    /// corrected).
    pub statutory_step_working_days: u32,
    /// The risks that call for a statutory response, with the least level each calls for.
    /// Default: an injury to a non-mobile baby (under 6 months), a domestic abuse incident with
    /// a baby under one, high-risk domestic abuse, a child's disclosure of sexual abuse.
    pub statutory_risks: Vec<StatutoryRisk>,
}

/// The child-not-seen rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ChildNotSeenSettings {
    /// Run the rule. Default: on.
    pub enabled: bool,
    /// Flag periods longer than this many days with no professional seeing the child while a
    /// case was open. Default: 42 (six weeks, a common child in need visiting standard).
    pub max_days: u32,
    /// Also flag the period from the last sighting to the end of the chronology when a case
    /// was still open. Default: on.
    pub include_open_end: bool,
    /// Also flag a longer gap when no case is recorded open but at least this many contacts
    /// in it failed to see the child (no access, not brought, phone only); 0 turns this off.
    /// Default: 3.
    pub min_failed_contacts: u32,
    /// Also flag a long gap in which one service responsible for seeing the child did not
    /// see them while other professionals did ("no health visitor saw this baby for nine
    /// months"). A service is responsible while it has the case open, or while it keeps in
    /// contact without seeing the child (visits with no access, calls, notifications).
    /// Default: on.
    pub per_role: bool,
    /// The sectors whose practitioners are responsible for seeing the child. Default:
    /// children's social care, health visiting, Family Nurse Partnership.
    pub role_sectors: Vec<Sector>,
    /// Flag a service's gap longer than this many days. Default: 56 (eight weeks: longer than
    /// the six-weekly visits of a child in need plan, so a visit a few days late is not
    /// flagged).
    pub role_max_days: u32,
    /// The fewest failed attempts by the service to see the child in the gap (no access,
    /// not brought, no answer): it was trying and could not, while others could. Default: 2.
    pub role_min_failed_contacts: u32,
}

/// The delayed response rule (the timescales are the review's protocol rules).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DelayedResponseSettings {
    /// Run the rule. Default: on.
    pub enabled: bool,
    /// Severity is high when a response is this many working days or more past its
    /// timescale. Default: 10.
    pub high_after_working_days: u32,
}

/// The contradicting records rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ContradictionSettings {
    /// Flag explicit `contradicts` links. Default: on.
    pub linked: bool,
    /// Suggest pairs of entries from two agencies about the same event whose accounts
    /// differ (one records a concern or the child seen, the other records none). Default: on.
    pub accounts_differ: bool,
    /// Suggest meetings one agency records another agency's practitioner at, when that agency
    /// has no entry for the day. Default: on.
    pub unrecorded_meeting: bool,
    /// For an unrecorded meeting, the other agency's record must have entries within this many
    /// days before and after it (so a chronology that starts or ends later is not blamed).
    /// Default: 60.
    pub active_days: u32,
}

/// The repeated unexamined concern rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RepeatedConcernSettings {
    /// Run the rule. Default: on.
    pub enabled: bool,
    /// The fewest records of the same concern. Default: 5.
    pub min_records: u32,
    /// The fewest agencies recording it. Default: 2.
    pub min_agencies: u32,
    /// Within this many days. Default: 122 (four months).
    pub window_days: u32,
    /// An assessment, strategy discussion or conference that mentions the concern must come
    /// within this many days of the records reaching the threshold to count as examining it.
    /// Default: 91 (thirteen weeks).
    pub response_days: u32,
    /// The concern categories (names from `concerns`) that count. Default: alcohol, drugs,
    /// missed appointments, bruising, injury, neglect, exploitation, control, adult presence.
    pub categories: Vec<String>,
    /// Flag signs of a new or unidentified adult man at the child's home ("men's trainers in
    /// the hallway", "male voice", "new partner") not followed by a police check, a strategy
    /// discussion or an assessment of him. Default: on.
    pub new_adult_unchecked: bool,
    /// The fewest signs before it is flagged. Default: 2 (one sign may be explained; a second
    /// one unexamined is a pattern).
    pub new_adult_min_signs: u32,
    /// A check within this many days of the first sign examines them. Default: 28 (four
    /// weeks).
    pub new_adult_check_days: u32,
}

/// A concern the cluster rules look for, with the words and tags that record it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct ConcernCategory {
    /// A short name, lower case: "alcohol".
    pub name: String,
    /// How to say it in an explanation: "alcohol use".
    pub label: String,
    /// Words or word beginnings that record it ("bruis" finds "bruise" and "bruising"),
    /// matched at the start of a word, case-insensitively; terms of three letters or fewer
    /// must be whole words.
    pub terms: Vec<String>,
    /// Entry tags that record it.
    pub tags: Vec<String>,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        AnalysisSettings {
            general: GeneralSettings::default(),
            lost_transfer: LostTransferSettings::default(),
            missed_escalation: MissedEscalationSettings::default(),
            child_not_seen: ChildNotSeenSettings::default(),
            delayed_response: DelayedResponseSettings::default(),
            contradicting_records: ContradictionSettings::default(),
            repeated_concern: RepeatedConcernSettings::default(),
            concerns: default_concerns(),
        }
    }
}

impl Default for GeneralSettings {
    fn default() -> Self {
        GeneralSettings {
            ignore_before_scope: true,
            inference_window_working_days: 40,
            involvement_lookback_days: 90,
        }
    }
}

impl Default for LostTransferSettings {
    fn default() -> Self {
        LostTransferSettings {
            no_receipt: true,
            expected_receipt_working_days: 10,
            moved_no_onward_referral: true,
            move_closure_days: 90,
            disengaged_no_handover: true,
            disengaged_days: 84,
            disengaged_min_attempts: 2,
            silent_days: 90,
            reactive_sectors: vec![Sector::Police, Sector::Ambulance, Sector::Hospital],
            key_risk_dropped: true,
            key_risk_item_share: 0.34,
            key_risk_dropped_share: 0.5,
        }
    }
}

impl Default for MissedEscalationSettings {
    fn default() -> Self {
        MissedEscalationSettings {
            lower_level_unchallenged: true,
            overruled_unchallenged: true,
            disagreement_dropped: true,
            challenge_working_days: 10,
            concerns_no_strategy_discussion: true,
            cluster_min_concerns: 3,
            cluster_min_agencies: 2,
            cluster_days: 70,
            response_working_days: 15,
            categories: strings(&[
                "alcohol",
                "drugs",
                "domestic abuse",
                "bruising",
                "injury",
                "neglect",
                "exploitation",
            ]),
            decision_below_risk: true,
            statutory_step_working_days: 10,
            statutory_risks: default_statutory_risks(),
        }
    }
}

impl Default for ChildNotSeenSettings {
    fn default() -> Self {
        ChildNotSeenSettings {
            enabled: true,
            max_days: 42,
            include_open_end: true,
            min_failed_contacts: 3,
            per_role: true,
            role_sectors: vec![
                Sector::ChildrensSocialCare,
                Sector::HealthVisiting,
                Sector::FamilyNursePartnership,
            ],
            role_max_days: 56,
            role_min_failed_contacts: 2,
        }
    }
}

impl Default for DelayedResponseSettings {
    fn default() -> Self {
        DelayedResponseSettings {
            enabled: true,
            high_after_working_days: 10,
        }
    }
}

impl Default for ContradictionSettings {
    fn default() -> Self {
        ContradictionSettings {
            linked: true,
            accounts_differ: true,
            unrecorded_meeting: true,
            active_days: 60,
        }
    }
}

impl Default for RepeatedConcernSettings {
    fn default() -> Self {
        RepeatedConcernSettings {
            enabled: true,
            min_records: 5,
            min_agencies: 2,
            window_days: 122,
            response_days: 91,
            categories: strings(&[
                "alcohol",
                "drugs",
                "missed appointments",
                "bruising",
                "injury",
                "neglect",
                "exploitation",
                "control",
                "adult presence",
            ]),
            new_adult_unchecked: true,
            new_adult_min_signs: 2,
            new_adult_check_days: 28,
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn category(name: &str, label: &str, terms: &[&str], tags: &[&str]) -> ConcernCategory {
    ConcernCategory {
        name: name.into(),
        label: label.into(),
        terms: strings(terms),
        tags: strings(tags),
    }
}

/// The default concern vocabulary: the concerns national reviews keep finding recorded and
/// minimised (docs/domain.md).
pub fn default_concerns() -> Vec<ConcernCategory> {
    vec![
        category(
            "alcohol",
            "alcohol use",
            &[
                "alcohol",
                "drink",
                "drank",
                "drunk",
                "intoxicat",
                "hungover",
                "hangover",
                "vodka",
                "wine",
                "beer",
                "lager",
                "cans",
                "audit-c",
            ],
            &["alcohol"],
        ),
        category(
            "drugs",
            "drug use",
            &[
                "drug use",
                "drugs",
                "cannabis",
                "cocaine",
                "heroin",
                "substance misuse",
                "overdose",
            ],
            &["drugs", "substance misuse"],
        ),
        category(
            "domestic abuse",
            "domestic abuse",
            &[
                "domestic abuse",
                "domestic violence",
                "domestic incident",
                "domestic assault",
                "assault",
                "punched",
                "slapped",
                "strangl",
                "perpetrator",
                "marac",
                "coercive",
                "non-molestation",
            ],
            &["domestic abuse", "domestic violence", "marac"],
        ),
        category(
            "missed appointments",
            "missed appointments and no access",
            &[
                "not brought",
                "did not attend",
                "dna",
                "missed",
                "no access",
                "not answered",
                "no answer",
                "forgot",
            ],
            &["missed appointments", "was not brought"],
        ),
        category(
            "bruising",
            "bruising",
            &["bruis", "body map", "marks on"],
            &["bruising"],
        ),
        category(
            "injury",
            "injuries",
            &[
                "injur",
                "burn",
                "fracture",
                "scald",
                "laceration",
                "bleed",
                "cut lip",
            ],
            &["injury"],
        ),
        category(
            "neglect",
            "neglect",
            &[
                "neglect",
                "nappy rash",
                "soaked",
                "unkempt",
                "without a coat",
                "no food",
                "cluttered",
                "home conditions",
            ],
            &["neglect"],
        ),
        category(
            "mental health",
            "parental mental health",
            &[
                "low mood",
                "self-harm",
                "self harm",
                "depress",
                "suicid",
                "mental health",
                "anxiety",
            ],
            &["mental health"],
        ),
        category(
            "exploitation",
            "signs of exploitation",
            &[
                "exploit",
                "county lines",
                "trap house",
                "cuckoo",
                "older associate",
                "older male",
                "older males",
                "designer clothes",
                "new clothes",
                "two phones",
                "phones",
                "unexplained cash",
                "cash",
                "nrm",
                "groom",
                "cse",
                "cce",
                "missing",
            ],
            &["exploitation", "cse", "cce"],
        ),
        category(
            "control",
            "a carer or partner speaking for the person and keeping services out",
            &[
                "answers for her",
                "answers for him",
                "answered for her",
                "answered for him",
                "spoke for her",
                "spoke for him",
                "speaks for her",
                "speaks for him",
                "on her behalf",
                "on his behalf",
                "answers her phone",
                "answers his phone",
                "refused access",
                "refuses access",
                "refuses cmht access",
                "husband answer",
                "husband declin",
                "husband cancel",
                "husband refus",
                "husband said she",
                "husband said he",
                "husband says she",
                "husband says he",
                "husband present",
                "husband asks to cut",
                "husband has cancelled",
                "wife answer",
                "wife declin",
                "wife cancel",
                "wife refus",
                "wife said she",
                "wife said he",
                "wife says she",
                "wife says he",
                "wife present",
                "wife asks to cut",
                "wife has cancelled",
                "partner answer",
                "partner declin",
                "partner cancel",
                "partner refus",
                "partner said she",
                "partner said he",
                "partner says she",
                "partner says he",
                "partner present",
                "partner asks to cut",
                "partner has cancelled",
                "answered most questions",
                "present throughout",
                "not spoken to",
                "wants no strangers",
                "no need to see",
                "cancelled all care",
                "cancels all care",
                "stopped the care",
                "she doesn't want",
                "he doesn't want",
                "seen alone",
                "not seen alone",
            ],
            &["coercive control", "control"],
        ),
        category(
            "adult presence",
            "signs of an adult's presence in the home",
            &[
                "male voice",
                "man's",
                "men's",
                "a man in",
                "a man at",
                "man and woman",
                "unknown male",
                "new partner",
                "boyfriend",
                "staying at",
                "staying most nights",
                "stays most nights",
                "gives the address",
                "gave the address",
            ],
            &["adult presence"],
        ),
    ]
}

impl AnalysisSettings {
    /// Reads settings stored as JSON; missing fields take their defaults. A document that is
    /// not valid is reported in plain English.
    pub fn from_json(json: &str) -> Result<Self> {
        if json.trim().is_empty() {
            return Ok(Self::default());
        }
        let settings: AnalysisSettings = serde_json::from_str(json).map_err(|e| {
            Error::Invalid(format!(
                "The review's analysis settings could not be read ({e}). Reset them to the defaults in the settings editor."
            ))
        })?;
        settings.validate()?;
        Ok(settings)
    }

    /// The settings as JSON, for storing in the review.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("analysis settings always serialise")
    }

    /// Checks every number is usable, saying which one is not and what would be.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, rule: &str| Err(Error::Invalid(format!("{what}: {rule}.")));
        let g = &self.general;
        if !(1..=260).contains(&g.inference_window_working_days) {
            return bad(
                "The window for inferred responses",
                "use 1 to 260 working days",
            );
        }
        let lt = &self.lost_transfer;
        if lt.expected_receipt_working_days > 260 {
            return bad("The expected receipt time", "use 0 to 260 working days");
        }
        if lt.disengaged_days == 0 || lt.disengaged_min_attempts == 0 {
            return bad(
                "Disengagement",
                "the period and the number of failed contacts must be at least 1",
            );
        }
        for share in [lt.key_risk_item_share, lt.key_risk_dropped_share] {
            if !(0.0..=1.0).contains(&share) {
                return bad("A key risk share", "use a number from 0 to 1");
            }
        }
        let me = &self.missed_escalation;
        if me.cluster_min_concerns < 2 || me.cluster_min_agencies == 0 || me.cluster_days == 0 {
            return bad(
                "Clusters of concerns",
                "need at least 2 concerns, 1 agency and 1 day",
            );
        }
        if me.statutory_step_working_days > 260 {
            return bad("The time for a statutory step", "use 0 to 260 working days");
        }
        for r in &me.statutory_risks {
            if r.label.trim().is_empty() {
                return bad("A risk calling for a statutory response", "give it a name");
            }
            if r.concerns.is_empty() && r.words.iter().all(|w| w.trim().is_empty()) {
                return bad(
                    &format!("The risk \"{}\"", r.label),
                    "give it at least one concern category or word",
                );
            }
            if r.calls_for < ServiceLevel::ChildInNeed {
                return bad(
                    &format!("The risk \"{}\"", r.label),
                    "must call for a child in need assessment or a child protection response",
                );
            }
        }
        if self.child_not_seen.max_days == 0 || self.child_not_seen.role_max_days == 0 {
            return bad("The child-not-seen period", "use at least 1 day");
        }
        let rc = &self.repeated_concern;
        if rc.new_adult_min_signs == 0 {
            return bad("Signs of a new adult", "need at least 1 sign");
        }
        if rc.min_records < 2 || rc.min_agencies == 0 || rc.window_days == 0 {
            return bad(
                "Repeated concerns",
                "need at least 2 records, 1 agency and 1 day",
            );
        }
        for c in &self.concerns {
            if c.name.trim().is_empty() {
                return bad("A concern category", "give it a name");
            }
            if c.terms.iter().chain(&c.tags).all(|t| t.trim().is_empty()) {
                return bad(
                    &format!("The concern category \"{}\"", c.name),
                    "give it at least one word or tag",
                );
            }
        }
        let risk_categories = me.statutory_risks.iter().flat_map(|r| &r.concerns);
        for name in me
            .categories
            .iter()
            .chain(&rc.categories)
            .chain(risk_categories)
        {
            if !self.concerns.iter().any(|c| &c.name == name) {
                return bad(
                    &format!("The concern category \"{name}\""),
                    "is not defined; add it to the concern categories or remove it from the rule",
                );
            }
        }
        Ok(())
    }
}
