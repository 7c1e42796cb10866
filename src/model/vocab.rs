//! The model's vocabularies (sectors, entry kinds, factors, finding categories, flag kinds,
//! ...), each declared once with its stored code and its label for people.

use crate::vocabulary::vocabulary;

vocabulary!(
    /// The review method in use (docs/domain.md, "Who uses Chronolane").
    ReviewMethod {
        LearningTogether => "learning_together", "SCIE Learning Together";
        Silp => "silp", "SILP";
        Traditional => "traditional", "IMRs and chronology";
        ChildPracticeReview => "child_practice_review", "Child Practice Review (Wales)";
        Hybrid => "hybrid", "Hybrid";
        Other => "other", "Other";
    }
);

vocabulary!(
    /// The kind of service an agency provides; used to group lanes and by analysis rules
    /// (for example, which service is the universal one a family must be handed over to).
    Sector {
        ChildrensSocialCare => "childrens_social_care", "Children's social care";
        Police => "police", "Police";
        HealthVisiting => "health_visiting", "Health visiting";
        FamilyNursePartnership => "family_nurse_partnership", "Family Nurse Partnership";
        Midwifery => "midwifery", "Midwifery";
        GeneralPractice => "general_practice", "GP";
        Hospital => "hospital", "Hospital";
        Ambulance => "ambulance", "Ambulance service";
        MentalHealth => "mental_health", "Mental health";
        SubstanceMisuse => "substance_misuse", "Drug and alcohol service";
        Education => "education", "Education";
        EarlyYears => "early_years", "Early years";
        EarlyHelp => "early_help", "Early help";
        Housing => "housing", "Housing";
        Probation => "probation", "Probation";
        Voluntary => "voluntary", "Voluntary sector";
        Other => "other", "Other";
    }
);

impl Sector {
    /// Whether this is a universal service that every young child should stay known to.
    pub fn is_universal(self) -> bool {
        matches!(
            self,
            Sector::HealthVisiting | Sector::GeneralPractice | Sector::Education
        )
    }
}

vocabulary!(
    /// What kind of event a chronology entry records. The vocabulary is documented in
    /// ARCHITECTURE.md and drives the analysis rules.
    EntryKind {
        /// A request for a service sent to another team, agency or area.
        Referral => "referral", "Referral";
        /// Receipt or acknowledgement of a referral or transfer, by the receiving side.
        ReferralReceived => "referral_received", "Referral received";
        /// A front-door or threshold decision (no further action, early help, CIN, s47).
        ThresholdDecision => "threshold_decision", "Threshold decision";
        /// An assessment and its recommendation.
        Assessment => "assessment", "Assessment";
        /// A manager's decision, including overruling a worker.
        ManagerDecision => "manager_decision", "Manager's decision";
        /// A strategy discussion or meeting (police, CSC, health).
        StrategyDiscussion => "strategy_discussion", "Strategy discussion";
        /// A child protection conference (initial or review).
        ChildProtectionConference => "child_protection_conference", "Child protection conference";
        /// A core group meeting.
        CoreGroup => "core_group", "Core group";
        /// A child in need meeting.
        CinMeeting => "cin_meeting", "CIN meeting";
        /// A multi-agency risk assessment conference (domestic abuse).
        Marac => "marac", "MARAC";
        /// Another multi-agency or professionals' meeting.
        Meeting => "meeting", "Meeting";
        /// A home visit.
        HomeVisit => "home_visit", "Home visit";
        /// A visit attempted with no access.
        NoAccessVisit => "no_access_visit", "No access visit";
        /// An appointment the child was not brought to, or a parent did not attend.
        MissedAppointment => "missed_appointment", "Missed appointment";
        /// An appointment attended (clinic, GP, hospital outpatients).
        Appointment => "appointment", "Appointment";
        /// A telephone call, letter, office visit or other contact.
        Contact => "contact", "Contact";
        /// A case opened to a service.
        CaseOpened => "case_opened", "Case opened";
        /// A case transferred between teams, agencies or areas.
        CaseTransfer => "case_transfer", "Case transfer";
        /// A case closed.
        CaseClosed => "case_closed", "Case closed";
        /// The family moved home, possibly to another area.
        FamilyMoved => "family_moved", "Family moved";
        /// Information shared with another agency.
        InformationShared => "information_shared", "Information shared";
        /// Information requested from another agency.
        InformationRequest => "information_request", "Information request";
        /// A concern raised or recorded.
        ConcernRaised => "concern_raised", "Concern raised";
        /// A challenge or escalation (resolving professional differences).
        Escalation => "escalation", "Escalation";
        /// A practitioner recorded as disagreeing with a decision.
        Disagreement => "disagreement", "Disagreement";
        /// An incident (for example a police call-out or domestic abuse incident).
        Incident => "incident", "Incident";
        /// An injury to the child.
        Injury => "injury", "Injury";
        /// An attendance at an emergency department or admission to hospital.
        HospitalAttendance => "hospital_attendance", "Hospital attendance";
        /// Anything else.
        Note => "note", "Note";
    }
);

impl EntryKind {
    /// Whether an entry of this kind hands something to another agency, team or area.
    pub fn is_handover(self) -> bool {
        matches!(
            self,
            EntryKind::Referral | EntryKind::CaseTransfer | EntryKind::InformationShared
        )
    }

    /// Whether this kind is a multi-agency safeguarding response (strategy discussion,
    /// conference, MARAC, or an escalation), which answers accumulated concerns.
    pub fn is_safeguarding_response(self) -> bool {
        matches!(
            self,
            EntryKind::StrategyDiscussion
                | EntryKind::ChildProtectionConference
                | EntryKind::Marac
                | EntryKind::Escalation
        )
    }
}

vocabulary!(
    /// Whether a professional saw the child at this contact.
    ChildSeen {
        Yes => "yes", "Child seen";
        No => "no", "Child not seen";
        Unknown => "unknown", "Not recorded";
    }
);

vocabulary!(
    /// The level of service asked for (on a referral) or given (on a decision), lowest first.
    ServiceLevel {
        NoFurtherAction => "no_further_action", "No further action";
        Universal => "universal", "Universal services";
        EarlyHelp => "early_help", "Early help";
        ChildInNeed => "child_in_need", "Child in need assessment";
        ChildProtection => "child_protection", "Child protection (s47)";
    }
);

vocabulary!(
    /// Who a person in the glossary is.
    PersonKind {
        Family => "family", "Family member";
        Practitioner => "practitioner", "Practitioner";
        Other => "other", "Other";
    }
);

vocabulary!(
    /// How a person took part in an entry.
    Involvement {
        Author => "author", "Recorded by";
        Subject => "subject", "About";
        Present => "present", "Present";
        Mentioned => "mentioned", "Mentioned";
    }
);

vocabulary!(
    /// A reviewer-made relation between two entries, read "from, kind, to".
    LinkKind {
        RespondsTo => "responds_to", "responds to";
        Acknowledges => "acknowledges", "acknowledges receipt of";
        TransfersTo => "transfers_to", "transfers to";
        DuplicateOf => "duplicate_of", "duplicates";
        Contradicts => "contradicts", "contradicts";
        Escalates => "escalates", "escalates";
        Overrules => "overrules", "overrules";
        Related => "related", "is related to";
    }
);

vocabulary!(
    /// The SCIE contributory factor codes (docs/domain.md).
    ContributoryFactor {
        Family => "family", "Family";
        PractitionerRole => "practitioner_role", "The practitioner's role";
        ConditionsOfWork => "conditions_of_work", "Conditions of work";
        Personal => "personal", "Personal";
        OwnTeam => "own_team", "Own team";
        InterAgencyTeam => "inter_agency_team", "Inter-agency team";
        OrganisationalCulture => "organisational_culture", "Organisational culture and management";
        WiderContext => "wider_context", "Wider political and national context";
        Other => "other", "Other";
    }
);

vocabulary!(
    /// The reviewer's overall appraisal of practice in a KPE.
    AppraisalGrade {
        Good => "good", "Good practice";
        AsExpected => "as_expected", "As expected";
        Mixed => "mixed", "Mixed";
        BelowExpected => "below_expected", "Below expected standard";
    }
);

vocabulary!(
    /// The SCIE typology of findings, in its published order (1-6).
    FindingCategory {
        IncidentsAndCrises => "incidents_and_crises", "Multi-agency working in response to incidents and crises";
        LongerTermWork => "longer_term_work", "Multi-agency working in longer-term work";
        HumanReasoning => "human_reasoning", "Human reasoning: cognitive and emotional biases";
        FamilyProfessionalInteraction => "family_professional_interaction", "Family-professional interaction";
        Tools => "tools", "Tools";
        ManagementSystems => "management_systems", "Management systems";
    }
);

impl FindingCategory {
    /// The category's number in the typology (1-6).
    pub fn number(self) -> u8 {
        FindingCategory::ALL
            .iter()
            .position(|c| *c == self)
            .unwrap_or(0) as u8
            + 1
    }
}

vocabulary!(
    /// The pattern a flag points at (docs/domain.md, "What the analysis looks for").
    FlagKind {
        LostTransfer => "lost_transfer", "Lost transfer";
        MissedEscalation => "missed_escalation", "Missed escalation";
        ChildNotSeen => "child_not_seen", "Child not seen";
        DelayedResponse => "delayed_response", "Delayed response";
        ContradictingRecords => "contradicting_records", "Contradicting records";
        RepeatedConcern => "repeated_concern", "Repeated unexamined concern";
    }
);

vocabulary!(
    /// How much a flag matters, as the rule judges it.
    Severity {
        Low => "low", "Low";
        Medium => "medium", "Medium";
        High => "high", "High";
    }
);

vocabulary!(
    /// The reviewer's decision on a flag.
    FlagStatus {
        Open => "open", "Open";
        Confirmed => "confirmed", "Confirmed";
        Dismissed => "dismissed", "Dismissed";
    }
);
