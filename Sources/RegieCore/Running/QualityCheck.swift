import Foundation

/// One gap in the chain from figures to priorities, goals, indicators and work (kwaliteitstoets).
public struct CheckGap: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A priority backed neither by figures from the analysis nor by a stated reason.
        case priorityWithoutFigures
        /// A goal without an indicator and without a reason why it is qualitative.
        case goalWithoutIndicator
        case indicatorWithoutBaseline
        case indicatorWithoutSource
        case indicatorWithoutTarget
        case agreementWithoutOwner
        case agreementWithoutPlanning
        case activityWithoutOwner
        case activityWithoutPlanning
        /// Activities of a theme budget more money than the plan's budget lines for it hold
        /// (`needed`, `covered` in euros); `covered` is 0 when no line names the theme.
        case budgetNotCovered(needed: Decimal, covered: Decimal)
    }

    public var kind: Kind
    /// The theme the gap is in.
    public var theme: Key
    /// What readers call the part: the goal's title, the indicator's name, the agreement's description.
    public var title: String
    /// Where to close it.
    public var place: Place
    /// The reason the officer may give instead of closing it, when the check accepts one.
    public var reasonSubject: CheckSubject?

    public enum Place: Hashable, Sendable {
        case theme(Key)
        case goal(theme: Key, goal: Key)
        case item(PlanItem)
        case activity(programme: Key, activity: Key)
        case budget
    }
}

/// The quality check: before consultation, before adoption, and on demand.
public enum QualityCheck {
    public static func gaps(in plan: Plan) -> [CheckGap] {
        var gaps: [CheckGap] = []
        let reasons = plan.execution
        for theme in plan.allThemes {
            if theme.role == .priority {
                let figures = !(theme.analysis?.series ?? []).isEmpty || !theme.figures.isEmpty
                    || theme.indicators.contains { $0.series != nil || $0.baselineFigure != nil }
                let subject = CheckSubject.priorityWithoutFigures(theme: theme.key)
                if !figures, reasons.reason(for: subject) == nil {
                    gaps.append(CheckGap(kind: .priorityWithoutFigures, theme: theme.key, title: theme.title,
                                         place: .theme(theme.key), reasonSubject: subject))
                }
            }
            for goal in theme.goals {
                let measured = theme.indicators.contains { $0.goal == goal.key || ($0.goal == nil && theme.goals.count == 1) }
                let subject = CheckSubject.qualitativeGoal(goal.key)
                if !measured, reasons.reason(for: subject) == nil {
                    gaps.append(CheckGap(kind: .goalWithoutIndicator, theme: theme.key, title: goal.title,
                                         place: .goal(theme: theme.key, goal: goal.key), reasonSubject: subject))
                }
            }
            for indicator in theme.indicators {
                let place = CheckGap.Place.item(.indicator(theme: theme.key, indicator: indicator.key))
                if plan.baseline(of: indicator, in: theme) == nil {
                    gaps.append(CheckGap(kind: .indicatorWithoutBaseline, theme: theme.key, title: indicator.name, place: place))
                }
                if (indicator.source ?? "").trimmingCharacters(in: .whitespaces).isEmpty, indicator.series == nil {
                    gaps.append(CheckGap(kind: .indicatorWithoutSource, theme: theme.key, title: indicator.name, place: place))
                }
                if indicator.target == nil {
                    gaps.append(CheckGap(kind: .indicatorWithoutTarget, theme: theme.key, title: indicator.name, place: place))
                }
            }
            let tracks = theme.tracks.flatMap { track in track.actions.map { ($0, Optional(track.key)) } }
            for (action, track) in theme.actions.map({ ($0, Key?.none) }) + tracks where !action.isExample {
                let place = CheckGap.Place.item(.action(theme: theme.key, track: track, action: action.key))
                if action.owner == nil, (action.ownerRole ?? "").isEmpty {
                    gaps.append(CheckGap(kind: .agreementWithoutOwner, theme: theme.key, title: action.description, place: place))
                }
                if action.planning == nil {
                    gaps.append(CheckGap(kind: .agreementWithoutPlanning, theme: theme.key, title: action.description, place: place))
                }
            }
        }
        for programme in plan.execution.programmes {
            var needed: [Key: Decimal] = [:]
            for activity in programme.activities {
                let place = CheckGap.Place.activity(programme: programme.key, activity: activity.key)
                if activity.owner == nil {
                    gaps.append(CheckGap(kind: .activityWithoutOwner, theme: activity.theme, title: activity.description, place: place))
                }
                if activity.planning == nil {
                    gaps.append(CheckGap(kind: .activityWithoutPlanning, theme: activity.theme, title: activity.description, place: place))
                }
                if let budget = activity.budget, budget > 0 { needed[activity.theme, default: 0] += budget }
            }
            for (theme, amount) in needed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let covered = covered(theme, in: plan, years: programme.period)
                if covered < amount {
                    gaps.append(CheckGap(kind: .budgetNotCovered(needed: amount, covered: covered), theme: theme,
                                         title: plan.theme(theme)?.title ?? theme.rawValue, place: .budget))
                }
            }
        }
        return gaps
    }

    /// The euros the plan's budget lines hold for `theme` over `years`: lines naming the theme
    /// or one of its agreements; a yearly line counts once per year. Per-inhabitant lines need
    /// the inhabitants of the owner and count only when those are known.
    static func covered(_ theme: Key, in plan: Plan, years: YearRange) -> Decimal {
        let agreements = Set(plan.theme(theme)?.allActions.map(\.key) ?? [])
        var total: Decimal = 0
        let inhabitants = plan.owner.municipalities.reduce(Optional(0)) { sum, m in sum.flatMap { s in m.inhabitants.map { s + $0 } } }
        for line in plan.finances.lines where line.theme == theme || !agreements.isDisjoint(with: line.actions) {
            guard var amount = line.amount else { continue }
            if line.basis == .perInhabitant {
                guard let inhabitants else { continue }
                amount *= Decimal(inhabitants)
            }
            if let year = line.year {
                if years.years.contains(year) { total += amount }
            } else {
                total += line.recurrence == .yearly ? amount * Decimal(years.last - years.first + 1) : amount
            }
        }
        return total
    }

    /// Whether a status step is checked: to consultation, to the council and to adoption.
    public static func checks(step to: PlanStatus) -> Bool {
        to == .consultation || to == .offeredToCouncil || to == .adopted
    }
}
