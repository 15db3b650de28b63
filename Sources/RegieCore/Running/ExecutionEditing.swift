import Foundation

/// Why a change to the running plan was refused; RegieReports words each case in Dutch.
public enum ExecutionRefusal: Error, Hashable, Sendable {
    case unknownSubject
    /// The account may not update this activity (it is led by another organisation).
    case notAllowed
    case statusMissing
    /// "Vertraagd", "vervallen" or a goal going off track needs the story behind it.
    case explanationRequired(ProgressStatus?)
    case dateInFuture
    case dateBeforePlan(Int)
    case negativeAmount(field: String)
    case notPending
    case rejectionReasonMissing
    case ownUpdate
    // Measurements
    case unknownIndicator
    case periodNotMeasurable
    case periodInFuture
    case periodBeforeBaseline
    case notWholeCount
    case negativeValue
    case percentageOutOfRange
    case gradeOutOfRange
    /// No number, and not a register's "<5" or "×" (only a register publishes those).
    case valueMissing
    // Programmes
    case programmePeriodOutsidePlan
    case programmeTooLong
    case programmeFrozen
    case programmeNotFound
    case memberUnknown(MunicipalityCode)
    case coProducerIsMember(MunicipalityCode)
    case adoptionMissing
    case unknownTheme(Key)
    case unknownAgreement(Key)
    case unknownPartner(Key)
    case unknownGoal(Key)
    case activityKeyTaken(Key)
    case planNotAdopted
}

/// Who makes a change, as the rules need it.
public struct ExecutionActor: Hashable, Sendable {
    public var name: String
    /// The partner organisation(s) of the plan the account speaks for; nil for the municipality.
    public var partners: Set<Key>?
    public var permissions: PlanPermissions

    public init(name: String, partners: Set<Key>?, permissions: PlanPermissions) {
        self.name = name
        self.partners = partners
        self.permissions = permissions
    }

    public var isPartner: Bool { partners != nil }
}

/// What an owner types for an update.
public struct ProgressInput: Hashable, Sendable {
    public var subject: ProgressSubject
    public var date: CalendarDate
    public var status: ProgressStatus?
    public var note: Prose
    public var hoursSpent: Decimal?
    public var eurosSpent: Decimal?

    public init(subject: ProgressSubject, date: CalendarDate, status: ProgressStatus?, note: Prose,
                hoursSpent: Decimal? = nil, eurosSpent: Decimal? = nil) {
        self.subject = subject
        self.date = date
        self.status = status
        self.note = note
        self.hoursSpent = hoursSpent
        self.eurosSpent = eurosSpent
    }
}

extension Plan {
    /// The partner that leads what `subject` names, and whether it exists to be updated.
    public func leader(of subject: ProgressSubject) -> (exists: Bool, partner: Key?) {
        switch subject {
        case .activity(let programme, let activity):
            guard let p = execution.programme(programme), p.isFrozen, let a = p.activity(activity) else { return (false, nil) }
            return (true, a.owner?.partner)
        case .agreement(let key):
            guard let found = action(key), !found.action.isExample else { return (false, nil) }
            return (true, found.action.owner)
        case .goal(let key): return (goal(key) != nil, nil)
        case .indicator(let key): return (indicator(key) != nil, nil)
        }
    }

    /// Adds an update after the rules (docs/status-rules.md, "Voortgang"): returns the stored
    /// update, or every reason it was refused.
    public mutating func record(_ input: ProgressInput, by actor: ExecutionActor, today: CalendarDate) -> Result<ProgressUpdate, ExecutionRefusals> {
        var refusals: [ExecutionRefusal] = []
        let (exists, leader) = leader(of: input.subject)
        guard exists else { return .failure(ExecutionRefusals([.unknownSubject])) }
        switch input.subject {
        case .activity, .agreement:
            guard actor.permissions.mayUpdateProgress(ofActionLedBy: leader) else { return .failure(ExecutionRefusals([.notAllowed])) }
            if input.status == nil { refusals.append(.statusMissing) }
            if let status = input.status, status.needsExplanation, input.note.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                refusals.append(.explanationRequired(status))
            }
        case .goal, .indicator:
            // The story behind the figures is the municipality's to tell.
            guard actor.permissions.updateProgress, !actor.isPartner else { return .failure(ExecutionRefusals([.notAllowed])) }
            if input.note.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { refusals.append(.explanationRequired(nil)) }
        }
        if input.date > today { refusals.append(.dateInFuture) }
        if input.date.year < period.first - 1 { refusals.append(.dateBeforePlan(period.first)) }
        if let hours = input.hoursSpent, hours < 0 { refusals.append(.negativeAmount(field: "uren")) }
        if let euros = input.eurosSpent, euros < 0 { refusals.append(.negativeAmount(field: "euro")) }
        guard refusals.isEmpty else { return .failure(ExecutionRefusals(refusals)) }
        let review: ReviewState = actor.isPartner && execution.settings.partnerUpdatesNeedApproval ? .pending : .notRequired
        let update = ProgressUpdate(number: execution.nextUpdateNumber, subject: input.subject, date: input.date, status: input.status,
                                    note: input.note, hoursSpent: input.hoursSpent, eurosSpent: input.eurosSpent,
                                    author: actor.name, organisation: actor.partners.flatMap { own in leader.flatMap { own.contains($0) ? $0 : nil } ?? own.min() },
                                    review: review)
        execution.updates.append(update)
        return .success(update)
    }

    /// Approves or rejects a partner's update that waits. Only the plan's officers review, and
    /// not their own update.
    public mutating func review(update number: Int, approve: Bool, reason: String, by actor: ExecutionActor,
                                today: CalendarDate) -> Result<ProgressUpdate, ExecutionRefusals> {
        guard actor.permissions.manageStatus, !actor.isPartner else { return .failure(ExecutionRefusals([.notAllowed])) }
        guard let i = execution.updates.firstIndex(where: { $0.number == number }) else { return .failure(ExecutionRefusals([.unknownSubject])) }
        guard execution.updates[i].review.isPending else { return .failure(ExecutionRefusals([.notPending])) }
        if execution.updates[i].author == actor.name { return .failure(ExecutionRefusals([.ownUpdate])) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve, reason.isEmpty { return .failure(ExecutionRefusals([.rejectionReasonMissing])) }
        execution.updates[i].review = approve ? .approved(by: actor.name, on: today) : .rejected(by: actor.name, on: today, reason: reason)
        return .success(execution.updates[i])
    }

    /// Checks a measurement against its indicator: a moment of measuring, not in the future, not
    /// before the baseline, and a value that fits the unit.
    public func refusals(for measurement: MeasuredValue, today: CalendarDate) -> [ExecutionRefusal] {
        guard let (theme, indicator) = indicator(measurement.indicator) else { return [.unknownIndicator] }
        var refusals: [ExecutionRefusal] = []
        if measurement.period.position == nil || !measurement.period.isMeasurable { refusals.append(.periodNotMeasurable) }
        else if let years = measurement.period.years {
            if years.upperBound > today.year { refusals.append(.periodInFuture) }
            else if case .quarter(let q) = measurement.period, q.lastDay.map({ $0 > today }) == true { refusals.append(.periodInFuture) }
            if let base = baseline(of: indicator, in: theme)?.period.years, years.upperBound < base.lowerBound { refusals.append(.periodBeforeBaseline) }
        }
        let unit = (indicator.unit ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        // A register's "<5" or "×" has no number to check; the register published it so.
        guard let value = measurement.value else {
            if case .register = measurement.origin, measurement.suppressed != nil {} else { refusals.append(.valueMissing) }
            return refusals
        }
        if StatusRules.isCount(indicator) {
            if value < 0 { refusals.append(.negativeValue) }
            else if value != value.rounded { refusals.append(.notWholeCount) }
        } else if unit.hasPrefix("%") || unit.hasPrefix("procent") {
            if value < 0 || value > 100 { refusals.append(.percentageOutOfRange) }
        } else if unit.hasPrefix("rapportcijfer") || unit == "cijfer" {
            if value < 1 || value > 10 { refusals.append(.gradeOutOfRange) }
        } else if value < 0 && indicator.baseline.map({ $0.value >= 0 }) ?? true {
            refusals.append(.negativeValue)
        }
        return refusals
    }

    /// Adds a measurement. When it puts the indicator (or its goal) off track, `explanation`
    /// must tell the story behind the figure; it is kept as an update of the goal.
    public mutating func add(_ measurement: MeasuredValue, explanation: Prose, by actor: ExecutionActor,
                             today: CalendarDate) -> Result<IndicatorAssessment, ExecutionRefusals> {
        guard actor.permissions.updateProgress, !actor.isPartner else { return .failure(ExecutionRefusals([.notAllowed])) }
        let problems = refusals(for: measurement, today: today)
        guard problems.isEmpty else { return .failure(ExecutionRefusals(problems)) }
        var trial = self
        trial.execution.measurements.append(measurement)
        let (theme, indicator) = trial.indicator(measurement.indicator)!
        let assessment = StatusRules.assess(indicator, baseline: trial.baseline(of: indicator, in: theme),
                                            measurements: trial.execution.measurements(of: indicator.key))
        let explained = !explanation.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if assessment.status == .offTrack, !explained { return .failure(ExecutionRefusals([.explanationRequired(nil)])) }
        self = trial
        if explained {
            let goal = indicator.goal ?? (theme.goals.count == 1 ? theme.goals[0].key : nil)
            let subject: ProgressSubject = goal.map { .goal($0) } ?? .indicator(indicator.key)
            execution.updates.append(ProgressUpdate(number: execution.nextUpdateNumber, subject: subject, date: today, status: nil,
                                                    note: explanation, author: actor.name))
        }
        return .success(assessment)
    }
}

/// Every reason a change was refused, in the order found.
public struct ExecutionRefusals: Error, Hashable, Sendable {
    public var reasons: [ExecutionRefusal]
    public init(_ reasons: [ExecutionRefusal]) { self.reasons = reasons }
}

// MARK: Programmes

extension Plan {
    /// The themes a programme covers: a member's programme its local chapter, otherwise the
    /// common themes (and, for a single municipality, every theme).
    public func themes(forProgrammeOf member: MunicipalityCode?) -> [Theme] {
        guard let member else { return themes }
        return localChapter(for: member)?.themes ?? []
    }

    /// A new programme whose activities are the plan's agreements of the themes it covers,
    /// each keeping the link to its agreement.
    public func draftProgramme(key: Key, title: String, period: YearRange, municipality: MunicipalityCode?,
                               coProducers: [Municipality] = []) -> ImplementationProgramme {
        var activities: [ProgrammeActivity] = []
        for theme in themes(forProgrammeOf: municipality) {
            for action in theme.allActions where !action.isExample {
                guard action.planning.map({ period.overlaps($0) || $0.years == nil }) ?? true else { continue }
                activities.append(ProgrammeActivity(key: action.key, theme: theme.key, agreement: action.key,
                                                    description: action.description, expectedOutput: action.expectedResult,
                                                    owner: ActivityOwner(partner: action.owner, role: action.ownerRole),
                                                    partners: action.partners, planning: action.planning, goal: action.goal,
                                                    phases: action.phases))
            }
        }
        return ImplementationProgramme(key: key, title: title, period: period, municipality: municipality,
                                       coProducers: coProducers, activities: activities)
    }

    /// The next programme: a copy of `previous` for `period`, with its unfinished activities
    /// carried over (and marked so) and its finished ones left behind.
    public func followUp(of previous: ImplementationProgramme, key: Key, title: String, period: YearRange,
                         today: CalendarDate) -> ImplementationProgramme {
        let progress = PlanProgress(self, today: today)
        let activities = previous.activities.compactMap { activity -> ProgrammeActivity? in
            let status = progress.item(.activity(programme: previous.key, activity: activity.key))?.status
                ?? execution.updates(of: .activity(programme: previous.key, activity: activity.key)).last(where: \.counts)?.status
                ?? .notStarted
            guard !status.isFinal else { return nil }
            var copy = activity
            copy.carriedOverFrom = previous.key
            return copy
        }
        return ImplementationProgramme(key: key, title: title, period: period, municipality: previous.municipality,
                                       coProducers: previous.coProducers, introduction: previous.introduction,
                                       follows: previous.key, activities: activities)
    }

    /// What is wrong with `programme` as part of this plan.
    public func refusals(for programme: ImplementationProgramme) -> [ExecutionRefusal] {
        var refusals: [ExecutionRefusal] = []
        if !period.years.contains(programme.period.first) || !period.years.contains(programme.period.last) {
            refusals.append(.programmePeriodOutsidePlan)
        }
        if programme.period.last - programme.period.first + 1 > ImplementationProgramme.maximumYears { refusals.append(.programmeTooLong) }
        let members = Set(owner.municipalities.map(\.code))
        if let member = programme.municipality, !members.contains(member) { refusals.append(.memberUnknown(member)) }
        for neighbour in programme.coProducers where members.contains(neighbour.code) { refusals.append(.coProducerIsMember(neighbour.code)) }
        if programme.status == .adopted, programme.adoption == nil { refusals.append(.adoptionMissing) }
        var seen = Set<Key>()
        let partnerKeys = Set(partners.map(\.key))
        for activity in programme.activities {
            if !seen.insert(activity.key).inserted { refusals.append(.activityKeyTaken(activity.key)) }
            if theme(activity.theme) == nil { refusals.append(.unknownTheme(activity.theme)) }
            if let agreement = activity.agreement, action(agreement) == nil { refusals.append(.unknownAgreement(agreement)) }
            for partner in (activity.owner?.partner.map { [$0] } ?? []) + activity.partners where !partnerKeys.contains(partner) {
                refusals.append(.unknownPartner(partner))
            }
            if let goal = activity.goal, self.goal(goal) == nil { refusals.append(.unknownGoal(goal)) }
            if let budget = activity.budget, budget < 0 { refusals.append(.negativeAmount(field: "budget")) }
            if let hours = activity.hours, hours < 0 { refusals.append(.negativeAmount(field: "uren")) }
        }
        return refusals
    }

    /// The programmes a member municipality works with: the shared one(s) and its own.
    public func programmes(for member: MunicipalityCode?) -> [ImplementationProgramme] {
        execution.programmes.filter { $0.municipality == nil || $0.municipality == member }
    }
}

extension Decimal {
    var rounded: Decimal {
        var value = self, result = Decimal()
        NSDecimalRound(&result, &value, 0, .plain)
        return result
    }
}
