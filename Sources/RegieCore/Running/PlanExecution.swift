import Foundation

/// Everything that happens to a plan between adoptions (uitvoering): the implementation
/// programmes, the history of progress updates and the measurements of its indicators.
///
/// This is running data, not content (docs/adr/0013): it changes without the council, and while
/// a new version is prepared it is the same in the concept and in the adopted version readers see.
public struct PlanExecution: Hashable, Sendable, Codable {
    public var settings: ExecutionSettings
    public var programmes: [ImplementationProgramme]
    /// Every progress update ever made, oldest first; updates are added, never overwritten.
    public var updates: [ProgressUpdate]
    /// Every measurement of the plan's indicators, typed in or taken from open data.
    public var measurements: [MeasuredValue]
    /// Reasons the officer gave for gaps the quality check reports (a goal that is qualitative,
    /// a priority chosen without figures).
    public var checkReasons: [CheckReason]

    public init(settings: ExecutionSettings = ExecutionSettings(), programmes: [ImplementationProgramme] = [],
                updates: [ProgressUpdate] = [], measurements: [MeasuredValue] = [], checkReasons: [CheckReason] = []) {
        self.settings = settings
        self.programmes = programmes
        self.updates = updates
        self.measurements = measurements
        self.checkReasons = checkReasons
    }

    public var isEmpty: Bool { self == PlanExecution() }

    public func programme(_ key: Key) -> ImplementationProgramme? { programmes.first { $0.key == key } }

    /// The number the next update gets: one more than the highest so far.
    public var nextUpdateNumber: Int { (updates.map(\.number).max() ?? 0) + 1 }

    /// The updates of `subject`, oldest first (by date, then by number).
    public func updates(of subject: ProgressSubject) -> [ProgressUpdate] {
        updates.filter { $0.subject == subject }.sorted { ($0.date, $0.number) < ($1.date, $1.number) }
    }

    /// The measurements of `indicator`, oldest period first.
    public func measurements(of indicator: Key) -> [MeasuredValue] {
        measurements.filter { $0.indicator == indicator }
            .sorted { ($0.period.position ?? 0, $0.recordedOn) < ($1.period.position ?? 0, $1.recordedOn) }
    }

    public func reason(for subject: CheckSubject) -> CheckReason? { checkReasons.last { $0.subject == subject } }
}

/// How a plan is run, chosen per plan by its officers.
public struct ExecutionSettings: Hashable, Sendable, Codable {
    /// An activity or agreement without an update for this many months is stale.
    public var staleAfterMonths: Int
    /// An indicator without a new measurement for this many months is stale.
    public var indicatorIntervalMonths: Int
    /// Whether updates by partner organisations wait for the municipality's approval before they count.
    public var partnerUpdatesNeedApproval: Bool
    /// Whether the gaps of the quality check block the steps to consultation and adoption
    /// (true) or only warn (false).
    public var qualityCheckBlocks: Bool

    public static let defaultStaleAfterMonths = 3
    public static let defaultIndicatorIntervalMonths = 12
    public static let monthsAllowed = 1...24

    public init(staleAfterMonths: Int = defaultStaleAfterMonths, indicatorIntervalMonths: Int = defaultIndicatorIntervalMonths,
                partnerUpdatesNeedApproval: Bool = false, qualityCheckBlocks: Bool = false) {
        self.staleAfterMonths = staleAfterMonths
        self.indicatorIntervalMonths = indicatorIntervalMonths
        self.partnerUpdatesNeedApproval = partnerUpdatesNeedApproval
        self.qualityCheckBlocks = qualityCheckBlocks
    }
}

// MARK: Implementation programmes

/// An implementation programme (uitvoeringsprogramma, uitvoeringsplan) for one or two years of
/// an adopted plan: what will be done, by whom, when and with what money.
public struct ImplementationProgramme: Hashable, Sendable, Codable {
    public var key: Key
    public var title: String
    /// One or two years inside the plan period.
    public var period: YearRange
    /// The member municipality whose own programme this is; nil for the programme of the whole
    /// plan (a municipality's own plan, or the shared programme of a collaboration).
    public var municipality: MunicipalityCode?
    /// Neighbouring municipalities that make this programme together with the owner, while the
    /// plan itself stays the owner's (not a collaboration plan).
    public var coProducers: [Municipality]
    public var introduction: Prose
    public var status: ProgrammeStatus
    /// The executive's decision adopting the programme; required once adopted.
    public var adoption: ProgrammeAdoption?
    /// The programme this one follows up, whose unfinished activities it carries over.
    public var follows: Key?
    public var activities: [ProgrammeActivity]

    public init(key: Key, title: String, period: YearRange, municipality: MunicipalityCode? = nil,
                coProducers: [Municipality] = [], introduction: Prose = "", status: ProgrammeStatus = .draft,
                adoption: ProgrammeAdoption? = nil, follows: Key? = nil, activities: [ProgrammeActivity] = []) {
        self.key = key
        self.title = title
        self.period = period
        self.municipality = municipality
        self.coProducers = coProducers
        self.introduction = introduction
        self.status = status
        self.adoption = adoption
        self.follows = follows
        self.activities = activities
    }

    /// Adopted programmes are read-only, like an adopted plan.
    public var isFrozen: Bool { status == .adopted }

    public func activity(_ key: Key) -> ProgrammeActivity? { activities.first { $0.key == key } }

    /// The longest period a programme may cover.
    public static let maximumYears = 2
}

public enum ProgrammeStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case draft
    case adopted
}

/// The decision of the executive (college van B&W, or the mayor) adopting a programme.
public struct ProgrammeAdoption: Hashable, Sendable, Codable {
    public var body: ProgrammeBody
    public var date: CalendarDate
    public var decisionNumber: String?

    public init(body: ProgrammeBody, date: CalendarDate, decisionNumber: String? = nil) {
        self.body = body
        self.date = date
        self.decisionNumber = decisionNumber
    }
}

public enum ProgrammeBody: String, CaseIterable, Hashable, Sendable, Codable {
    /// College van burgemeester en wethouders.
    case executive
    case mayor
}

/// One activity, measure or project of a programme.
public struct ProgrammeActivity: Hashable, Sendable, Codable {
    /// Unique within its programme; a follow-up programme keeps the key of a carried-over activity.
    public var key: Key
    /// The theme of the plan the activity belongs to.
    public var theme: Key
    /// The plan's agreement the activity carries out, when it was taken over from the plan.
    public var agreement: Key?
    public var description: String
    public var expectedOutput: Prose
    public var owner: ActivityOwner?
    /// Other partners of the plan involved.
    public var partners: [Key]
    public var planning: PlannedPeriod?
    /// Euros budgeted for the programme's period.
    public var budget: Decimal?
    /// Hours of capacity.
    public var hours: Decimal?
    public var goal: Key?
    public var indicator: Key?
    public var phases: [SafetyChainPhase]
    /// The programme this activity was carried over from, unfinished.
    public var carriedOverFrom: Key?

    public init(key: Key, theme: Key, agreement: Key? = nil, description: String, expectedOutput: Prose = "",
                owner: ActivityOwner? = nil, partners: [Key] = [], planning: PlannedPeriod? = nil,
                budget: Decimal? = nil, hours: Decimal? = nil, goal: Key? = nil, indicator: Key? = nil,
                phases: [SafetyChainPhase] = [], carriedOverFrom: Key? = nil) {
        self.key = key
        self.theme = theme
        self.agreement = agreement
        self.description = description
        self.expectedOutput = expectedOutput
        self.owner = owner
        self.partners = partners
        self.planning = planning
        self.budget = budget
        self.hours = hours
        self.goal = goal
        self.indicator = indicator
        self.phases = phases
        self.carriedOverFrom = carriedOverFrom
    }
}

/// Who leads an activity: a partner of the plan, or a role within the municipality. Never a
/// person's name only; the role names a function (such as "beleidsmedewerker OOV").
public struct ActivityOwner: Hashable, Sendable, Codable {
    /// The partner organisation that leads; nil: the municipality itself.
    public var partner: Key?
    /// The function that leads, within the partner or the municipality.
    public var role: String?

    public init?(partner: Key?, role: String?) {
        let role = role?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard partner != nil || !(role ?? "").isEmpty else { return nil }
        self.partner = partner
        self.role = (role ?? "").isEmpty ? nil : role
    }
}

// MARK: Progress

/// What a progress update is about.
public enum ProgressSubject: Hashable, Sendable, Codable {
    /// An activity of an implementation programme.
    case activity(programme: Key, activity: Key)
    /// An agreement of the plan that no programme carries yet.
    case agreement(Key)
    /// A goal: the explanation of why it is off track (the story behind the figures).
    case goal(Key)
    /// An indicator: the explanation of its figures.
    case indicator(Key)
}

/// Where an activity or agreement stands, as its owner reports it.
public enum ProgressStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case notStarted
    case running
    case done
    case delayed
    case dropped

    /// Statuses that need an explanation: the story behind the figures.
    public var needsExplanation: Bool { self == .delayed || self == .dropped }
    /// Whether the work is over: no more updates are due.
    public var isFinal: Bool { self == .done || self == .dropped }
}

/// One dated update of progress. The history is kept whole: a correction is a new update.
public struct ProgressUpdate: Hashable, Sendable, Codable {
    /// Unique within the plan, in order of recording.
    public var number: Int
    public var subject: ProgressSubject
    /// The day the update describes.
    public var date: CalendarDate
    /// Nil for an explanation of a goal or indicator.
    public var status: ProgressStatus?
    public var note: Prose
    public var hoursSpent: Decimal?
    public var eurosSpent: Decimal?
    /// The account that recorded it (its display name), and its organisation when a partner.
    public var author: String
    public var organisation: Key?
    public var review: ReviewState

    public init(number: Int, subject: ProgressSubject, date: CalendarDate, status: ProgressStatus?, note: Prose,
                hoursSpent: Decimal? = nil, eurosSpent: Decimal? = nil, author: String, organisation: Key? = nil,
                review: ReviewState = .notRequired) {
        self.number = number
        self.subject = subject
        self.date = date
        self.status = status
        self.note = note
        self.hoursSpent = hoursSpent
        self.eurosSpent = eurosSpent
        self.author = author
        self.organisation = organisation
        self.review = review
    }

    /// Whether the update counts: it needed no approval, or was approved.
    public var counts: Bool {
        switch review {
        case .notRequired, .approved: true
        case .pending, .rejected: false
        }
    }
}

/// Whether a partner's update waits for the municipality.
public enum ReviewState: Hashable, Sendable, Codable {
    case notRequired
    case pending
    case approved(by: String, on: CalendarDate)
    case rejected(by: String, on: CalendarDate, reason: String)

    public var isPending: Bool { self == .pending }
}

// MARK: Measurements

/// One figure of an indicator for a period, with where it came from.
public struct MeasuredValue: Hashable, Sendable, Codable {
    public var indicator: Key
    /// The figure; nil when a register withheld it (`suppressed` says how).
    public var value: Decimal?
    /// Set for a register's count that is not published as a number: "<5" or "×". Such a
    /// figure is shown and kept as it was published, and never judged against the target.
    public var suppressed: SuppressionMark?
    /// A year, years or a quarter (a moment of measuring, as a baseline).
    public var period: PlannedPeriod
    /// Where the figure comes from, for example "Politie, geregistreerde criminaliteit".
    public var source: String?
    /// The date of the figure (peildatum), when the source gives one.
    public var figureDate: CalendarDate?
    /// The day it was recorded in Regie.
    public var recordedOn: CalendarDate
    public var origin: MeasurementOrigin

    public init(indicator: Key, value: Decimal, period: PlannedPeriod, source: String? = nil,
                figureDate: CalendarDate? = nil, recordedOn: CalendarDate, origin: MeasurementOrigin) {
        self.indicator = indicator
        self.value = value
        self.period = period
        self.source = source
        self.figureDate = figureDate
        self.recordedOn = recordedOn
        self.origin = origin
    }

    /// A figure a register published only as "<5" or "×".
    public init(indicator: Key, suppressed: SuppressionMark, period: PlannedPeriod, source: String? = nil,
                recordedOn: CalendarDate, origin: MeasurementOrigin) {
        self.indicator = indicator
        self.value = nil
        self.suppressed = suppressed
        self.period = period
        self.source = source
        self.recordedOn = recordedOn
        self.origin = origin
    }
}

/// How a measurement entered Regie.
public enum MeasurementOrigin: Hashable, Sendable, Codable {
    /// Typed in by an account (its display name).
    case typed(by: String)
    /// Taken from an imported open-data series (the indicator's linked series) in a table.
    case openData(table: String)
    /// Read from a plan file.
    case planFile
    /// Taken from a register's published counts (the indicator's linked register), after
    /// small-number suppression; "<5" is kept as such.
    case register(RegisterKind)
}

// MARK: Quality-check reasons

/// What a reason of the quality check is about.
public enum CheckSubject: Hashable, Sendable, Codable {
    /// A priority chosen without figures from the analysis.
    case priorityWithoutFigures(theme: Key)
    /// A goal that is qualitative: it has no indicator.
    case qualitativeGoal(Key)
}

public struct CheckReason: Hashable, Sendable, Codable {
    public var subject: CheckSubject
    public var text: String
    public var by: String
    public var on: CalendarDate

    public init(subject: CheckSubject, text: String, by: String, on: CalendarDate) {
        self.subject = subject
        self.text = text
        self.by = by
        self.on = on
    }
}
