import Foundation

/// Something whose progress is reported: a programme activity, or an agreement of the plan
/// that no adopted programme carries.
public struct TrackedItem: Hashable, Sendable {
    public var subject: ProgressSubject
    public var theme: Key
    public var description: String
    /// The partner that leads; nil when the municipality leads (or nobody is named).
    public var ownerPartner: Key?
    public var ownerRole: String?
    public var planning: PlannedPeriod?
    public var goal: Key?
    /// The member municipality whose programme holds it; nil for the whole plan.
    public var municipality: MunicipalityCode?
    /// Counting updates, oldest first.
    public var history: [ProgressUpdate]
    /// Updates waiting for approval.
    public var pending: [ProgressUpdate]
    public var isStale: Bool
    /// Its planning has ended and it is not finished.
    public var isOverdue: Bool

    /// The status of the latest counting update; "niet gestart" without one.
    public var status: ProgressStatus { history.last?.status ?? .notStarted }
    public var lastUpdate: ProgressUpdate? { history.last }
    /// Whether more updates are due: it is not finished.
    public var isOpen: Bool { !status.isFinal }
}

/// Where a plan's execution stands on a given day: every tracked item, indicator and goal, and
/// the actualiteit figure. Built from the plan alone, so pages, documents and reminders agree.
public struct PlanProgress: Hashable, Sendable {
    public var today: CalendarDate
    public var items: [TrackedItem]
    public var indicators: [IndicatorAssessment]
    public var goals: [GoalAssessment]
    /// Indicators whose latest measurement is older than the interval (or that have none).
    public var staleIndicators: [Key]

    public init(_ plan: Plan, today: CalendarDate) {
        self.today = today
        let execution = plan.execution
        let settings = execution.settings
        var items: [TrackedItem] = []
        var carried = Set<Key>()
        // Adopted programmes are what is being carried out; when a follow-up exists the
        // earlier one is finished (its open work was carried over).
        let followed = Set(execution.programmes.compactMap(\.follows))
        for programme in execution.programmes where programme.isFrozen && !followed.contains(programme.key) {
            for activity in programme.activities {
                if let agreement = activity.agreement { carried.insert(agreement) }
                items.append(Self.item(.activity(programme: programme.key, activity: activity.key), theme: activity.theme,
                                       description: activity.description, partner: activity.owner?.partner, role: activity.owner?.role,
                                       planning: activity.planning, goal: activity.goal, municipality: programme.municipality,
                                       execution: execution, today: today, staleAfter: settings.staleAfterMonths, plan: plan))
            }
        }
        if plan.status >= .adopted || !execution.programmes.isEmpty {
            for theme in plan.allThemes {
                for action in theme.allActions where !action.isExample && !carried.contains(action.key) {
                    items.append(Self.item(.agreement(action.key), theme: theme.key, description: action.description,
                                           partner: action.owner, role: action.ownerRole, planning: action.planning,
                                           goal: action.goal, municipality: plan.municipality(ofTheme: theme.key),
                                           execution: execution, today: today, staleAfter: settings.staleAfterMonths, plan: plan))
                }
            }
        }
        self.items = items

        var indicators: [IndicatorAssessment] = []
        var stale: [Key] = []
        for theme in plan.allThemes {
            for indicator in theme.indicators {
                let measurements = execution.measurements(of: indicator.key)
                indicators.append(StatusRules.assess(indicator, baseline: plan.baseline(of: indicator, in: theme), measurements: measurements))
                let last = measurements.map(\.recordedOn).max()
                if last.map({ $0.months(until: today) >= settings.indicatorIntervalMonths }) ?? true { stale.append(indicator.key) }
            }
        }
        self.indicators = indicators
        self.staleIndicators = stale

        var goals: [GoalAssessment] = []
        for theme in plan.allThemes {
            for goal in theme.goals {
                let own = theme.indicators.filter { $0.goal == goal.key || ($0.goal == nil && theme.goals.count == 1) }
                let judged = own.compactMap { i in indicators.first { $0.indicator == i.key } }
                let status: TrackStatus, basis: GoalStatusBasis
                if !own.isEmpty {
                    (status, basis) = (TrackStatus.worst(judged.map(\.status)), .indicators(judged))
                } else {
                    (status, basis) = StatusRules.fromActivities(items.filter { $0.goal == goal.key }.map(\.status))
                }
                // An explanation counts when it is not older than the latest figure judged.
                let latestFigure = judged.compactMap(\.latest?.recordedOn).max()
                let explanation = execution.updates(of: .goal(goal.key)).last { update in
                    update.counts && latestFigure.map { update.date >= $0 } ?? true
                }
                goals.append(GoalAssessment(goal: goal.key, theme: theme.key, status: status, basis: basis, explanation: explanation))
            }
        }
        self.goals = goals
    }

    private static func item(_ subject: ProgressSubject, theme: Key, description: String, partner: Key?, role: String?,
                             planning: PlannedPeriod?, goal: Key?, municipality: MunicipalityCode?, execution: PlanExecution,
                             today: CalendarDate, staleAfter: Int, plan: Plan) -> TrackedItem {
        let all = execution.updates(of: subject)
        let history = all.filter(\.counts)
        let pending = all.filter { $0.review.isPending }
        let status = history.last?.status ?? .notStarted
        // Any update by the owner, approved or waiting, shows that someone looked at it.
        let lastTouched = all.filter { if case .rejected = $0.review { false } else { true } }.map(\.date).max()
        let stale = !status.isFinal && (lastTouched.map { $0.months(until: today) >= staleAfter } ?? true)
        let end = planning.flatMap { $0.lastDay(in: plan.period) }
        let overdue = !status.isFinal && end.map { today > $0 } == true
        return TrackedItem(subject: subject, theme: theme, description: description, ownerPartner: partner, ownerRole: role,
                           planning: planning, goal: goal, municipality: municipality, history: history, pending: pending,
                           isStale: stale, isOverdue: overdue)
    }

    /// The share of open activities and agreements and of indicators updated within their
    /// period (actualiteit), 0...1; nil when there is nothing to keep current.
    public var currency: Double? {
        let open = items.filter(\.isOpen)
        let total = open.count + indicators.count
        guard total > 0 else { return nil }
        let current = open.filter { !$0.isStale }.count + indicators.filter { !staleIndicators.contains($0.indicator) }.count
        return Double(current) / Double(total)
    }

    public var staleItems: [TrackedItem] { items.filter { $0.isOpen && $0.isStale } }
    public var overdueItems: [TrackedItem] { items.filter(\.isOverdue) }

    public func counts(by status: ProgressStatus, theme: Key? = nil, municipality: MunicipalityCode? = nil) -> Int {
        items.filter { $0.status == status && (theme == nil || $0.theme == theme) && (municipality == nil || $0.municipality == municipality) }.count
    }

    public func item(_ subject: ProgressSubject) -> TrackedItem? { items.first { $0.subject == subject } }
    public func assessment(of indicator: Key) -> IndicatorAssessment? { indicators.first { $0.indicator == indicator } }

    /// Off-track goals: what asks the council's attention, with their explanation (or its absence).
    public var councilAttention: [GoalAssessment] { goals.filter { $0.status == .offTrack } }
}

extension Plan {
    /// The member municipality whose local chapter holds the theme; nil for a common theme.
    public func municipality(ofTheme key: Key) -> MunicipalityCode? {
        localChapters.first { $0.themes.contains { $0.key == key } }?.municipality
    }

    /// The indicator with `key`, wherever it is, with its theme.
    public func indicator(_ key: Key) -> (theme: Theme, indicator: Indicator)? {
        for theme in allThemes { if let i = theme.indicators.first(where: { $0.key == key }) { return (theme, i) } }
        return nil
    }

    /// The goal with `key`, wherever it is, with its theme.
    public func goal(_ key: Key) -> (theme: Theme, goal: Goal)? {
        for theme in allThemes { if let g = theme.goals.first(where: { $0.key == key }) { return (theme, g) } }
        return nil
    }
}

extension PlannedPeriod {
    /// The last day of the period; for work from a start on, the end of the plan period. Nil
    /// for ongoing and recurring work, which has no end.
    public func lastDay(in plan: YearRange) -> CalendarDate? {
        switch self {
        case .year(let y): CalendarDate(year: y, month: 12, day: 31)
        case .years(let range): CalendarDate(year: range.last, month: 12, day: 31)
        case .quarter(let q): q.lastDay
        case .quarters(_, let b): b.lastDay
        case .openStart: CalendarDate(year: plan.last, month: 12, day: 31)
        case .ongoing, .recurring: nil
        }
    }
}

extension Quarter {
    var lastDay: CalendarDate? {
        let month = quarter * 3
        return CalendarDate(year: year, month: month, day: CalendarDate.days(inMonth: month, year: year))
    }
}
