import Foundation

/// An integral safety plan (integraal veiligheidsplan, kadernota, meerjarenbeleidsplan): the
/// whole document as data, from foreword to budget.
public struct Plan: Hashable, Sendable, Codable {
    /// A stable, URL-safe key such as `stadskanaal-2020-2024`.
    public var key: Key
    public var kind: PlanKind
    public var title: String
    public var subtitle: String?
    public var owner: PlanOwner
    public var period: YearRange
    public var status: PlanStatus
    /// Decisions adopting the plan. A collaboration's plan is adopted by each member's council.
    public var adoptions: [Adoption]

    public var foreword: Prose
    public var introduction: Prose
    public var missionVision: Prose
    public var guidingPrinciples: [Section]
    /// What the plan covers and leaves out (social and physical safety).
    public var scope: Prose
    public var trends: [Section]
    public var generalGoals: [String]
    /// Perspectives applied to every theme, such as resilience, youth or vulnerable people.
    public var focusLenses: [Section]
    /// Regional and national priorities the plan's themes answer to.
    public var priorityReferences: [PriorityReference]
    /// The common themes, in the plan's order.
    public var themes: [Theme]
    /// For a collaboration: each member municipality's own chapter with local priorities.
    public var localChapters: [LocalChapter]
    public var partners: [Partner]
    public var consultationBodies: [ConsultationBody]
    /// How progress is monitored, reported to the council and evaluated.
    public var monitoring: Prose
    public var finances: Finances
    /// How the safety analysis chapter is set up.
    public var analysis: AnalysisSettings?
    // Issue 11, council papers: the executive's offers to the council and who signed.
    /// Decisions of the executive offering the plan to the council (aangeboden aan de raad).
    public var councilOffers: [CouncilOffer]
    /// Who signed the council papers (burgemeester, griffier, secretaris).
    public var signatories: [Signatory]
    // Issue 11, legal basis
    /// The laws and articles the plan relies on (wettelijk kader), for themes and documents to cite.
    public var legalBases: [LegalBasis]
    // Issue 11, governance bodies
    /// The council, the mayor, the executive, the local triangle and committees, with their role in the plan.
    public var governanceBodies: [GovernanceBody]
    /// Where the plan's figures come from, numbered on the pages (issue 11, point 4).
    public var sources: [PlanSource]
    /// Key figures for the whole plan (issue 11, point 4).
    public var figures: [PlanFigure]
    /// Running the plan: programmes, progress and measurements (docs/adr/0013). Not content:
    /// it changes without a new version.
    public var execution: PlanExecution

    public init(key: Key, kind: PlanKind = .integralSafetyPlan, title: String, subtitle: String? = nil,
                owner: PlanOwner, period: YearRange, status: PlanStatus = .draft, adoptions: [Adoption] = [],
                foreword: Prose = "", introduction: Prose = "", missionVision: Prose = "",
                guidingPrinciples: [Section] = [], scope: Prose = "", trends: [Section] = [],
                generalGoals: [String] = [], focusLenses: [Section] = [],
                priorityReferences: [PriorityReference] = [], themes: [Theme] = [],
                localChapters: [LocalChapter] = [], partners: [Partner] = [],
                consultationBodies: [ConsultationBody] = [], monitoring: Prose = "",
                finances: Finances = Finances(), analysis: AnalysisSettings? = nil,
                councilOffers: [CouncilOffer] = [], signatories: [Signatory] = [], legalBases: [LegalBasis] = [],
                governanceBodies: [GovernanceBody] = [], sources: [PlanSource] = [], figures: [PlanFigure] = [],
                execution: PlanExecution = PlanExecution()) {
        self.key = key
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.owner = owner
        self.period = period
        self.status = status
        self.adoptions = adoptions
        self.foreword = foreword
        self.introduction = introduction
        self.missionVision = missionVision
        self.guidingPrinciples = guidingPrinciples
        self.scope = scope
        self.trends = trends
        self.generalGoals = generalGoals
        self.focusLenses = focusLenses
        self.priorityReferences = priorityReferences
        self.themes = themes
        self.localChapters = localChapters
        self.partners = partners
        self.consultationBodies = consultationBodies
        self.monitoring = monitoring
        self.finances = finances
        self.analysis = analysis
        self.councilOffers = councilOffers
        self.signatories = signatories
        self.legalBases = legalBases
        self.governanceBodies = governanceBodies
        self.sources = sources
        self.figures = figures
        self.execution = execution
    }

    private enum CodingKeys: String, CodingKey {
        case key, kind, title, subtitle, owner, period, status, adoptions, foreword, introduction, missionVision
        case guidingPrinciples, scope, trends, generalGoals, focusLenses, priorityReferences, themes, localChapters
        case partners, consultationBodies, monitoring, finances, analysis
        case councilOffers, signatories, legalBases, governanceBodies, sources, figures, execution
    }

    /// Documents stored before a field existed decode with that field empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key), kind: try c.decode(PlanKind.self, forKey: .kind),
                  title: try c.decode(String.self, forKey: .title), subtitle: try c.decodeIfPresent(String.self, forKey: .subtitle),
                  owner: try c.decode(PlanOwner.self, forKey: .owner), period: try c.decode(YearRange.self, forKey: .period),
                  status: try c.decode(PlanStatus.self, forKey: .status), adoptions: try c.decode([Adoption].self, forKey: .adoptions),
                  foreword: try c.decode(Prose.self, forKey: .foreword), introduction: try c.decode(Prose.self, forKey: .introduction),
                  missionVision: try c.decode(Prose.self, forKey: .missionVision),
                  guidingPrinciples: try c.decode([Section].self, forKey: .guidingPrinciples), scope: try c.decode(Prose.self, forKey: .scope),
                  trends: try c.decode([Section].self, forKey: .trends), generalGoals: try c.decode([String].self, forKey: .generalGoals),
                  focusLenses: try c.decode([Section].self, forKey: .focusLenses),
                  priorityReferences: try c.decode([PriorityReference].self, forKey: .priorityReferences),
                  themes: try c.decode([Theme].self, forKey: .themes), localChapters: try c.decode([LocalChapter].self, forKey: .localChapters),
                  partners: try c.decode([Partner].self, forKey: .partners),
                  consultationBodies: try c.decode([ConsultationBody].self, forKey: .consultationBodies),
                  monitoring: try c.decode(Prose.self, forKey: .monitoring), finances: try c.decode(Finances.self, forKey: .finances),
                  analysis: try c.decodeIfPresent(AnalysisSettings.self, forKey: .analysis),
                  councilOffers: try c.decodeIfPresent([CouncilOffer].self, forKey: .councilOffers) ?? [],
                  signatories: try c.decodeIfPresent([Signatory].self, forKey: .signatories) ?? [],
                  legalBases: try c.decodeIfPresent([LegalBasis].self, forKey: .legalBases) ?? [],
                  governanceBodies: try c.decodeIfPresent([GovernanceBody].self, forKey: .governanceBodies) ?? [],
                  sources: try c.decodeIfPresent([PlanSource].self, forKey: .sources) ?? [],
                  figures: try c.decodeIfPresent([PlanFigure].self, forKey: .figures) ?? [],
                  execution: try c.decodeIfPresent(PlanExecution.self, forKey: .execution) ?? PlanExecution())
    }

    /// Every theme of the plan: the common ones, then each local chapter's.
    public var allThemes: [Theme] { themes + localChapters.flatMap(\.themes) }

    /// The theme with `key`, common or local.
    public func theme(_ key: Key) -> Theme? { allThemes.first { $0.key == key } }

    /// The local chapter of `code`, if the plan has one.
    public func localChapter(for code: MunicipalityCode) -> LocalChapter? {
        localChapters.first { $0.municipality == code }
    }

    public func partner(_ key: Key) -> Partner? { partners.first { $0.key == key } }
}

/// The kind of document.
public enum PlanKind: String, CaseIterable, Hashable, Sendable, Codable {
    case integralSafetyPlan
    case framework
    case multiYearPolicyPlan
    case other
}

/// Where a plan stands in its life: concept -> ter consultatie -> aangeboden aan de raad ->
/// vastgesteld -> in uitvoering -> geëvalueerd.
public enum PlanStatus: String, CaseIterable, Hashable, Comparable, Sendable, Codable {
    case draft
    case consultation
    /// Agreed by the executive and offered to the council, which is heard on it before adopting.
    case offeredToCouncil
    case adopted
    case inExecution
    case evaluated

    /// Whether a plan with this status must record at least one adoption decision.
    public var requiresAdoption: Bool { self >= .adopted }

    /// Whether a plan with this status must record at least one offer to the council.
    public var requiresCouncilOffer: Bool { self == .offeredToCouncil }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A decision adopting the plan.
public struct Adoption: Hashable, Sendable, Codable {
    public var date: CalendarDate
    /// The body that decided, usually the council (gemeenteraad).
    public var body: String
    public var decisionNumber: String?
    /// For a collaboration plan: the member whose council decided.
    public var municipality: MunicipalityCode?
    /// The date the decision was signed (datum ondertekening).
    public var signedOn: CalendarDate?
    /// The date the plan takes effect (in werking per).
    public var inForceFrom: CalendarDate?
    /// Where the decision was published, such as "Gemeenteblad 2020, 28531".
    public var publication: String?

    public init(date: CalendarDate, body: String, decisionNumber: String? = nil, municipality: MunicipalityCode? = nil,
                signedOn: CalendarDate? = nil, inForceFrom: CalendarDate? = nil, publication: String? = nil) {
        self.date = date
        self.body = body
        self.decisionNumber = decisionNumber
        self.municipality = municipality
        self.signedOn = signedOn
        self.inForceFrom = inForceFrom
        self.publication = publication
    }
}

/// A regional or national priority that local themes can answer to.
public struct PriorityReference: Hashable, Sendable, Codable {
    public var key: Key
    public var level: PriorityLevel
    public var title: String
    /// The document it comes from, such as "Regionaal Beleidsplan 2019-2022".
    public var source: String?

    public init(key: Key, level: PriorityLevel, title: String, source: String? = nil) {
        self.key = key
        self.level = level
        self.title = title
        self.source = source
    }
}

public enum PriorityLevel: String, CaseIterable, Hashable, Sendable, Codable {
    case regional
    case national
}

/// A member municipality's own chapter in a collaboration plan.
public struct LocalChapter: Hashable, Sendable, Codable {
    public var municipality: MunicipalityCode
    public var introduction: Prose
    public var themes: [Theme]

    public init(municipality: MunicipalityCode, introduction: Prose = "", themes: [Theme] = []) {
        self.municipality = municipality
        self.introduction = introduction
        self.themes = themes
    }
}

/// The plan's money: an explanation and budget lines.
public struct Finances: Hashable, Sendable, Codable {
    public var text: Prose
    public var lines: [BudgetLine]

    public init(text: Prose = "", lines: [BudgetLine] = []) {
        self.text = text
        self.lines = lines
    }
}

/// One amount in the budget, or a cost the plan names without an amount.
public struct BudgetLine: Hashable, Sendable, Codable {
    public var description: String
    /// Euros; `basis` says whether this is a total or an amount per inhabitant. Nil when the
    /// plan names no amount; `withoutAmount` then says why (exactly one of the two is set).
    public var amount: Decimal?
    public var basis: BudgetBasis
    /// The year the amount is for; nil when it holds for every year of the plan (a yearly line)
    /// or when the year is not known yet (a one-off line).
    public var year: Int?
    /// Where the money comes from (dekking), such as "bestaand budget OOV".
    public var cover: String?
    /// The theme the money is for, if any.
    public var theme: Key?
    /// Why the line has no amount: covered within existing staff, a follow-up proposal, a grant
    /// of unknown size.
    public var withoutAmount: UnquantifiedBudget?
    /// Whether the amount is spent every year or once.
    public var recurrence: BudgetRecurrence
    /// The actions this line pays for (action keys are unique in the whole plan).
    public var actions: [Key]

    public init(description: String, amount: Decimal?, basis: BudgetBasis = .total, year: Int? = nil,
                cover: String? = nil, theme: Key? = nil, withoutAmount: UnquantifiedBudget? = nil,
                recurrence: BudgetRecurrence = .yearly, actions: [Key] = []) {
        self.description = description
        self.amount = amount
        self.basis = basis
        self.year = year
        self.cover = cover
        self.theme = theme
        self.withoutAmount = withoutAmount
        self.recurrence = recurrence
        self.actions = actions
    }
}

public enum BudgetBasis: String, CaseIterable, Hashable, Sendable, Codable {
    /// One amount (per year when `year` is nil).
    case total
    /// An amount per inhabitant of the owner, as collaborations often share costs.
    case perInhabitant
}
