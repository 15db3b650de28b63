import Foundation

/// The status of an indicator or goal (docs/status-rules.md).
public enum TrackStatus: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case onTrack
    case needsAttention
    case offTrack
    case noData

    /// Worse statuses sort higher; "geen gegevens" is no judgement and sorts apart (see ``worst(_:)``).
    private var severity: Int {
        switch self {
        case .noData: 0
        case .onTrack: 1
        case .needsAttention: 2
        case .offTrack: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.severity < rhs.severity }

    /// The worst judged status; `.noData` only when nothing was judged.
    public static func worst(_ statuses: [TrackStatus]) -> TrackStatus { statuses.max() ?? .noData }
}

/// Why an indicator has its status; the pages word each case (RegieReports).
public enum IndicatorStatusReason: Hashable, Sendable {
    case noBaseline
    case noTarget
    case noMeasurement
    /// The latest figure is a register's "<5" or "×": there is no number to judge.
    case latestSuppressed(SuppressionMark)
    /// The latest figure is at or ahead of the expected path from baseline to target.
    case onPath
    /// Behind the expected path, but not by more than half of the whole intended change.
    case behindPath
    /// Moved away from the target, or behind the path by more than half of the intended change.
    case farBehindPath
    /// The target period has a figure, and the target is met.
    case targetMet
    /// The target period has passed (has a figure) and the target is not met.
    case targetMissed
    /// A count whose difference from the baseline is within chance: no change is demonstrated.
    case withinChance(expectedChange: Bool)
    /// A count that meets the target, but whose difference from the baseline is within chance.
    case targetMetWithinChance
    /// An indicator to keep at its level: within 5 %, within 10 %, or beyond.
    case maintained
    case slipping
    case notMaintained
}

/// The judgement of one indicator, with what it was based on.
public struct IndicatorAssessment: Hashable, Sendable {
    public var indicator: Key
    public var status: TrackStatus
    public var reason: IndicatorStatusReason
    /// The latest measurement judged.
    public var latest: MeasuredValue?
    /// Where the expected path from baseline to target stands at the latest measurement.
    public var expected: Decimal?
    /// For counts: the exact test of the latest figure against the baseline.
    public var test: TrendAssessment?
    /// The plan gives no baseline: the first measurement serves as one.
    public var baselineFromFirstMeasurement = false

    public init(indicator: Key, status: TrackStatus, reason: IndicatorStatusReason, latest: MeasuredValue? = nil,
                expected: Decimal? = nil, test: TrendAssessment? = nil) {
        self.indicator = indicator
        self.status = status
        self.reason = reason
        self.latest = latest
        self.expected = expected
        self.test = test
    }
}

/// The explicit rules that turn baseline, target, direction and measurements into a status.
/// Every threshold is named here and explained, with worked examples, in docs/status-rules.md.
public enum StatusRules {
    /// Ahead of or within this share of the whole intended change behind the path: on track.
    public static let pathTolerance: Double = 0.10
    /// Further behind the path than this share of the whole intended change: off track.
    public static let offTrackShare: Double = 0.50
    /// For an indicator to keep at its level: the relative deviation that is still on track,
    /// and the one beyond which it is off track.
    public static let maintainTolerance: Double = 0.05
    public static let maintainLimit: Double = 0.10

    /// Whether the indicator counts events (so that chance matters): its unit starts with
    /// "aantal", or it follows an imported series as a count.
    public static func isCount(_ indicator: Indicator) -> Bool {
        if let series = indicator.series, series.measure == .count { return true }
        let unit = (indicator.unit ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return unit == "aantal" || unit.hasPrefix("aantal ")
    }

    public static func assess(_ indicator: Indicator, baseline: IndicatorValue?, measurements: [MeasuredValue]) -> IndicatorAssessment {
        let key = indicator.key
        // Without a baseline in the plan, the first measurement is the baseline (nulmeting), as
        // plans that say "de nulmeting volgt in 2021" intend.
        let own = measurements.filter { $0.indicator == key && $0.period.position != nil && $0.value != nil }
        let first = own.min { ($0.period.position!, $0.recordedOn) < ($1.period.position!, $1.recordedOn) }
        let fromFirst = baseline == nil && first != nil
        // Only a register's "<5" or "×" so far: there is a figure, but none to judge.
        if baseline == nil, first == nil,
           let latest = measurements.filter({ $0.indicator == key && $0.period.position != nil }).max(by: { ($0.period.position!, $0.recordedOn) < ($1.period.position!, $1.recordedOn) }),
           latest.value == nil {
            return IndicatorAssessment(indicator: key, status: .noData, reason: .latestSuppressed(latest.suppressed ?? .withheld), latest: latest)
        }
        guard let baseline = baseline ?? first.map({ IndicatorValue(value: $0.value!, period: $0.period) }),
              let b = baseline.period.position else { return IndicatorAssessment(indicator: key, status: .noData, reason: .noBaseline) }
        guard let target = indicator.target, let t = target.period.position else {
            return IndicatorAssessment(indicator: key, status: .noData, reason: .noTarget)
        }
        let later = measurements.filter { $0.indicator == key && ($0.period.position ?? -.infinity) > b }
        guard let latest = later.max(by: { ($0.period.position ?? 0, $0.recordedOn) < ($1.period.position ?? 0, $1.recordedOn) }),
              let m = latest.period.position else {
            return IndicatorAssessment(indicator: key, status: .noData, reason: .noMeasurement)
        }
        // A register's small count ("<5") or withheld figure cannot be judged against the target.
        guard let latestValue = latest.value else {
            return IndicatorAssessment(indicator: key, status: .noData, reason: .latestSuppressed(latest.suppressed ?? .withheld), latest: latest)
        }
        let base = baseline.value.double, goal = target.value.double, value = latestValue.double
        let count = isCount(indicator)
        let test = count ? TrendAnalysis.compare(first: base, last: value) : nil
        let direction = indicator.desiredDirection ?? (goal > base ? .increase : goal < base ? .decrease : .maintain)

        if direction == .maintain || goal == base {
            // Keep at the target level (the baseline when they agree).
            let level = direction == .maintain ? goal : base
            let deviation = level == 0 ? abs(value) : abs(value - level) / abs(level)
            let chance = test.map { $0.judgement == .noClearChange || $0.judgement == .tooFewData } ?? false
            let status: TrackStatus, reason: IndicatorStatusReason
            if deviation <= maintainTolerance || chance { (status, reason) = (.onTrack, .maintained) }
            else if deviation <= maintainLimit { (status, reason) = (.needsAttention, .slipping) }
            else { (status, reason) = (.offTrack, .notMaintained) }
            var assessment = IndicatorAssessment(indicator: key, status: status, reason: reason, latest: latest, expected: Decimal(level), test: test)
            assessment.baselineFromFirstMeasurement = fromFirst
            return assessment
        }

        let sign: Double = direction == .increase ? 1 : -1
        let whole = sign * (goal - base)
        let share = t > b ? min(1, max(0, (m - b) / (t - b))) : 1
        let expectedValue = base + (goal - base) * share
        let expectedGain = whole * share
        var gain = sign * (value - base)
        // Chance: a count that did not change beyond chance has not changed at all.
        let withinChance = test.map { $0.judgement == .noClearChange || $0.judgement == .tooFewData } ?? false
        if withinChance { gain = 0 }
        let expected = Decimal(expectedValue)

        func result(_ status: TrackStatus, _ reason: IndicatorStatusReason) -> IndicatorAssessment {
            var assessment = IndicatorAssessment(indicator: key, status: status, reason: reason, latest: latest, expected: expected, test: test)
            assessment.baselineFromFirstMeasurement = fromFirst
            return assessment
        }
        if whole <= 0 {
            // The target lies on the wrong side of the baseline for the stated direction: judge
            // against the target alone.
            return sign * (value - goal) >= 0 ? result(.onTrack, .targetMet) : result(.needsAttention, .behindPath)
        }
        if m >= t {
            let met = sign * (value - goal) >= 0
            if met { return withinChance ? result(.needsAttention, .targetMetWithinChance) : result(.onTrack, .targetMet) }
            return result(.offTrack, .targetMissed)
        }
        if withinChance {
            // Noise is never called progress or decline: at best the path has not asked for a change yet.
            return expectedGain <= pathTolerance * whole
                ? result(.onTrack, .withinChance(expectedChange: false))
                : result(.needsAttention, .withinChance(expectedChange: true))
        }
        if gain >= expectedGain - pathTolerance * whole { return result(.onTrack, .onPath) }
        if gain < 0 || gain < expectedGain - offTrackShare * whole { return result(.offTrack, .farBehindPath) }
        return result(.needsAttention, .behindPath)
    }
}

/// Why a goal has its status.
public enum GoalStatusBasis: Hashable, Sendable {
    /// From its indicators.
    case indicators([IndicatorAssessment])
    /// The goal has no indicator: from the activities and agreements that serve it.
    case activities(total: Int, delayed: Int, dropped: Int, done: Int)
    /// No indicator and no activity.
    case nothing
}

public struct GoalAssessment: Hashable, Sendable {
    public var goal: Key
    public var theme: Key
    public var status: TrackStatus
    public var basis: GoalStatusBasis
    /// The latest explanation recorded for the goal (needed when it is off track).
    public var explanation: ProgressUpdate?

    /// Off track without an explanation recorded since the last figure.
    public var needsExplanation: Bool { status == .offTrack && explanation == nil }
}

extension StatusRules {
    /// A goal without indicators: on track while its work goes to plan; "aandacht nodig" when
    /// any is delayed; off track when half or more is delayed or dropped.
    public static func fromActivities(_ statuses: [ProgressStatus]) -> (TrackStatus, GoalStatusBasis) {
        guard !statuses.isEmpty else { return (.noData, .nothing) }
        let delayed = statuses.filter { $0 == .delayed }.count
        let dropped = statuses.filter { $0 == .dropped }.count
        let done = statuses.filter { $0 == .done }.count
        let basis = GoalStatusBasis.activities(total: statuses.count, delayed: delayed, dropped: dropped, done: done)
        if 2 * (delayed + dropped) >= statuses.count { return (.offTrack, basis) }
        if delayed > 0 || dropped > 0 { return (.needsAttention, basis) }
        return (.onTrack, basis)
    }
}

extension Decimal {
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}

extension PlannedPeriod {
    /// The middle of the period in years (2022 → 2022.5, 2022-Q1 → 2022.125), for paths over
    /// time; nil for ongoing, recurring and open-ended work.
    public var position: Double? {
        switch self {
        case .year(let y): Double(y) + 0.5
        case .years(let range): (Double(range.first) + Double(range.last) + 1) / 2
        case .quarter(let q): Double(q.year) + (Double(q.quarter) - 0.5) / 4
        case .quarters(let a, let b):
            ((Double(a.year) + Double(a.quarter - 1) / 4) + (Double(b.year) + Double(b.quarter) / 4)) / 2
        case .ongoing, .recurring, .openStart: nil
        }
    }
}

extension CalendarDate {
    /// Whole months from this date to `later` (negative when `later` is earlier): 2026-01-31 to
    /// 2026-02-28 is 0 months, to 2026-03-01 is 1.
    public func months(until later: CalendarDate) -> Int {
        var months = (later.year - year) * 12 + (later.month - month)
        if later.day < day { months -= 1 }
        return months
    }

    /// Today in the Netherlands.
    public static func today(_ now: Date = Date()) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
