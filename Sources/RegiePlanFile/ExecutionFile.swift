import Foundation
import RegieCore
import Yams

// The plan file's `uitvoering` part: settings, programmes, progress updates, measurements and
// the reasons given in the quality check (docs/plan-format.md, "Uitvoering").

extension PlanDecoding {
    static func execution(_ r: MappingReader) -> PlanExecution? {
        let settings = r.object(.executionSettings, executionSettings) ?? ExecutionSettings()
        let programmes = r.objects(.programmes, programme)
        let updates = r.objects(.progressUpdates, progressUpdate)
        let measurements = r.objects(.measurements, measurement)
        let reasons = r.objects(.checkReasons, checkReason)
        return PlanExecution(settings: settings, programmes: programmes, updates: updates, measurements: measurements,
                             checkReasons: reasons)
    }

    static func months(_ text: String) -> Result<Int, ParseProblem> {
        if let n = Int(text), ExecutionSettings.monthsAllowed.contains(n) { return .success(n) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen aantal maanden van \(ExecutionSettings.monthsAllowed.lowerBound) tot en met \(ExecutionSettings.monthsAllowed.upperBound)"))
    }

    static func executionSettings(_ r: MappingReader) -> ExecutionSettings? {
        ExecutionSettings(staleAfterMonths: r.parsed(.staleAfterMonths, months) ?? ExecutionSettings.defaultStaleAfterMonths,
                          indicatorIntervalMonths: r.parsed(.indicatorInterval, months) ?? ExecutionSettings.defaultIndicatorIntervalMonths,
                          partnerUpdatesNeedApproval: r.parsed(.partnerApproval, Parse.choice(Vocabulary.yesNo)) ?? false,
                          qualityCheckBlocks: r.parsed(.checkBlocks, Parse.choice(Vocabulary.yesNo)) ?? false)
    }

    static func programme(_ r: MappingReader) -> ImplementationProgramme? {
        let key = r.parsed(.key, required: true, Parse.key)
        let title = r.string(.title, required: true)
        let period = r.parsed(.period, required: true, Parse.yearRange)
        let municipality = r.parsed(.programmeMunicipality, Parse.municipalityCode)
        let coProducers = r.objects(.coProducers, self.municipality)
        let introduction = r.prose(.introduction)
        let status = r.parsed(.status, Parse.choice(Vocabulary.programmeStatuses)) ?? .draft
        let adoption = r.object(.programmeAdoption, programmeAdoption)
        let follows = r.parsed(.follows, Parse.key)
        let activities = r.objects(.activities, activity)
        guard let key, let title, let period else { return nil }
        if status == .adopted, adoption == nil {
            r.log.report(r.path + [.field(.programmeAdoption)], r.mark, "ontbreekt; een vastgesteld programma noemt het besluit (orgaan en datum)")
        }
        return ImplementationProgramme(key: key, title: title, period: period, municipality: municipality, coProducers: coProducers,
                                       introduction: introduction, status: status, adoption: adoption, follows: follows,
                                       activities: activities)
    }

    static func programmeAdoption(_ r: MappingReader) -> ProgrammeAdoption? {
        let body = r.parsed(.body, required: true, Parse.choice(Vocabulary.programmeBodies))
        let date = r.parsed(.date, required: true, Parse.date)
        let number = r.string(.decisionNumber)
        guard let body, let date else { return nil }
        return ProgrammeAdoption(body: body, date: date, decisionNumber: number)
    }

    static func activity(_ r: MappingReader) -> ProgrammeActivity? {
        let key = r.parsed(.key, required: true, Parse.key)
        let theme = r.parsed(.theme, required: true, Parse.key)
        let agreement = r.parsed(.agreement, Parse.key)
        let description = r.string(.description, required: true)
        let output = r.prose(.expectedOutput)
        let partner = r.parsed(.partnerOwner, Parse.key)
        let role = r.string(.ownerRole)
        let partners = r.values(.actionPartners, Parse.key)
        let planning = r.parsed(.planning, Parse.period)
        let budget = r.parsed(.budget, Parse.decimal)
        let hours = r.parsed(.hours, Parse.decimal)
        let goal = r.parsed(.goal, Parse.key)
        let indicator = r.parsed(.indicator, Parse.key)
        let phases = r.values(.phases, Parse.choice(Vocabulary.phases))
        let carried = r.parsed(.carriedOverFrom, Parse.key)
        guard let key, let theme, let description else { return nil }
        return ProgrammeActivity(key: key, theme: theme, agreement: agreement, description: description, expectedOutput: output,
                                 owner: ActivityOwner(partner: partner, role: role), partners: partners, planning: planning,
                                 budget: budget, hours: hours, goal: goal, indicator: indicator, phases: phases, carriedOverFrom: carried)
    }

    /// `programma/activiteit`: the programme's key and the activity's.
    static func activityReference(_ text: String) -> Result<(Key, Key), ParseProblem> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let programme = Key(parts[0]), let activity = Key(parts[1]) { return .success((programme, activity)) }
        return .failure(ParseProblem(message: "\"\(text)\" is geen activiteit; schrijf de sleutel van het programma en die van de activiteit, bijv. uitvoering-2024/keurmerk-winkelgebied"))
    }

    static func progressUpdate(_ r: MappingReader) -> ProgressUpdate? {
        let number = r.parsed(.number, required: true, Parse.integer)
        var subjects: [ProgressSubject] = []
        if let (p, a) = r.parsed(.activity, activityReference) { subjects.append(.activity(programme: p, activity: a)) }
        if let key = r.parsed(.agreement, Parse.key) { subjects.append(.agreement(key)) }
        if let key = r.parsed(.goal, Parse.key) { subjects.append(.goal(key)) }
        if let key = r.parsed(.indicator, Parse.key) { subjects.append(.indicator(key)) }
        let date = r.parsed(.date, required: true, Parse.date)
        let status = r.parsed(.status, Parse.choice(Vocabulary.progressStatuses))
        let note = r.prose(.explanation)
        let hours = r.parsed(.hoursSpent, Parse.decimal)
        let euros = r.parsed(.eurosSpent, Parse.decimal)
        let author = r.string(.author) ?? ""
        let organisation = r.parsed(.organisation, Parse.key)
        let reviewKind = r.parsed(.review, Parse.choice(Vocabulary.reviewKinds)) ?? "notRequired"
        let reviewedBy = r.string(.reviewedBy) ?? ""
        let reviewedOn = r.parsed(.reviewedOn, Parse.date)
        let reason = r.string(.reviewReason) ?? ""
        if subjects.count != 1 {
            r.log.report(r.path, r.mark, "noem precies één van \"activiteit\", \"afspraak\", \"doel\" of \"indicator\"")
        }
        guard let number, let date, subjects.count == 1 else { return nil }
        let review: ReviewState
        switch reviewKind {
        case "pending": review = .pending
        case "approved", "rejected":
            guard let reviewedOn else {
                r.log.report(r.path + [.field(.reviewedOn)], r.mark, "ontbreekt; een beoordeelde update noemt de datum van de beoordeling")
                return nil
            }
            review = reviewKind == "approved" ? .approved(by: reviewedBy, on: reviewedOn) : .rejected(by: reviewedBy, on: reviewedOn, reason: reason)
        default: review = .notRequired
        }
        return ProgressUpdate(number: number, subject: subjects[0], date: date, status: status, note: note, hoursSpent: hours,
                              eurosSpent: euros, author: author, organisation: organisation, review: review)
    }

    static func measurement(_ r: MappingReader) -> MeasuredValue? {
        let indicator = r.parsed(.indicator, required: true, Parse.key)
        let origin = r.parsed(.origin, Parse.choice(Vocabulary.origins)) ?? "planFile"
        // Only a register's count may read "<5" or "×" instead of a number.
        let fromRegister = origin == "register"
        enum Figure { case number(Decimal), mark(SuppressionMark) }
        let figure: Figure? = r.parsed(.value, required: true) { text in
            guard fromRegister else { return Parse.decimal(text).map { .number($0) } }
            if let mark = SuppressionMark(rawValue: text) { return .success(.mark(mark)) }
            if case .success(let number) = Parse.decimal(text) { return .success(.number(number)) }
            return .failure(ParseProblem(message: "\"\(text)\" is geen aantal uit een register: een getal, of <5 of × voor een aantal dat niet getoond wordt"))
        }
        let period = r.parsed(.period, required: true, Parse.measuredPeriod)
        let source = r.string(.source)
        let figureDate = r.parsed(.figureDate, Parse.date)
        let recordedOn = r.parsed(.recordedOn, required: true, Parse.date)
        let author = r.string(.author) ?? ""
        let table = r.string(.originTable) ?? ""
        let register = fromRegister ? r.parsed(.indicatorRegister, required: true, Parse.choice(Vocabulary.registerKinds)) : nil
        guard let indicator, let figure, let period, let recordedOn, !fromRegister || register != nil else { return nil }
        let kept: MeasurementOrigin = switch origin {
        case "typed": .typed(by: author)
        case "openData": .openData(table: table)
        case "register": .register(register!)
        default: .planFile
        }
        switch figure {
        case .number(let value):
            return MeasuredValue(indicator: indicator, value: value, period: period, source: source, figureDate: figureDate,
                                 recordedOn: recordedOn, origin: kept)
        case .mark(let mark):
            return MeasuredValue(indicator: indicator, suppressed: mark, period: period, source: source, recordedOn: recordedOn, origin: kept)
        }
    }

    static func checkReason(_ r: MappingReader) -> CheckReason? {
        let kind = r.parsed(.checkSubject, required: true, Parse.choice(Vocabulary.checkSubjects))
        let key = r.parsed(.key, required: true, Parse.key)
        let text = r.string(.text, required: true)
        let by = r.string(.author) ?? ""
        let date = r.parsed(.date, required: true, Parse.date)
        guard let kind, let key, let text, let date else { return nil }
        let subject: CheckSubject = kind == "priority" ? .priorityWithoutFigures(theme: key) : .qualitativeGoal(key)
        return CheckReason(subject: subject, text: text, by: by, on: date)
    }

    /// References from the running part into the plan, checked once the whole plan is read.
    static func checkReferences(_ plan: Plan, log: ProblemLog) {
        let base: PlanPath = [.field(.execution)]
        let execution = plan.execution
        let partnerKeys = Set(plan.partners.map(\.key))
        var programmeKeys = Set<Key>()
        for (p, programme) in execution.programmes.enumerated() {
            let path = base + [.field(.programmes), .index(p)]
            if !programmeKeys.insert(programme.key).inserted {
                log.report(path + [.field(.key)], nil, "de sleutel \"\(programme.key.rawValue)\" komt al voor bij een ander programma")
            }
            if !plan.period.years.contains(programme.period.first) || !plan.period.years.contains(programme.period.last) {
                log.report(path + [.field(.period)], nil, "\(programme.period) valt buiten de planperiode \(plan.period)")
            } else if programme.period.last - programme.period.first + 1 > ImplementationProgramme.maximumYears {
                log.report(path + [.field(.period)], nil, "een programma beslaat één of twee jaar, niet \(programme.period)")
            }
            if let member = programme.municipality, !plan.owner.municipalities.contains(where: { $0.code == member }) {
                log.report(path + [.field(.programmeMunicipality)], nil, "\(member.rawValue) is geen gemeente van dit plan")
            }
            var activityKeys = Set<Key>()
            for (a, activity) in programme.activities.enumerated() {
                let at = path + [.field(.activities), .index(a)]
                if !activityKeys.insert(activity.key).inserted {
                    log.report(at + [.field(.key)], nil, "de sleutel \"\(activity.key.rawValue)\" komt al voor in dit programma")
                }
                if plan.theme(activity.theme) == nil { log.report(at + [.field(.theme)], nil, "het plan heeft geen thema \"\(activity.theme.rawValue)\"") }
                if let agreement = activity.agreement, plan.action(agreement) == nil {
                    log.report(at + [.field(.agreement)], nil, "het plan heeft geen afspraak \"\(agreement.rawValue)\"")
                }
                if let partner = activity.owner?.partner, !partnerKeys.contains(partner) {
                    log.report(at + [.field(.partnerOwner)], nil, "het plan heeft geen partner \"\(partner.rawValue)\"")
                }
                for partner in activity.partners where !partnerKeys.contains(partner) {
                    log.report(at + [.field(.actionPartners)], nil, "het plan heeft geen partner \"\(partner.rawValue)\"")
                }
                if let goal = activity.goal, plan.goal(goal) == nil { log.report(at + [.field(.goal)], nil, "het plan heeft geen doel \"\(goal.rawValue)\"") }
                if let indicator = activity.indicator, plan.indicator(indicator) == nil {
                    log.report(at + [.field(.indicator)], nil, "het plan heeft geen indicator \"\(indicator.rawValue)\"")
                }
            }
        }
        var numbers = Set<Int>()
        for (u, update) in execution.updates.enumerated() {
            let path = base + [.field(.progressUpdates), .index(u)]
            if !numbers.insert(update.number).inserted { log.report(path + [.field(.number)], nil, "het nummer \(update.number) komt al voor") }
            if !plan.leader(ofAnySubject: update.subject) {
                log.report(path, nil, "de update gaat over iets dat niet in het plan staat (\(describe(update.subject)))")
            }
            if let status = update.status, status.needsExplanation, update.note.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                log.report(path + [.field(.explanation)], nil, "ontbreekt; bij \"\(Vocabulary.spelling(status, in: Vocabulary.progressStatuses))\" hoort een toelichting")
            }
        }
        for (m, measurement) in execution.measurements.enumerated() where plan.indicator(measurement.indicator) == nil {
            log.report(base + [.field(.measurements), .index(m), .field(.indicator)], nil, "het plan heeft geen indicator \"\(measurement.indicator.rawValue)\"")
        }
    }

    static func describe(_ subject: ProgressSubject) -> String {
        switch subject {
        case .activity(let p, let a): "activiteit \(p.rawValue)/\(a.rawValue)"
        case .agreement(let key): "afspraak \(key.rawValue)"
        case .goal(let key): "doel \(key.rawValue)"
        case .indicator(let key): "indicator \(key.rawValue)"
        }
    }
}

extension Plan {
    /// Whether the subject exists at all, adopted programme or not (a plan file may hold drafts).
    func leader(ofAnySubject subject: ProgressSubject) -> Bool {
        switch subject {
        case .activity(let p, let a): execution.programme(p)?.activity(a) != nil
        case .agreement(let key): action(key) != nil
        case .goal(let key): goal(key) != nil
        case .indicator(let key): indicator(key) != nil
        }
    }
}

extension PlanEncoding {
    static func decimal(_ value: Decimal?) -> String? { value.map { NSDecimalNumber(decimal: $0).stringValue } }

    static func execution(_ execution: PlanExecution) -> Node? {
        guard !execution.isEmpty else { return nil }
        var m = MappingBuilder()
        let s = execution.settings
        if s != ExecutionSettings() {
            var settings = MappingBuilder()
            settings.set(.staleAfterMonths, String(s.staleAfterMonths))
            settings.set(.indicatorInterval, String(s.indicatorIntervalMonths))
            settings.set(.partnerApproval, s.partnerUpdatesNeedApproval, in: Vocabulary.yesNo)
            settings.set(.checkBlocks, s.qualityCheckBlocks, in: Vocabulary.yesNo)
            m.set(.executionSettings, settings.node)
        }
        m.set(.programmes, execution.programmes, programme)
        m.set(.progressUpdates, execution.updates, progressUpdate)
        m.set(.measurements, execution.measurements, measurement)
        m.set(.checkReasons, execution.checkReasons, checkReason)
        return m.node
    }

    static func programme(_ programme: ImplementationProgramme) -> Node {
        var m = MappingBuilder()
        m.set(.key, programme.key.rawValue)
        m.set(.title, programme.title)
        m.set(.period, programme.period.description)
        m.set(.programmeMunicipality, programme.municipality?.rawValue)
        m.set(.coProducers, programme.coProducers, municipality)
        m.set(.introduction, programme.introduction)
        m.set(.status, programme.status, in: Vocabulary.programmeStatuses)
        if let adoption = programme.adoption {
            var a = MappingBuilder()
            a.set(.body, adoption.body, in: Vocabulary.programmeBodies)
            a.set(.date, adoption.date.description)
            a.set(.decisionNumber, adoption.decisionNumber)
            m.set(.programmeAdoption, a.node)
        }
        m.set(.follows, programme.follows?.rawValue)
        m.set(.activities, programme.activities, activity)
        return m.node
    }

    static func activity(_ activity: ProgrammeActivity) -> Node {
        var m = MappingBuilder()
        m.set(.key, activity.key.rawValue)
        m.set(.theme, activity.theme.rawValue)
        m.set(.agreement, activity.agreement?.rawValue)
        m.set(.description, activity.description)
        m.set(.expectedOutput, activity.expectedOutput)
        m.set(.partnerOwner, activity.owner?.partner?.rawValue)
        m.set(.ownerRole, activity.owner?.role)
        m.set(.actionPartners, keys: activity.partners)
        m.set(.planning, activity.planning?.description)
        m.set(.budget, decimal(activity.budget))
        m.set(.hours, decimal(activity.hours))
        m.set(.goal, activity.goal?.rawValue)
        m.set(.indicator, activity.indicator?.rawValue)
        m.set(.phases, Node.sequence(.init(activity.phases.map { Node(Vocabulary.spelling($0, in: Vocabulary.phases)) }, .implicit, .flow)))
        m.set(.carriedOverFrom, activity.carriedOverFrom?.rawValue)
        return m.node
    }

    static func progressUpdate(_ update: ProgressUpdate) -> Node {
        var m = MappingBuilder()
        m.set(.number, String(update.number))
        switch update.subject {
        case .activity(let p, let a): m.set(.activity, "\(p.rawValue)/\(a.rawValue)")
        case .agreement(let key): m.set(.agreement, key.rawValue)
        case .goal(let key): m.set(.goal, key.rawValue)
        case .indicator(let key): m.set(.indicator, key.rawValue)
        }
        m.set(.date, update.date.description)
        m.set(.status, update.status, in: Vocabulary.progressStatuses)
        m.set(.explanation, update.note)
        m.set(.hoursSpent, decimal(update.hoursSpent))
        m.set(.eurosSpent, decimal(update.eurosSpent))
        m.set(.author, update.author)
        m.set(.organisation, update.organisation?.rawValue)
        switch update.review {
        case .notRequired: break
        case .pending: m.set(.review, "pending", in: Vocabulary.reviewKinds)
        case .approved(let by, let on):
            m.set(.review, "approved", in: Vocabulary.reviewKinds)
            m.set(.reviewedBy, by)
            m.set(.reviewedOn, on.description)
        case .rejected(let by, let on, let reason):
            m.set(.review, "rejected", in: Vocabulary.reviewKinds)
            m.set(.reviewedBy, by)
            m.set(.reviewedOn, on.description)
            m.set(.reviewReason, reason)
        }
        return m.node
    }

    static func measurement(_ measurement: MeasuredValue) -> Node {
        var m = MappingBuilder()
        m.set(.indicator, measurement.indicator.rawValue)
        m.set(.value, measurement.suppressed?.rawValue ?? decimal(measurement.value))
        m.set(.period, measurement.period.description)
        m.set(.source, measurement.source)
        m.set(.figureDate, measurement.figureDate?.description)
        m.set(.recordedOn, measurement.recordedOn.description)
        switch measurement.origin {
        case .typed(let by):
            m.set(.origin, "typed", in: Vocabulary.origins)
            m.set(.author, by)
        case .openData(let table):
            m.set(.origin, "openData", in: Vocabulary.origins)
            m.set(.originTable, table)
        case .planFile: m.set(.origin, "planFile", in: Vocabulary.origins)
        case .register(let kind):
            m.set(.origin, "register", in: Vocabulary.origins)
            m.set(.indicatorRegister, kind, in: Vocabulary.registerKinds)
        }
        return m.node
    }

    static func checkReason(_ reason: CheckReason) -> Node {
        var m = MappingBuilder()
        switch reason.subject {
        case .priorityWithoutFigures(let theme):
            m.set(.checkSubject, "priority", in: Vocabulary.checkSubjects)
            m.set(.key, theme.rawValue)
        case .qualitativeGoal(let goal):
            m.set(.checkSubject, "goal", in: Vocabulary.checkSubjects)
            m.set(.key, goal.rawValue)
        }
        m.set(.text, reason.text)
        m.set(.author, reason.by)
        m.set(.date, reason.on.description)
        return m.node
    }
}
