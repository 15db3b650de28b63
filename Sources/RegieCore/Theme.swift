import Foundation

/// A theme of the plan: a priority, a development theme, a strategic theme, a foundation
/// theme or other ongoing work, with its texts, ambitions, goals, indicators and actions.
public struct Theme: Hashable, Sendable, Codable {
    public var key: Key
    public var title: String
    public var role: ThemeRole
    /// For a development theme: which way the work goes.
    public var direction: DevelopmentDirection?
    /// The safety field (veiligheidsveld) the theme belongs to.
    public var field: SafetyField?
    /// Keys of the regional and national priorities this theme answers to.
    public var answers: [Key]
    public var summary: Prose
    /// Why this theme is a priority.
    public var why: Prose
    public var problem: Prose
    public var focusPoints: Prose
    public var principles: Prose
    /// What will be done, in prose ("wat gaan we doen").
    public var approach: Prose
    public var ambitions: [String]
    public var goals: [Goal]
    public var indicators: [Indicator]
    public var actions: [Action]
    /// Development tracks (sporen) when the theme is split up, each with its own actions.
    public var tracks: [Track]
    /// Which figures measure the theme and the officer's interpretation of them.
    public var analysis: ThemeAnalysis?
    /// Other names the document uses for the theme ("ook genoemd").
    public var aliases: [String]
    /// Keys of actions of other themes that serve this theme too (a campaign under two themes).
    /// Each action lives in one theme, its home; other themes list it here and count it there.
    public var sharedActions: [Key]
    // Issue 11, legal basis
    /// Keys of the plan's legal bases (wettelijk kader) this theme relies on.
    public var legalBases: [Key]
    /// Key figures of this theme (issue 11, point 4).
    public var figures: [PlanFigure]

    public init(key: Key, title: String, role: ThemeRole, direction: DevelopmentDirection? = nil,
                field: SafetyField? = nil, answers: [Key] = [], summary: Prose = "", why: Prose = "",
                problem: Prose = "", focusPoints: Prose = "", principles: Prose = "", approach: Prose = "",
                ambitions: [String] = [], goals: [Goal] = [], indicators: [Indicator] = [],
                actions: [Action] = [], tracks: [Track] = [], analysis: ThemeAnalysis? = nil, aliases: [String] = [],
                sharedActions: [Key] = [], legalBases: [Key] = [], figures: [PlanFigure] = []) {
        self.key = key
        self.title = title
        self.role = role
        self.direction = direction
        self.field = field
        self.answers = answers
        self.summary = summary
        self.why = why
        self.problem = problem
        self.focusPoints = focusPoints
        self.principles = principles
        self.approach = approach
        self.ambitions = ambitions
        self.goals = goals
        self.indicators = indicators
        self.actions = actions
        self.tracks = tracks
        self.analysis = analysis
        self.aliases = aliases
        self.sharedActions = sharedActions
        self.legalBases = legalBases
        self.figures = figures
    }

    /// Every action of the theme: its own and those of its tracks.
    public var allActions: [Action] { actions + tracks.flatMap(\.actions) }

    /// The actions that serve `goal`, in plan order.
    public func actions(for goal: Goal) -> [Action] { allActions.filter { $0.goal == goal.key } }
}

extension Theme {
    private enum CodingKeys: String, CodingKey {
        case key, title, role, direction, field, answers, summary, why, problem, focusPoints, principles, approach
        case ambitions, goals, indicators, actions, tracks, analysis, aliases, sharedActions, legalBases, figures
    }

    /// Reads stored documents, including those written before `aliases`, `sharedActions`, `legalBases` and `figures` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  title: try c.decode(String.self, forKey: .title),
                  role: try c.decode(ThemeRole.self, forKey: .role),
                  direction: try c.decodeIfPresent(DevelopmentDirection.self, forKey: .direction),
                  field: try c.decodeIfPresent(SafetyField.self, forKey: .field),
                  answers: try c.decode([Key].self, forKey: .answers),
                  summary: try c.decode(Prose.self, forKey: .summary),
                  why: try c.decode(Prose.self, forKey: .why),
                  problem: try c.decode(Prose.self, forKey: .problem),
                  focusPoints: try c.decode(Prose.self, forKey: .focusPoints),
                  principles: try c.decode(Prose.self, forKey: .principles),
                  approach: try c.decode(Prose.self, forKey: .approach),
                  ambitions: try c.decode([String].self, forKey: .ambitions),
                  goals: try c.decode([Goal].self, forKey: .goals),
                  indicators: try c.decode([Indicator].self, forKey: .indicators),
                  actions: try c.decode([Action].self, forKey: .actions),
                  tracks: try c.decode([Track].self, forKey: .tracks),
                  analysis: try c.decodeIfPresent(ThemeAnalysis.self, forKey: .analysis),
                  aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
                  sharedActions: try c.decodeIfPresent([Key].self, forKey: .sharedActions) ?? [],
                  legalBases: try c.decodeIfPresent([Key].self, forKey: .legalBases) ?? [],
                  figures: try c.decodeIfPresent([PlanFigure].self, forKey: .figures) ?? [])
    }
}

/// What a theme is in the plan.
public enum ThemeRole: String, CaseIterable, Hashable, Sendable, Codable {
    /// A chosen priority with goals and agreements.
    case priority
    /// A development theme, with a ``DevelopmentDirection``.
    case developmentTheme
    /// A strategic theme of a (shared) plan.
    case strategicTheme
    /// Part of the foundation: the basics are in order and work continues.
    case foundation
    /// Other ongoing work the municipality keeps doing.
    case ongoing
}

/// The direction of a development theme.
public enum DevelopmentDirection: String, CaseIterable, Hashable, Sendable, Codable {
    case intensify
    case optimise
    case renew
    case develop
}

/// The five safety fields of the VNG method Kernbeleid Veiligheid.
public enum SafetyField: String, CaseIterable, Hashable, Sendable, Codable {
    case residentialEnvironment
    case businessAndSafety
    case youthAndSafety
    case physicalSafety
    case integrityAndSafety
}

/// A phase of the safety chain (veiligheidsketen).
public enum SafetyChainPhase: String, CaseIterable, Hashable, Sendable, Codable {
    case proaction
    case prevention
    case preparation
    case repression
    case aftercare
}

/// A goal (doelstelling) of a theme.
public struct Goal: Hashable, Sendable, Codable {
    public var key: Key
    public var title: String
    public var description: Prose
    /// Other names the document uses for the goal ("ook genoemd").
    public var aliases: [String]
    /// Keys of the plan's consultation bodies where the goal is taken up.
    public var consultationBodies: [Key]

    public init(key: Key, title: String, description: Prose = "", aliases: [String] = [], consultationBodies: [Key] = []) {
        self.key = key
        self.title = title
        self.description = description
        self.aliases = aliases
        self.consultationBodies = consultationBodies
    }
}

extension Goal {
    private enum CodingKeys: String, CodingKey {
        case key, title, description, aliases, consultationBodies
    }

    /// Reads stored documents, including those written before `aliases` and `consultationBodies` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  title: try c.decode(String.self, forKey: .title),
                  description: try c.decode(Prose.self, forKey: .description),
                  aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
                  consultationBodies: try c.decodeIfPresent([Key].self, forKey: .consultationBodies) ?? [])
    }
}

/// A measurable indicator with its baseline (nulmeting) and target (streefwaarde).
public struct Indicator: Hashable, Sendable, Codable {
    public var key: Key
    public var name: String
    /// For example "aantal", "% inwoners", "rapportcijfer".
    public var unit: String?
    /// Where the figures come from, for example "Politie, geregistreerde criminaliteit".
    public var source: String?
    public var desiredDirection: IndicatorDirection?
    public var baseline: IndicatorValue?
    public var target: IndicatorValue?
    /// The goal this indicator measures, if any.
    public var goal: Key?
    /// The imported series whose figures are this indicator's measurements.
    public var series: IndicatorSeriesLink?
    /// The register whose suppressed counts are this indicator's measurements.
    public var register: IndicatorRegisterLink?
    /// The key of a figure of the plan or of this theme that is the baseline; `baseline` is
    /// then absent (issue 11, point 4).
    public var baselineFigure: Key?

    public init(key: Key, name: String, unit: String? = nil, source: String? = nil,
                desiredDirection: IndicatorDirection? = nil, baseline: IndicatorValue? = nil,
                target: IndicatorValue? = nil, goal: Key? = nil, series: IndicatorSeriesLink? = nil,
                baselineFigure: Key? = nil, register: IndicatorRegisterLink? = nil) {
        self.key = key
        self.name = name
        self.unit = unit
        self.source = source
        self.desiredDirection = desiredDirection
        self.baseline = baseline
        self.target = target
        self.goal = goal
        self.series = series
        self.baselineFigure = baselineFigure
        self.register = register
    }
}

/// Which way an indicator should move.
public enum IndicatorDirection: String, CaseIterable, Hashable, Sendable, Codable {
    case increase
    case decrease
    case maintain
}

/// A value of an indicator for a period.
public struct IndicatorValue: Hashable, Sendable, Codable {
    public var value: Decimal
    public var period: PlannedPeriod

    public init(value: Decimal, period: PlannedPeriod) {
        self.value = value
        self.period = period
    }
}

/// An agreement or action (afspraak/actie) with its expected result and planning.
public struct Action: Hashable, Sendable, Codable {
    public var key: Key
    public var description: String
    public var expectedResult: Prose
    public var planning: PlannedPeriod?
    /// The partner that leads (trekker).
    public var owner: Key?
    /// Other partners involved.
    public var partners: [Key]
    public var phases: [SafetyChainPhase]
    /// Where the action stands; nil when the plan gives it no status (nothing is assumed).
    public var status: ActionStatus?
    /// The goal this action serves, if any.
    public var goal: Key?
    /// How the action is going, in the words of whoever leads it (voortgang).
    public var progressNote: Prose
    /// The role within the owning partner that leads, such as "projectleider Keurmerk Veilig Ondernemen".
    public var ownerRole: String?
    /// An example of what will be done ("wat we gaan doen, bijvoorbeeld"), not an agreement:
    /// shown apart and never counted as one.
    public var isExample: Bool
    /// The action's own focus points and sub-goals.
    public var parts: [ActionPart]
    /// Whom or what the moment depends on, such as "het besluit van de provincie over de
    /// subsidie"; `planning` then holds the expected period (issue 11, point 6).
    public var planningDependency: String?

    public init(key: Key, description: String, expectedResult: Prose = "", planning: PlannedPeriod? = nil,
                owner: Key? = nil, partners: [Key] = [], phases: [SafetyChainPhase] = [],
                status: ActionStatus? = .planned, goal: Key? = nil, progressNote: Prose = "",
                isExample: Bool = false, parts: [ActionPart] = [], ownerRole: String? = nil,
                planningDependency: String? = nil) {
        self.key = key
        self.description = description
        self.expectedResult = expectedResult
        self.planning = planning
        self.owner = owner
        self.partners = partners
        self.phases = phases
        self.status = status
        self.goal = goal
        self.progressNote = progressNote
        self.ownerRole = ownerRole
        self.isExample = isExample
        self.parts = parts
        self.planningDependency = planningDependency
    }
}

extension Action {
    private enum CodingKeys: String, CodingKey {
        case key, description, expectedResult, planning, owner, partners, phases, status, goal, progressNote
        case isExample, parts, ownerRole, planningDependency
    }

    /// Reads stored documents, including those written before `progressNote`, `isExample` and
    /// `parts` existed (and when every action had a status).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key),
                  description: try c.decode(String.self, forKey: .description),
                  expectedResult: try c.decode(Prose.self, forKey: .expectedResult),
                  planning: try c.decodeIfPresent(PlannedPeriod.self, forKey: .planning),
                  owner: try c.decodeIfPresent(Key.self, forKey: .owner),
                  partners: try c.decode([Key].self, forKey: .partners),
                  phases: try c.decode([SafetyChainPhase].self, forKey: .phases),
                  status: try c.decodeIfPresent(ActionStatus.self, forKey: .status),
                  goal: try c.decodeIfPresent(Key.self, forKey: .goal),
                  progressNote: try c.decodeIfPresent(Prose.self, forKey: .progressNote) ?? "",
                  isExample: try c.decodeIfPresent(Bool.self, forKey: .isExample) ?? false,
                  parts: try c.decodeIfPresent([ActionPart].self, forKey: .parts) ?? [],
                  ownerRole: try c.decodeIfPresent(String.self, forKey: .ownerRole),
                  planningDependency: try c.decodeIfPresent(String.self, forKey: .planningDependency))
    }
}

public enum ActionStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case planned
    case inProgress
    case completed
    case postponed
    case cancelled
}

/// A development track (spoor) within a theme.
public struct Track: Hashable, Sendable, Codable {
    public var key: Key
    public var title: String
    public var description: Prose
    public var actions: [Action]

    public init(key: Key, title: String, description: Prose = "", actions: [Action] = []) {
        self.key = key
        self.title = title
        self.description = description
        self.actions = actions
    }
}
