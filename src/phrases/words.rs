//! The phrase tables: services' names, and the recurring cues the rules read ("received",
//! "no answer", "moved"). Written once; import suggestions and the analysis both read them.
//! Each list holds the usual inflections and abbreviations practitioners write, since phrases
//! match at word starts ("inform" finds "informs" and "informed").

use crate::model::Sector;

/// Words for each kind of service, as chronologies and agency names write them.
pub fn sector_words(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::ChildrensSocialCare => &[
            "children's social care",
            "childrens social care",
            "children's services",
            "childrens services",
            "children and families",
            "children's social work",
            "social care",
            "social services",
            "social worker",
            "sw",
            "mash",
            "multi-agency safeguarding hub",
            "front door",
            "csc",
            "emergency duty team",
            "edt",
            "iro",
            "conference and review",
        ],
        Sector::Police => &[
            "police",
            "constabulary",
            "ppn",
            "officer",
            "detective",
            "public protection",
            "ppu",
            "custody",
        ],
        Sector::HealthVisiting => &["health visit", "hv", "0-19", "0 - 19"],
        Sector::FamilyNursePartnership => &["family nurse", "fnp"],
        Sector::Midwifery => &["midwi", "maternity", "antenatal"],
        Sector::GeneralPractice => &[
            "gp",
            "gp's",
            "surgery",
            "medical practice",
            "general practi",
            "practice nurse",
        ],
        Sector::Hospital => &[
            "hospital",
            "emergency department",
            "a&e",
            "paediatric",
            "liaison nurse",
            "ed",
        ],
        Sector::Ambulance => &["ambulance", "paramedic"],
        Sector::MentalHealth => &["mental health", "camhs", "cmht", "crisis team", "perinatal"],
        Sector::SubstanceMisuse => &[
            "recovery service",
            "drug and alcohol",
            "drug & alcohol",
            "substance misuse",
            "alcohol service",
        ],
        Sector::Education => &["school", "college", "academy", "education"],
        Sector::EarlyYears => &["nursery", "childminder", "early years", "children's centre"],
        Sector::EarlyHelp => &[
            "early help",
            "family hub",
            "family support worker",
            "team around the family",
            "targeted youth",
        ],
        Sector::Housing => &["housing", "landlord", "homeless", "tenancy"],
        Sector::Probation => &["probation", "offender manager"],
        Sector::Voluntary => &[
            "charity",
            "voluntary",
            "women's aid",
            "refuge",
            "idva",
            "advocacy",
        ],
        Sector::Other => &[],
    }
}

/// Words in an agency's name that say which sector it is, most telling first: "Easterford
/// Adult Social Care" is not children's social care, "Northshire Constabulary" is police.
/// Checked before [`sector_words`] by `import::suggest::sector_from_name`.
pub const NAME_SECTORS: &[(&str, Option<Sector>)] = &[
    ("adult social care", None),
    ("adult services", None),
    ("adults' services", None),
    ("youth justice", None),
    ("youth offending", None),
    ("children's home", None),
    ("family nurse", Some(Sector::FamilyNursePartnership)),
    ("0-19", Some(Sector::HealthVisiting)),
    ("health visit", Some(Sector::HealthVisiting)),
    ("constabulary", Some(Sector::Police)),
    ("police", Some(Sector::Police)),
    ("ambulance", Some(Sector::Ambulance)),
    ("maternity", Some(Sector::Midwifery)),
    ("midwi", Some(Sector::Midwifery)),
    ("surgery", Some(Sector::GeneralPractice)),
    ("gp", Some(Sector::GeneralPractice)),
    ("mental health", Some(Sector::MentalHealth)),
    ("cmht", Some(Sector::MentalHealth)),
    ("recovery", Some(Sector::SubstanceMisuse)),
];

/// Receiving something: "received", "transfer in", "acknowledged", "logs the request".
pub const RECEIPT: &[&str] = &[
    "received",
    "receives",
    "receipt",
    "transfer in",
    "transferred in",
    "transfer-in",
    "acknowledg",
    "picked up",
    "logs the",
    "logged the",
    "noted the",
    "files the",
    "filed the",
    "came in",
    "arrived",
];

/// A contact that did not happen or did not reach the person: "no answer", "not brought",
/// "attempted ... not there", "phone only", "unsuccessful", "DNA x3".
pub const FAILED_CONTACT: &[&str] = &[
    "no access",
    "no answer",
    "not answered",
    "unanswered",
    "no reply",
    "did not attend",
    "didn't attend",
    "did not join",
    "not brought",
    "was not brought",
    "wnb",
    "dna",
    "dnas",
    "failed to attend",
    "missed appointment",
    "cancel",
    "declined the visit",
    "declined a visit",
    "declined visit",
    "declined contact",
    "declined to see",
    "not spoken to",
    "refused access",
    "refuses access",
    "refused entry",
    "unable to contact",
    "unable to gain access",
    "unable to see",
    "could not contact",
    "could not be seen",
    "no response",
    "not at home",
    "not there",
    "not in",
    "nobody home",
    "no one home",
    "no-one home",
    "card left",
    "calling card",
    "unsuccessful",
    "phone only",
    "by phone only",
    "telephone only",
    "phone contact only",
    "voicemail",
    "not seen",
    "not present",
    "did not see",
    "didn't see",
];

/// A closure or hand-over because the family left: "moved", "move to", "out of area".
pub const MOVED_AWAY: &[&str] = &[
    "moved",
    "moving",
    "move to",
    "moves to",
    "out of area",
    "out of the area",
    "out of borough",
    "left the area",
    "relocat",
    "no longer eligible",
    "no longer living",
    "outside the",
    "transferred out",
];

/// A decision or its outcome being noted: "outcome", "decision", "NFA".
pub const OUTCOME: &[&str] = &[
    "outcome",
    "decision",
    "decided",
    "no further action",
    "nfa",
    "triage:",
    "criteria not met",
    "threshold not met",
];

/// A recommendation or request for a level of service: "recommend", "requests".
pub const RECOMMENDATION: &[&str] = &["recommend", "request", "asks for", "asked for"];

/// Saying the account holds no concern: "no concerns", "no marks".
pub const ALL_CLEAR: &[&str] = &[
    "no concerns",
    "no concern",
    "no new concerns",
    "no marks",
    "no mark visible",
    "no injuries",
    "no new marks",
    "no bruis",
    "no alerts",
    "settling well",
];

/// Saying the child (or adult) was absent: "not present".
pub const ABSENT: &[&str] = &[
    "not present",
    "was not in",
    "not at home",
    "away from",
    "did not join",
];

/// An allocation or opening: "allocated to", "transfer in", "accepted".
pub const OPENED: &[&str] = &[
    "allocated to",
    "allocated for",
    "transfer in",
    "transferred in",
    "transfer-in",
    "accepted",
    "opened",
    "eligible",
];

/// A child already open to a statutory service, so a front-door "no further action" means
/// nothing new to do: "case open", "allocated social worker", "open to CSC".
pub const ALREADY_OPEN: &[&str] = &[
    "case open",
    "case is open",
    "case already open",
    "already open",
    "currently open",
    "open case",
    "open to children's",
    "open to csc",
    "open to social care",
    "open to the assessment team",
    "allocated social worker",
    "allocated worker",
    "subject to a child protection plan",
    "subject to a cp plan",
    "on a child protection plan",
    "on a cp plan",
    "child in need plan in place",
    "cin plan in place",
];

/// A meeting where information is shared with everyone present: "strategy discussion",
/// "core group", "conference".
pub const MEETING: &[&str] = &[
    "strategy discussion",
    "strategy meeting",
    "strategy",
    "conference",
    "icpc",
    "rcpc",
    "core group",
    "cin meeting",
    "cin review",
    "child in need meeting",
    "child in need review",
    "marac",
    "meeting",
    "professionals meeting",
];

/// A chaser: "no reply", "voicemail", "chased".
pub const CHASE: &[&str] = &[
    "no reply",
    "voicemail",
    "chase",
    "no response",
    "second email",
    "followed up",
    "follow up",
    "re-sent",
    "resent",
];

/// A challenge of a decision by the one who asked or disagreed: "challenged", "escalated".
pub const CHALLENGE: &[&str] = &[
    "escalat",
    "challeng",
    "professional difference",
    "resolving professional",
    "disputed",
    "appealed",
    "raised with named nurse",
    "discussed with named nurse",
    "discussed with the named nurse",
    "asked for a review",
    "requested a review",
];

/// A disagreement recorded: "disagrees", "did not agree", "difference of opinion".
pub const DISAGREEMENT: &[&str] = &[
    "disagree",
    "did not agree",
    "does not agree",
    "doesn't agree",
    "do not agree",
    "don't agree",
    "not in agreement",
    "difference of opinion",
    "differing view",
];

/// Minimising words: the concern recorded as the family put it, or put aside.
pub const MINIMISING: &[&str] = &[
    "historic",
    "not dependent",
    "not an alcoholic",
    "per mother",
    "per father",
    "(per",
    "explanation accepted",
    "explanation consistent",
    "accepted her explanation",
    "accepted his explanation",
    "self-report",
    "self report",
    "occasionally",
    "lifestyle",
    "choice",
    "choosing",
    "chooses",
    "over nothing",
    "overreacted",
    "just an argument",
    "historical",
    "not a problem",
    "one-off",
    "social",
    "just weekends",
    "weekend",
    "cut down",
    "cutting down",
    "forgot",
    "accident",
    "typical of a toddler",
    "consistent",
    "exaggerat",
    "birthday money",
    "saturday job",
    "chilling with",
    "no need",
    "carer's view",
];

/// A sighting of the person the review is about, in its usual wordings (child or adult).
pub const SEEN: &[&str] = &[
    "seen",
    "was seen",
    "seen alone",
    "seen and handled",
    "weighed",
    "examined",
    "observed",
    "imms given",
    "immunisations given",
    "vaccinations given",
    "spoke to her alone",
    "spoke to him alone",
    "spoken to alone",
    "in cot",
    "asleep in",
    "held by",
    "conveyed",
];

/// A contact made at a distance: a summary that says so is not a sighting ("Phone welfare
/// check", "Tel call", "Review by Teams").
pub const REMOTE: &[&str] = &[
    "phone",
    "telephone",
    "tel",
    "tel call",
    "by teams",
    "via teams",
    "(teams)",
    "video call",
    "email",
    "e-mail",
    "letter",
    "text",
    "texted",
];

/// A practitioner away from work: an entry saying so does not confirm they attended anything.
pub const ABSENCE: &[&str] = &[
    "annual leave",
    "on leave",
    "sick leave",
    "off sick",
    "no cover",
    "not at work",
];

/// The receiver saying nothing arrived: such an entry is not a receipt of anything.
pub const NOT_RECEIVED: &[&str] = &[
    "no notification",
    "no record found",
    "no record of",
    "no trace of",
    "not received",
    "never received",
    "nothing received",
    "nothing was received",
    "no referral received",
    "not been received",
    "first hears",
    "first heard",
    "first learns",
    "first learned",
    "nothing found",
    "not known to",
];

/// A hand-over's own words saying there is no risk to pass on: "no risk issues identified",
/// "none known", "no DA incidents since ...". Read in hand-overs, referrals and discharge
/// letters, where they tell the receiver there is nothing to plan for.
pub const RISK_DENIED: &[&str] = &[
    "no risk issues",
    "no risks identified",
    "no risk identified",
    "no identified risk",
    "none known",
    "no known risk",
    "no known concerns",
    "no incidents since",
    "no da incidents since",
    "no dv incidents since",
    "no domestic abuse incidents since",
    "no further incidents since",
    "no safeguarding concerns",
    "no current concerns",
];

/// Words that say an entry is itself a hand-over document (a summary, a referral form, a
/// discharge or closure letter), whatever its kind was read as.
pub const HANDOVER_RECORD: &[&str] = &[
    "summary as sent",
    "transfer-in request",
    "transfer in request",
    "transfer request",
    "transfer summary",
    "transfer-out",
    "referral form",
    "placement referral",
    "discharge letter",
    "discharge summary",
    "closure letter",
    "handover",
    "hand-over",
    "hand over",
];

/// A record of an allegation or disclosure of harm by someone: "pushed", "disclosure of
/// assault", "he hit me". Read affirmed (not "no assault alleged").
pub const ALLEGATION: &[&str] = &[
    "assault",
    "pushed",
    "punched",
    "hit her",
    "hit him",
    "hit me",
    "kicked",
    "slapped",
    "strangl",
    "grabbed her",
    "grabbed him",
    "disclosure of",
    "disclosed",
    "alleged that",
    "allegation of",
];

/// A record saying no allegation was made: "no allegations made", "no assault alleged",
/// "nothing disclosed".
pub const NO_ALLEGATION: &[&str] = &[
    "no allegation",
    "no assault",
    "no disclosure",
    "nothing disclosed",
    "not alleged",
    "did not allege",
    "made no allegation",
    "no offences disclosed",
    "no offence disclosed",
];

/// A record of telling another service about something: "informed by phone", "told the
/// home", "notified".
pub const INFORMED: &[&str] = &[
    "informed by phone",
    "informed by telephone",
    "informed at",
    "was informed",
    "were informed",
    "told by phone",
    "notified by phone",
    "notified at",
];

/// A record saying the service was never told: "no contact from police", "had not been
/// told", "we were not informed".
pub const NOT_INFORMED: &[&str] = &[
    "no contact from",
    "no call from",
    "had not been told",
    "had not been informed",
    "were not told",
    "were not informed",
    "was not told",
    "was not informed",
    "not notified",
    "heard nothing",
];

/// A headline saying an entry is an assessment: "Comprehensive assessment", "assessed at
/// home", "CE risk screening", "Section 47 outcome".
pub const ASSESSING: &[&str] = &[
    "assess",
    "screening",
    "evaluation",
    "section 47",
    "s47",
    "section 42",
    "s42 enquiry",
];

/// Signs of an adult man at the child's home who has not been identified, or is new: "men's
/// trainers in the hallway", "male voice in the background", "new partner", "a man answered
/// the door". A named partner the record already knows ("Liam stays most nights") is not a
/// sign of someone new.
pub const ADULT_IN_HOME: &[&str] = &[
    "new partner",
    "new boyfriend",
    "new man",
    "new relationship",
    "has moved in",
    "moved in with her",
    "moved in with mum",
    "moved in with mother",
    "male voice",
    "male voices",
    "man's voice",
    "male and female voices",
    "man and woman shouting",
    "man and woman arguing",
    "man and a woman shouting",
    "men's",
    "mens clothing",
    "man's jacket",
    "man's coat",
    "man's shoes",
    "male clothing",
    "a man answered",
    "man answered the door",
    "male answered the door",
    "unknown male",
    "unknown man",
    "male visitor",
    "male friend staying",
    "a man in the flat",
    "a man in the house",
    "a man in the home",
    "a man at the flat",
    "a man at the house",
    "a man at the property",
    "male at the property",
    "lodger",
];

/// A check on an adult in the household: "police checks completed", "PNC check", "Clare's
/// law disclosure", "lateral checks".
pub const ADULT_CHECKED: &[&str] = &[
    "police check",
    "police checks",
    "checks with police",
    "checks on him",
    "checks on the partner",
    "pnc check",
    "pnc checks",
    "lateral check",
    "lateral checks",
    "background check",
    "clare's law",
    "dvds",
    "disclosure scheme",
    "dbs check",
    "identity of the man",
    "identity of the male",
];
