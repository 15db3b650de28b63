import RegieCore

/// The Dutch words of the plan file: keys for fields and spellings for enumerations. One table
/// serves reading, writing and the paths in problem messages, so they cannot drift apart.
enum Vocabulary {
    static func key(_ field: PlanField) -> String {
        switch field {
        case .key: "sleutel"
        case .kind: "soort"
        case .title: "titel"
        case .subtitle: "ondertitel"
        case .owner: "eigenaar"
        case .period: "periode"
        case .status, .actionStatus: "status"
        case .adoptions: "vaststellingen"
        case .foreword: "voorwoord"
        case .introduction: "inleiding"
        case .missionVision: "missie-en-visie"
        case .guidingPrinciples: "uitgangspunten"
        case .scope: "reikwijdte"
        case .trends: "trends"
        case .generalGoals: "algemene-doelen"
        case .focusLenses: "focuslenzen"
        case .priorityReferences: "bovenlokale-prioriteiten"
        case .themes, .bodyThemes: "themas"
        case .localChapters: "lokale-hoofdstukken"
        case .partners, .actionPartners: "partners"
        case .consultationBodies: "overleggen"
        case .monitoring: "monitoring"
        case .finances: "financien"
        case .municipality: "gemeente"
        case .collaboration: "samenwerkingsverband"
        case .code: "code"
        case .name: "naam"
        case .inhabitants: "inwoners"
        case .members: "gemeenten"
        case .date: "datum"
        case .body: "orgaan"
        case .decisionNumber: "besluitnummer"
        case .text: "tekst"
        case .level: "niveau"
        case .source: "bron"
        case .role, .partnerRole: "rol"
        case .direction: "richting"
        case .field: "veld"
        case .answers: "sluit-aan-bij"
        case .summary: "samenvatting"
        case .why: "waarom"
        case .problem: "probleem"
        case .focusPoints: "aandachtspunten"
        case .principles: "uitgangspunten"
        case .approach: "aanpak"
        case .ambitions: "ambities"
        case .goals: "doelen"
        case .indicators: "indicatoren"
        case .actions: "acties"
        case .tracks: "sporen"
        case .description: "omschrijving"
        case .explanation, .financeText: "toelichting"
        case .unit: "eenheid"
        case .desiredDirection: "gewenste-richting"
        case .baseline: "nulmeting"
        case .target: "streefwaarde"
        case .goal: "doel"
        case .value: "waarde"
        case .expectedResult: "resultaat"
        case .progressNote: "voortgang"
        case .organisation: "organisatie"
        case .planning: "planning"
        case .partnerOwner: "trekker"
        case .phases: "ketenfasen"
        case .type: "soort"
        case .contacts: "contactpersonen"
        case .function: "functie"
        case .email: "email"
        case .phone: "telefoon"
        case .chair: "voorzitter"
        case .participants: "deelnemers"
        case .rhythm: "ritme"
        case .purpose: "doel"
        case .lines: "posten"
        case .amount: "bedrag"
        case .basis: "grondslag"
        case .year: "jaar"
        case .cover: "dekking"
        case .theme: "thema"
        case .analysis: "veiligheidsanalyse"
        case .themeAnalysis: "analyse"
        case .figures: "cijfers"
        case .interpretation: "duiding"
        case .comparisonRegions: "vergelijk-met"
        case .planSeries: "reeksen"
        case .crimeTypes: "misdrijfsoorten"
        case .indicatorSeries: "reeks"
        case .seriesMeasure: "maat"
        case .seriesRegion: "gebied"
        case .indicatorRegister: "register"
        case .registerCategory: "categorie"
        case .registerDistrict: "wijk"
        case .registerMunicipality: "gemeente"
        // Issue 11: aliases, partners as plans name them, consultation bodies
        case .aliases: "ook-genoemd"
        case .partnerStatus, .bodyStatus: "status"
        case .partnerThemes: "themas"
        case .ownerRole: "trekker-rol"
        case .goalBodies: "overleggen"
        // Issue 11, action shapes
        case .sharedActions: "gedeelde-acties"
        case .isExample: "voorbeeld"
        case .actionParts: "onderdelen"
        // Issue 11, point 5
        case .withoutAmount: "zonder-bedrag"
        case .recurrence: "frequentie"
        case .budgetActions: "acties"
        // Issue 11, point 6
        case .planningDependency: "afhankelijk-van"
        // Issue 11, council papers
        case .councilOffers: "aanbiedingen"
        case .signatories: "ondertekening"
        case .signedOn: "datum-ondertekening"
        case .inForceFrom: "in-werking-per"
        case .publication: "publicatie"
        // Issue 11, legal basis
        case .legalBases: "wettelijk-kader"
        case .themeLegalBases: "wettelijke-grondslagen"
        case .law: "wet"
        case .article: "artikel"
        // Issue 11, governance bodies
        case .governanceBodies: "bestuur"
        case .governanceKind: "soort"
        case .governanceRole: "rol"
        // Issue 11, point 4
        case .sources: "bronnen"
        case .planFigures: "kerncijfers"
        case .publisher: "uitgever"
        case .link: "link"
        case .area: "gebied"
        case .note: "opmerking"
        case .figureSource: "bron"
        case .baselineFigure: "nulmeting-uit"
        // Running the plan
        case .execution: "uitvoering"
        case .executionSettings: "instellingen"
        case .staleAfterMonths: "verouderd-na-maanden"
        case .indicatorInterval: "meting-elke-maanden"
        case .partnerApproval: "partnerupdates-goedkeuren"
        case .checkBlocks: "kwaliteitstoets-blokkeert"
        case .programmes: "programmas"
        case .programmeMunicipality: "gemeente"
        case .coProducers: "samen-met"
        case .programmeAdoption: "vaststelling"
        case .follows: "vervolg-op"
        case .activities: "activiteiten"
        case .agreement: "afspraak"
        case .expectedOutput: "output"
        case .budget: "budget"
        case .hours: "uren"
        case .indicator: "indicator"
        case .carriedOverFrom: "overgenomen-uit"
        case .progressUpdates: "updates"
        case .number: "nummer"
        case .activity: "activiteit"
        case .hoursSpent: "uren-besteed"
        case .eurosSpent: "euro-besteed"
        case .author: "door"
        case .review: "beoordeling"
        case .reviewedBy: "beoordeeld-door"
        case .reviewedOn: "beoordeeld-op"
        case .reviewReason: "reden"
        case .measurements: "metingen"
        case .figureDate: "peildatum"
        case .recordedOn: "vastgelegd-op"
        case .origin: "herkomst"
        case .originTable: "tabel"
        case .checkReasons: "redenen"
        case .checkSubject: "onderwerp"
        }
    }

    /// Renders a path the way a reader of the file finds it: `themas[2].acties[0].planning`.
    static func render(_ path: PlanPath) -> String {
        var result = ""
        for component in path {
            switch component {
            case .field(let field):
                if !result.isEmpty { result += "." }
                result += key(field)
            case .index(let i):
                result += "[\(i)]"
            }
        }
        return result
    }

    static let planKinds: [(PlanKind, String)] = [
        (.integralSafetyPlan, "integraal-veiligheidsplan"), (.framework, "kadernota"),
        (.multiYearPolicyPlan, "meerjarenbeleidsplan"), (.other, "overig"),
    ]
    static let planStatuses: [(PlanStatus, String)] = [
        (.draft, "concept"), (.consultation, "ter-consultatie"),
        (.offeredToCouncil, "aangeboden-aan-de-raad"), (.adopted, "vastgesteld"),
        (.inExecution, "in-uitvoering"), (.evaluated, "geevalueerd"),
    ]
    static let priorityLevels: [(PriorityLevel, String)] = [(.regional, "regionaal"), (.national, "landelijk")]
    static let themeRoles: [(ThemeRole, String)] = [
        (.priority, "prioriteit"), (.developmentTheme, "ontwikkelthema"), (.strategicTheme, "strategisch-thema"),
        (.foundation, "fundament"), (.ongoing, "overig"),
    ]
    static let directions: [(DevelopmentDirection, String)] = [
        (.intensify, "intensiveren"), (.optimise, "optimaliseren"), (.renew, "vernieuwen"), (.develop, "ontwikkelen"),
    ]
    static let fields: [(SafetyField, String)] = [
        (.residentialEnvironment, "veilige-woon-en-leefomgeving"), (.businessAndSafety, "bedrijvigheid-en-veiligheid"),
        (.youthAndSafety, "jeugd-en-veiligheid"), (.physicalSafety, "fysieke-veiligheid"),
        (.integrityAndSafety, "integriteit-en-veiligheid"),
    ]
    static let indicatorDirections: [(IndicatorDirection, String)] = [
        (.increase, "stijgen"), (.decrease, "dalen"), (.maintain, "gelijk-blijven"),
    ]
    static let phases: [(SafetyChainPhase, String)] = [
        (.proaction, "pro-actie"), (.prevention, "preventie"), (.preparation, "preparatie"),
        (.repression, "repressie"), (.aftercare, "nazorg"),
    ]
    static let actionStatuses: [(ActionStatus, String)] = [
        (.planned, "gepland"), (.inProgress, "in-uitvoering"), (.completed, "afgerond"),
        (.postponed, "uitgesteld"), (.cancelled, "vervallen"),
    ]
    static let partnerTypes: [(PartnerType, String)] = [
        (.municipality, "gemeente"), (.police, "politie"), (.publicProsecutor, "openbaar-ministerie"),
        (.riec, "riec"), (.careAndSafetyHouse, "zorg-en-veiligheidshuis"), (.domesticViolenceService, "veilig-thuis"),
        (.publicHealthService, "ggd"), (.careProvider, "zorgaanbieder"), (.housingCorporation, "woningcorporatie"),
        (.youthJustice, "halt"), (.education, "onderwijs"), (.enforcement, "handhaving"),
        (.safetyRegion, "veiligheidsregio"), (.business, "ondernemers"), (.residents, "inwoners"),
        // Issue 11: partners as plans name them
        (.nationalGovernment, "rijksoverheid"), (.province, "provincie"), (.justice, "justitie"),
        (.researchBureau, "onderzoeksbureau"), (.internalDepartment, "gemeentelijke-afdeling"), (.company, "bedrijf"),
        (.knowledgeInstitute, "kennisinstituut"),
        (.other, "overig"),
    ]
    // Issue 11: partner and consultation body statuses
    static let partnerStatuses: [(PartnerStatus, String)] = [(.potential, "mogelijke-partner"), (.toLobby, "te-lobbyen")]
    static let bodyStatuses: [(ConsultationBodyStatus, String)] = [(.existing, "bestaand"), (.toBeStarted, "op-te-starten")]
    // Issue 11, governance bodies
    static let governanceKinds: [(GovernanceKind, String)] = [
        (.council, "gemeenteraad"), (.mayor, "burgemeester"), (.executive, "college"), (.triangle, "driehoek"),
        (.councilCommittee, "raadscommissie"), (.other, "overig"),
    ]
    static let seriesMeasures: [(SeriesMeasure, String)] = [(.count, "aantal"), (.ratePerThousand, "per-1000-inwoners")]
    static let budgetBases: [(BudgetBasis, String)] = [(.total, "totaal"), (.perInhabitant, "per-inwoner")]
    // Issue 11, action shapes: the kinds of an action's parts, and yes/no.
    static let actionPartKinds: [(ActionPartKind, String)] = [(.focusPoint, "aandachtspunt"), (.subGoal, "subdoel")]
    static let yesNo: [(Bool, String)] = [(true, "ja"), (false, "nee")]
    // Issue 11, point 5
    static let unquantifiedBudgets: [(UnquantifiedBudget, String)] = [
        (.existingCapacity, "binnen-bestaande-formatie"), (.followUpProposal, "vervolgvoorstel"),
        (.grantOfUnknownSize, "bijdrage-onbekende-hoogte"), (.other, "overig"),
    ]
    static let budgetRecurrences: [(BudgetRecurrence, String)] = [(.yearly, "jaarlijks"), (.oneOff, "eenmalig")]

    // Running the plan
    static let programmeStatuses: [(ProgrammeStatus, String)] = [(.draft, "concept"), (.adopted, "vastgesteld")]
    static let programmeBodies: [(ProgrammeBody, String)] = [(.executive, "college"), (.mayor, "burgemeester")]
    static let progressStatuses: [(ProgressStatus, String)] = [
        (.notStarted, "niet-gestart"), (.running, "loopt"), (.done, "gereed"), (.delayed, "vertraagd"), (.dropped, "vervallen"),
    ]
    static let reviewKinds: [(String, String)] = [
        ("notRequired", "niet-nodig"), ("pending", "wacht-op-goedkeuring"), ("approved", "goedgekeurd"), ("rejected", "afgewezen"),
    ]
    static let origins: [(String, String)] = [("typed", "ingevoerd"), ("openData", "open-data"), ("planFile", "planbestand"), ("register", "register")]
    static let registerKinds: [(RegisterKind, String)] = RegisterKind.allCases.map { ($0, $0.rawValue) }
    static let suppressionMarks: [(SuppressionMark, String)] = SuppressionMark.allCases.map { ($0, $0.rawValue) }
    static let checkSubjects: [(String, String)] = [("priority", "prioriteit-zonder-cijfers"), ("goal", "kwalitatief-doel")]

    /// The spelling of `value` in `table`.
    static func spelling<E: Equatable>(_ value: E, in table: [(E, String)]) -> String {
        table.first { $0.0 == value }!.1
    }
}

/// The plan file's words for values, for other places that speak the same language (the command line).
public enum PlanFileWords {
    public static func partnerType(_ type: PartnerType) -> String { Vocabulary.spelling(type, in: Vocabulary.partnerTypes) }
}
