import Foundation
import RegieCore
import RegieReports
import Vapor

/// Running the plan (issue 15): dashboards, progress with its history, partner approval,
/// measurements, the quality check, implementation programmes and "Mijn taken". Every change
/// goes through the domain rules (RegieCore/Running) and `updateExecution`, with its audit entry.
struct RunningController {
    func boot(routes: any RoutesBuilder) {
        routes.get("mijn-taken", use: myTasks)
        let plan = routes.grouped("plannen", ":plan")
        plan.get("uitvoering", use: dashboard)
        plan.get("uitvoering", "themas", ":theme", use: dashboard)
        plan.get("uitvoering", "gemeenten", ":municipality", use: dashboard)
        plan.get("uitvoering", "instellingen", use: settingsForm)
        plan.post("uitvoering", "instellingen", use: saveSettings)
        plan.get("uitvoering", "activiteiten", ":programme", ":activity", use: itemPage)
        plan.post("uitvoering", "activiteiten", ":programme", ":activity", use: saveUpdate)
        plan.get("uitvoering", "afspraken", ":agreement", use: itemPage)
        plan.post("uitvoering", "afspraken", ":agreement", use: saveUpdate)
        plan.post("uitvoering", "updates", ":number", "beoordeling", use: review)
        plan.get("uitvoering", "indicatoren", ":indicator", use: measurementPage)
        plan.post("uitvoering", "indicatoren", ":indicator", use: saveMeasurement)
        plan.post("uitvoering", "indicatoren", ":indicator", "open-data", use: takeOverOpenData)
        plan.post("uitvoering", "indicatoren", ":indicator", "register", use: takeOverRegisterCounts)
        plan.get("uitvoering", "doelen", ":goal", use: goalPage)
        plan.post("uitvoering", "doelen", ":goal", use: saveGoalExplanation)
        plan.get("kwaliteitstoets", use: qualityCheck)
        plan.post("kwaliteitstoets", use: saveReason)
        plan.get("programmas", "nieuw", use: newProgrammeForm)
        plan.post("programmas", "nieuw", use: createProgramme)
        plan.get("programmas", ":programme", use: programmePage)
        plan.post("programmas", ":programme", "vaststellen", use: adoptProgramme)
        plan.get("programmas", ":programme", "activiteiten", "nieuw", use: activityForm)
        plan.post("programmas", ":programme", "activiteiten", "nieuw", use: saveActivity)
        plan.get("programmas", ":programme", "activiteiten", ":activity", use: activityForm)
        plan.post("programmas", ":programme", "activiteiten", ":activity", use: saveActivity)
        plan.post("programmas", ":programme", "activiteiten", ":activity", "verwijderen", use: removeActivity)
    }

    /// Regie's notion of today; tests set `REGIE_VANDAAG` (yyyy-mm-dd) for a fixed clock.
    static func today(_ req: Request) -> CalendarDate {
        req.application.regieToday ?? CalendarDate.today()
    }

    private func planKey(_ req: Request) throws -> Key {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw Abort(.notFound) }
        return key
    }

    private func actor(_ req: Request, _ scoped: ScopedPlan) throws -> ExecutionActor {
        let account = try req.account
        return ExecutionActor(name: account.displayName, partners: scoped.permissions.progressPartners, permissions: scoped.permissions)
    }

    /// The plan as the account sees it, with the current running data.
    private func working(_ scoped: ScopedPlan) -> Plan {
        var plan = scoped.plan
        plan.execution = scoped.stored.plan.execution
        return plan
    }

    private func mayManage(_ scoped: ScopedPlan, _ req: Request) throws -> Bool {
        let account = try req.account
        return scoped.permissions.manageStatus && scoped.permissions.view == .current && account.tenant.municipality != nil
    }

    private func store(_ req: Request, _ scoped: ScopedPlan, _ plan: Plan, _ action: AuditAction, object: String,
                       before: [AuditValue] = [], after: [AuditValue]) async throws {
        let audit = entry(try req.account, scoped.stored.plan, action, object: object, before: before, after: after)
        _ = try await req.plans.updateExecution(plan.execution, of: scoped.stored.plan.key, expectingRevision: scoped.stored.revision, audit: [audit])
    }

    // MARK: Dashboard

    func dashboard(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        let progress = PlanProgress(plan, today: Self.today(req))
        let theme = try req.parameters.get("theme").map { raw -> Theme in
            guard let key = Key(raw), let theme = plan.theme(key) else { throw Abort(.notFound, reason: "Dit plan heeft geen thema \u{201C}\(raw)\u{201D}.") }
            return theme
        }
        let municipality = try req.parameters.get("municipality").map { raw -> Municipality in
            guard let code = MunicipalityCode(raw), let m = plan.owner.municipalities.first(where: { $0.code == code }) else {
                throw Abort(.notFound, reason: "\u{201C}\(raw)\u{201D} is geen gemeente van dit plan.")
            }
            return m
        }
        let account = try req.account
        let showsCurrency = scoped.permissions.manageStatus || account.has(.administrator)
        return html(ExecutionDashboardPage(plan: plan, progress: progress, theme: theme, municipality: municipality,
                                           showsCurrency: showsCurrency, mayManage: try mayManage(scoped, req),
                                           notice: req.queryValue("opgeslagen").map { _ in "Opgeslagen." }).render())
    }

    func settingsForm(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                              otherwise: "Alleen beleidsmedewerkers van het plan kunnen de uitvoering instellen.")
        return html(ExecutionSettingsPage(plan: working(scoped)).render())
    }

    func saveSettings(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                                  otherwise: "Alleen beleidsmedewerkers van het plan kunnen de uitvoering instellen.")
            var plan = working(scoped)
            var errors: [String] = []
            func months(_ name: String, _ label: String) -> Int? {
                guard let n = Int(form.one(name).trimmingCharacters(in: .whitespaces)), ExecutionSettings.monthsAllowed.contains(n) else {
                    errors.append("\(label): vul een aantal maanden in van 1 tot en met 24.")
                    return nil
                }
                return n
            }
            let stale = months("verouderd-na", "Activiteit niet bijgewerkt na")
            let interval = months("meten-elke", "Indicator zonder meting na")
            guard errors.isEmpty, let stale, let interval else {
                return html(ExecutionSettingsPage(plan: plan, errors: errors).render(), status: .unprocessableEntity)
            }
            let before = plan.execution.settings
            plan.execution.settings = ExecutionSettings(staleAfterMonths: stale, indicatorIntervalMonths: interval,
                                                        partnerUpdatesNeedApproval: form.one("goedkeuren") == "ja",
                                                        qualityCheckBlocks: form.one("blokkeren") == "ja")
            func describe(_ s: ExecutionSettings) -> [AuditValue] {
                [AuditValue("Niet bijgewerkt na", "\(s.staleAfterMonths) maanden"), AuditValue("Meting nodig na", "\(s.indicatorIntervalMonths) maanden"),
                 AuditValue("Partnerupdates goedkeuren", s.partnerUpdatesNeedApproval ? "ja" : "nee"),
                 AuditValue("Kwaliteitstoets blokkeert", s.qualityCheckBlocks ? "ja" : "nee")]
            }
            try await store(req, scoped, plan, .executionSettingsChanged, object: "instellingen uitvoering", before: describe(before),
                            after: describe(plan.execution.settings))
            return req.redirect(to: SiteURL.execution(plan.key).path + "?opgeslagen=1", redirectType: .normal)
        }
    }

    // MARK: Progress

    private func subject(_ req: Request) throws -> ProgressSubject {
        if let agreement = req.parameters.get("agreement") {
            guard let key = Key(agreement) else { throw Abort(.notFound) }
            return .agreement(key)
        }
        guard let programme = req.parameters.get("programme").flatMap(Key.init), let activity = req.parameters.get("activity").flatMap(Key.init) else {
            throw Abort(.notFound)
        }
        return .activity(programme: programme, activity: activity)
    }

    private func item(_ plan: Plan, _ subject: ProgressSubject, today: CalendarDate) throws -> TrackedItem {
        guard let item = PlanProgress(plan, today: today).item(subject) else {
            throw Abort(.notFound, reason: "Dit onderdeel wordt in dit plan niet bijgehouden: het staat niet in een vastgesteld uitvoeringsprogramma, of een programma neemt het over.")
        }
        return item
    }

    func itemPage(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        let subject = try subject(req)
        let item = try item(plan, subject, today: Self.today(req))
        let mayUpdate = scoped.permissions.mayUpdateProgress(ofActionLedBy: item.ownerPartner)
        let notice: String? = switch req.queryValue("opgeslagen") {
        case "wacht": "De update is opgeslagen. Hij telt mee zodra de gemeente hem heeft goedgekeurd."
        case .some: "De update is opgeslagen."
        case nil: req.queryValue("beoordeeld").map { _ in "De beoordeling is opgeslagen." }
        }
        return html(ItemProgressPage(plan: plan, item: item, mayUpdate: mayUpdate, mayReview: try mayManage(scoped, req),
                                     values: ["datum": Self.today(req).description], notice: notice).render())
    }

    static func amount(_ text: String) -> Result<Decimal?, AmountError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .success(nil) }
        // Dutch writing first: 1.250,50 and 2.500 (dots group thousands); 12.5 (a single dot not
        // followed by exactly three digits) is read as a decimal point.
        var normalised = trimmed.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        let groups = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let thousands = groups.count > 1 && groups.dropFirst().allSatisfy { $0.count == 3 } && (1...3).contains(groups[0].filter(\.isNumber).count)
        if !trimmed.contains(","), groups.count == 2, !thousands { normalised = trimmed }
        guard let value = Decimal(string: normalised, locale: Locale(identifier: "en_US_POSIX")), normalised.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else {
            return .failure(AmountError())
        }
        return .success(value)
    }

    func saveUpdate(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req))
            var plan = working(scoped)
            let today = Self.today(req)
            let subject = try subject(req)
            let item = try item(plan, subject, today: today)
            var errors: [String] = []
            let typedDate = form.one("datum").trimmingCharacters(in: .whitespaces)
            let date = typedDate.isEmpty ? today : CalendarDate(iso: typedDate)
            if date == nil { errors.append("\u{201C}\(typedDate)\u{201D} is geen datum. Schrijf jaar-maand-dag, bijvoorbeeld \(today.description).") }
            let status = ProgressStatus(rawValue: form.one("status"))
            let note = form.one("toelichting")
            if let problem = FormField.textMessage(note, multiline: true) { errors.append("Toelichting: \(problem)") }
            if let tooLong = FormField.tooLongMessage(note, maximum: PlanLimits.textLength) { errors.append("Toelichting: \(tooLong)") }
            var hours: Decimal?, euros: Decimal?
            switch Self.amount(form.one("uren")) { case .success(let v): hours = v; case .failure: errors.append("Uren besteed: vul een getal in, bijvoorbeeld 12 of 7,5.") }
            switch Self.amount(form.one("euro")) { case .success(let v): euros = v; case .failure: errors.append("Euro besteed: vul een bedrag in, bijvoorbeeld 1250 of 1.250,50.") }
            let me = try actor(req, scoped)
            if errors.isEmpty, let date {
                switch plan.record(ProgressInput(subject: subject, date: date, status: status, note: Prose(note), hoursSpent: hours, eurosSpent: euros),
                                   by: me, today: today) {
                case .success(let update):
                    try await store(req, scoped, plan, .progressRecorded, object: "voortgang \u{201C}\(item.description)\u{201D}",
                                    before: [AuditValue("Stand van zaken", item.status.label)],
                                    after: [AuditValue("Stand van zaken", status?.label ?? "–"), AuditValue("Datum", date.label),
                                            AuditValue("Toelichting", note), AuditValue("Beoordeling", update.review.isPending ? "wacht op goedkeuring" : "niet nodig")])
                    return req.redirect(to: SiteURL.itemProgress(plan: plan.key, subject: subject).path + "?opgeslagen=" + (update.review.isPending ? "wacht" : "1"),
                                        redirectType: .normal)
                case .failure(let refusals):
                    if refusals.reasons == [.notAllowed] {
                        throw Abort(.forbidden, reason: RunningWording.refusal(.notAllowed))
                    }
                    errors += refusals.reasons.map(RunningWording.refusal)
                }
            }
            return html(ItemProgressPage(plan: plan, item: item, mayUpdate: true, mayReview: try mayManage(scoped, req),
                                         values: ["datum": typedDate, "status": form.one("status"), "toelichting": note,
                                                  "uren": form.one("uren"), "euro": form.one("euro")], errors: errors).render(),
                        status: .unprocessableEntity)
        }
    }

    func review(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                                  otherwise: "Alleen beleidsmedewerkers van de gemeente beoordelen updates van partners.")
            var plan = working(scoped)
            guard let number = req.parameters.get("number").flatMap(Int.init),
                  let update = plan.execution.updates.first(where: { $0.number == number }) else { throw Abort(.notFound, reason: "Deze update bestaat niet.") }
            let approve = form.one("besluit") == "goedkeuren"
            switch plan.review(update: number, approve: approve, reason: form.one("reden"), by: try actor(req, scoped), today: Self.today(req)) {
            case .success:
                try await store(req, scoped, plan, .progressReviewed, object: "update \(number) van \u{201C}\(RunningText.subjectName(update.subject, in: plan))\u{201D}",
                                before: [AuditValue("Beoordeling", "wacht op goedkeuring")],
                                after: [AuditValue("Beoordeling", approve ? "goedgekeurd" : "afgewezen")] + (approve ? [] : [AuditValue("Reden", form.one("reden"))]))
                return req.redirect(to: SiteURL.itemProgress(plan: plan.key, subject: update.subject).path + "?beoordeeld=1", redirectType: .normal)
            case .failure(let refusals):
                throw Abort(.unprocessableEntity, reason: refusals.reasons.map(RunningWording.refusal).joined(separator: " "))
            }
        }
    }

    // MARK: Measurements

    private func indicator(_ req: Request, _ plan: Plan) throws -> (Theme, Indicator) {
        guard let key = req.parameters.get("indicator").flatMap(Key.init), let found = plan.indicator(key) else {
            throw Abort(.notFound, reason: "Deze indicator bestaat niet in het plan.")
        }
        return found
    }

    func measurementPage(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        let (theme, indicator) = try indicator(req, plan)
        let assessment = PlanProgress(plan, today: Self.today(req)).assessment(of: indicator.key)!
        let mayRecord = scoped.permissions.updateProgress && scoped.permissions.progressPartners == nil
        let openData = try await PageController.seriesMeasurements(req, plan, [indicator])[indicator.key] ?? []
        let registerCounts = try await Self.newRegisterCounts(req, plan, indicator)
        let notice = req.queryValue("opgeslagen").map { _ in "De meting is opgeslagen." }
            ?? req.queryValue("overgenomen").map { "\($0) \($0 == "1" ? "cijfer" : "cijfers") uit de open data overgenomen." }
            ?? req.queryValue("geteld").map { "\($0) \($0 == "1" ? "aantal" : "aantallen") uit het register overgenomen." }
        return html(MeasurementPage(plan: plan, theme: theme, indicator: indicator, assessment: assessment, mayRecord: mayRecord,
                                    openData: Self.newOpenData(openData, for: indicator.key, in: plan), registerCounts: registerCounts,
                                    notice: notice).render())
    }

    /// The linked register's published counts for complete years that are not yet stored as
    /// measurements. Only suppressed counts leave a register, so anyone who may see the plan may
    /// see them; the register must belong to one of the plan's municipalities.
    static func newRegisterCounts(_ req: Request, _ plan: Plan, _ indicator: Indicator) async throws -> RegisterCountsOffer {
        guard let link = indicator.register else { return .nothingCounted }
        let owners = plan.owner.municipalities
        // Plan validation keeps a named municipality inside the plan; one of several must be named.
        let named: Municipality? = if let code = link.municipality { owners.first { $0.code == code } } else { owners.count == 1 ? owners.first : nil }
        guard let municipality = named else { return .noMunicipality }
        // Years already taken over are not counted again: a view after the take-over reads nothing.
        let stored = Set(plan.execution.measurements(of: indicator.key).compactMap { m -> Int? in
            guard m.origin == .register(link.register), case .year(let year) = m.period else { return nil }
            return year
        })
        guard let counts = try await req.application.registers.publishedCounts(for: link, municipality: municipality.code,
                                                                                through: today(req).year - 1, skipping: stored) else {
            return .noRegister(municipality: municipality.name)
        }
        return counts.isEmpty ? (stored.isEmpty ? .nothingCounted : .allTakenOver) : .new(counts)
    }

    /// Stores the linked register's new yearly counts as measurements, "<5" and "×" as published.
    func takeOverRegisterCounts(_ req: Request) async throws -> Response {
        try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.updateProgress && $0.progressPartners == nil },
                                                  otherwise: "Alleen de gemeente legt metingen vast.")
            var plan = working(scoped)
            let (_, indicator) = try indicator(req, plan)
            guard let link = indicator.register else {
                throw Abort(.unprocessableEntity, reason: "Deze indicator is niet gekoppeld aan een register. Koppel hem in het planbestand (register: met soort, en zo nodig categorie en wijk).")
            }
            let counts = try await Self.newRegisterCounts(req, plan, indicator).counts
            let path = SiteURL.measurements(plan: plan.key, indicator: indicator.key).path
            // Nothing new: the page itself says why (no register, nothing counted, all taken over).
            guard !counts.isEmpty else { return req.redirect(to: path + "#register", redirectType: .normal) }
            let source = "\(link.register.name), \(link.description)"
            for count in counts {
                plan.execution.measurements.append(count.measurement(of: indicator.key, link: link, source: source, recordedOn: Self.today(req)))
            }
            try await store(req, scoped, plan, .measurementRecorded, object: "metingen \u{201C}\(indicator.name)\u{201D} uit het register",
                            after: [AuditValue("Jaren", counts.map { "\($0.year): \($0.text)" }.joined(separator: ", ")),
                                    AuditValue("Register", link.register.name)])
            return req.redirect(to: path + "?geteld=\(counts.count)", redirectType: .normal)
        }
    }

    /// Figures of the linked series that are not yet stored as measurements (by year and table).
    static func newOpenData(_ figures: [IndicatorMeasurement], for indicator: Key, in plan: Plan) -> [IndicatorMeasurement] {
        let stored = plan.execution.measurements(of: indicator)
        return figures.filter { figure in
            !stored.contains { $0.period == .year(figure.year) && $0.origin == .openData(table: figure.source) }
        }
    }

    /// Stores the linked series' new figures as measurements, each with its table as origin.
    func takeOverOpenData(_ req: Request) async throws -> Response {
        try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.updateProgress && $0.progressPartners == nil },
                                                  otherwise: "Alleen de gemeente legt metingen vast.")
            var plan = working(scoped)
            let today = Self.today(req)
            let (_, indicator) = try indicator(req, plan)
            let figures = Self.newOpenData(try await PageController.seriesMeasurements(req, plan, [indicator])[indicator.key] ?? [],
                                           for: indicator.key, in: plan)
            guard !figures.isEmpty else {
                return req.redirect(to: SiteURL.measurements(plan: plan.key, indicator: indicator.key).path + "?overgenomen=0", redirectType: .normal)
            }
            for figure in figures {
                let source = "Open data, tabel \(figure.source)" + (figure.area.map { ", \($0)" } ?? "") + (figure.isExample ? " (voorbeeldcijfers)" : "")
                plan.execution.measurements.append(MeasuredValue(indicator: indicator.key, value: Decimal(figure.value), period: .year(figure.year),
                                                                 source: source, recordedOn: today, origin: .openData(table: figure.source)))
            }
            try await store(req, scoped, plan, .measurementRecorded, object: "metingen \u{201C}\(indicator.name)\u{201D} uit open data",
                            after: [AuditValue("Jaren", figures.map { String($0.year) }.joined(separator: ", ")),
                                    AuditValue("Tabel", Set(figures.map(\.source)).sorted().joined(separator: ", "))])
            return req.redirect(to: SiteURL.measurements(plan: plan.key, indicator: indicator.key).path + "?overgenomen=\(figures.count)", redirectType: .normal)
        }
    }

    func saveMeasurement(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.updateProgress && $0.progressPartners == nil },
                                                  otherwise: "Alleen de gemeente legt metingen vast.")
            var plan = working(scoped)
            let today = Self.today(req)
            let (theme, indicator) = try indicator(req, plan)
            var errors: [String] = []
            let typedValue = form.one("waarde")
            var value: Decimal?
            switch Self.amount(typedValue) {
            case .success(let v?): value = v
            case .success(nil): errors.append("Waarde: vul de gemeten waarde in.")
            case .failure: errors.append("Waarde: \u{201C}\(typedValue)\u{201D} is geen getal. Schrijf bijvoorbeeld 42 of 12,5.")
            }
            let typedPeriod = form.one("periode").trimmingCharacters(in: .whitespaces)
            let period = PlannedPeriod(typedPeriod)
            if period == nil { errors.append("Periode: \u{201C}\(typedPeriod)\u{201D} is geen periode. Schrijf een jaar, jaren of kwartaal, bijvoorbeeld 2024 of 2024-Q2.") }
            let typedDate = form.one("peildatum").trimmingCharacters(in: .whitespaces)
            let figureDate = typedDate.isEmpty ? nil : CalendarDate(iso: typedDate)
            if !typedDate.isEmpty, figureDate == nil { errors.append("Peildatum: \u{201C}\(typedDate)\u{201D} is geen datum. Schrijf jaar-maand-dag.") }
            let source = form.one("bron").trimmingCharacters(in: .whitespaces)
            let explanation = form.one("toelichting")
            if let problem = FormField.textMessage(explanation, multiline: true) { errors.append("Toelichting: \(problem)") }
            let account = try req.account
            if errors.isEmpty, let value, let period {
                let measurement = MeasuredValue(indicator: indicator.key, value: value, period: period, source: source.isEmpty ? nil : source,
                                                figureDate: figureDate, recordedOn: today, origin: .typed(by: account.displayName))
                switch plan.add(measurement, explanation: Prose(explanation), by: try actor(req, scoped), today: today) {
                case .success(let assessment):
                    try await store(req, scoped, plan, .measurementRecorded, object: "meting \u{201C}\(indicator.name)\u{201D}",
                                    after: [AuditValue("Periode", period.label), AuditValue("Waarde", typedValue), AuditValue("Status", assessment.status.label)]
                                        + (explanation.isEmpty ? [] : [AuditValue("Toelichting", explanation)]))
                    return req.redirect(to: SiteURL.measurements(plan: plan.key, indicator: indicator.key).path + "?opgeslagen=1", redirectType: .normal)
                case .failure(let refusals):
                    errors += refusals.reasons.map(RunningWording.refusal)
                }
            }
            let assessment = PlanProgress(plan, today: today).assessment(of: indicator.key)!
            let openData = try await PageController.seriesMeasurements(req, plan, [indicator])[indicator.key] ?? []
            return html(MeasurementPage(plan: plan, theme: theme, indicator: indicator, assessment: assessment, mayRecord: true,
                                        openData: Self.newOpenData(openData, for: indicator.key, in: plan),
                                        registerCounts: try await Self.newRegisterCounts(req, plan, indicator),
                                        values: ["waarde": typedValue, "periode": typedPeriod, "bron": source, "peildatum": typedDate, "toelichting": explanation],
                                        errors: errors).render(), status: .unprocessableEntity)
        }
    }

    // MARK: Goals

    private func goal(_ req: Request, _ plan: Plan) throws -> Goal {
        guard let key = req.parameters.get("goal").flatMap(Key.init), let found = plan.goal(key) else {
            throw Abort(.notFound, reason: "Dit doel bestaat niet in het plan.")
        }
        return found.goal
    }

    func goalPage(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req), requiring: { $0.updateProgress && $0.progressPartners == nil },
                                              otherwise: "Alleen de gemeente schrijft de uitleg bij een doel.")
        let plan = working(scoped)
        let goal = try goal(req, plan)
        return html(GoalExplanationPage(plan: plan, goal: goal, assessment: PlanProgress(plan, today: Self.today(req)).goals.first { $0.goal == goal.key }).render())
    }

    func saveGoalExplanation(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.updateProgress && $0.progressPartners == nil },
                                                  otherwise: "Alleen de gemeente schrijft de uitleg bij een doel.")
            var plan = working(scoped)
            let goal = try goal(req, plan)
            let text = form.one("toelichting")
            let today = Self.today(req)
            switch plan.record(ProgressInput(subject: .goal(goal.key), date: today, status: nil, note: Prose(text)), by: try actor(req, scoped), today: today) {
            case .success:
                try await store(req, scoped, plan, .progressRecorded, object: "uitleg bij doel \u{201C}\(goal.title)\u{201D}", after: [AuditValue("Uitleg", text)])
                return req.redirect(to: SiteURL.execution(plan.key).path + "?opgeslagen=1", redirectType: .normal)
            case .failure(let refusals):
                return html(GoalExplanationPage(plan: plan, goal: goal, assessment: nil, text: text,
                                                errors: refusals.reasons.map(RunningWording.refusal)).render(), status: .unprocessableEntity)
            }
        }
    }

    // MARK: Quality check

    func qualityCheck(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        return html(QualityCheckPage(plan: plan, gaps: QualityCheck.gaps(in: plan), mayGiveReasons: try mayManage(scoped, req),
                                     notice: req.queryValue("opgeslagen").map { _ in "De reden is vastgelegd." }).render())
    }

    func saveReason(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                                  otherwise: "Alleen beleidsmedewerkers van het plan leggen redenen vast.")
            var plan = working(scoped)
            let parts = form.one("onderwerp").split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let key = Key(parts[1]) else { throw Abort(.badRequest, reason: "Onbekend onderwerp. Laad de kwaliteitstoets opnieuw.") }
            let subject: CheckSubject
            switch parts[0] {
            case "prioriteit" where plan.theme(key)?.role == .priority: subject = .priorityWithoutFigures(theme: key)
            case "doel" where plan.goal(key) != nil: subject = .qualitativeGoal(key)
            default: throw Abort(.badRequest, reason: "Onbekend onderwerp. Laad de kwaliteitstoets opnieuw.")
            }
            let text = form.one("reden").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                return html(QualityCheckPage(plan: plan, gaps: QualityCheck.gaps(in: plan), mayGiveReasons: true,
                                             errors: ["Schrijf de reden in het veld Reden."]).render(), status: .unprocessableEntity)
            }
            plan.execution.checkReasons.append(CheckReason(subject: subject, text: text, by: try req.account.displayName, on: Self.today(req)))
            try await store(req, scoped, plan, .checkReasonGiven, object: "kwaliteitstoets", after: [AuditValue("Reden", text)])
            return req.redirect(to: SiteURL.qualityCheck(plan.key).path + "?opgeslagen=1", redirectType: .normal)
        }
    }

    // MARK: Programmes

    func newProgrammeForm(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                              otherwise: "Alleen beleidsmedewerkers van het plan maken een uitvoeringsprogramma.")
        let plan = working(scoped)
        guard plan.status >= .adopted || scoped.stored.adoptedVersion != nil else {
            throw Abort(.unprocessableEntity, reason: RunningWording.refusal(.planNotAdopted))
        }
        var values: [String: String] = [:]
        if let previous = req.queryValue("vervolg-op").flatMap(Key.init).flatMap(plan.execution.programme) {
            values["vervolg-op"] = previous.key.rawValue
            values["titel"] = "Vervolg op \(previous.title)"
            values["gemeente"] = previous.municipality?.rawValue ?? ""
        }
        return html(NewProgrammePage(plan: plan, values: values).render())
    }

    func createProgramme(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                                  otherwise: "Alleen beleidsmedewerkers van het plan maken een uitvoeringsprogramma.")
            var plan = working(scoped)
            guard plan.status >= .adopted || scoped.stored.adoptedVersion != nil else {
                throw Abort(.unprocessableEntity, reason: RunningWording.refusal(.planNotAdopted))
            }
            var errors: [String] = []
            let title = form.one("titel").trimmingCharacters(in: .whitespaces)
            if title.isEmpty { errors.append("Titel: geef het programma een titel.") }
            let typedPeriod = form.one("periode").trimmingCharacters(in: .whitespaces)
            let period: YearRange? = switch PlannedPeriod(typedPeriod) {
            case .year(let y)?: YearRange(first: y, last: y)
            case .years(let range)?: range
            default: nil
            }
            if period == nil { errors.append("Periode: \u{201C}\(typedPeriod)\u{201D} is geen jaar of twee jaren, bijvoorbeeld \(plan.period.first + 1) of \(plan.period.first + 1)-\(plan.period.first + 2).") }
            let member = MunicipalityCode(form.one("gemeente"))
            var neighbours: [Municipality] = []
            for line in form.one("samen-met").split(whereSeparator: \.isNewline) {
                let words = line.split(separator: " ", maxSplits: 1).map(String.init)
                if let code = words.first.flatMap(MunicipalityCode.init), words.count == 2 {
                    neighbours.append(Municipality(code: code, name: words[1].trimmingCharacters(in: .whitespaces)))
                } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    errors.append("Samen met: \u{201C}\(line)\u{201D} is geen CBS-code met naam, zoals GM1895 Oldambt.")
                }
            }
            let previous = Key(form.one("vervolg-op")).flatMap(plan.execution.programme)
            guard errors.isEmpty, let period else {
                return html(NewProgrammePage(plan: plan, values: form.firstValues, errors: errors).render(), status: .unprocessableEntity)
            }
            var key = Key.slug(title)
            if !Key.isValid(key) { key = "programma-\(period.first)" }
            var candidate = Key(key) ?? Key("programma")!
            var n = 2
            while plan.execution.programme(candidate) != nil { candidate = Key("\(key)-\(n)") ?? candidate; n += 1 }
            let programme = previous.map { plan.followUp(of: $0, key: candidate, title: title, period: period, today: Self.today(req)) }
                ?? plan.draftProgramme(key: candidate, title: title, period: period, municipality: member, coProducers: neighbours)
            let problems = plan.refusals(for: programme)
            guard problems.isEmpty else {
                return html(NewProgrammePage(plan: plan, values: form.firstValues, errors: problems.map(RunningWording.refusal)).render(), status: .unprocessableEntity)
            }
            plan.execution.programmes.append(programme)
            try await store(req, scoped, plan, .programmeSaved, object: "uitvoeringsprogramma \u{201C}\(title)\u{201D}",
                            after: [AuditValue("Periode", period.label), AuditValue("Activiteiten", String(programme.activities.count))])
            return req.redirect(to: SiteURL.programme(plan: plan.key, programme: programme.key).path + "?opgeslagen=1", redirectType: .normal)
        }
    }

    func programmePage(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req))
        let plan = working(scoped)
        guard let key = req.parameters.get("programme").flatMap(Key.init), let programme = plan.execution.programme(key) else {
            throw Abort(.notFound, reason: RunningWording.refusal(.programmeNotFound))
        }
        let notice: String? = req.queryValue("opgeslagen").map { _ in "Het programma is opgeslagen." } ?? req.queryValue("vastgesteld").map { _ in "Het programma is vastgesteld." }
        return html(ProgrammePage(plan: plan, programme: programme, progress: PlanProgress(plan, today: Self.today(req)),
                                  mayManage: try mayManage(scoped, req), notice: notice).render())
    }

    func adoptProgramme(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current },
                                                  otherwise: "Alleen beleidsmedewerkers van het plan leggen de vaststelling van een programma vast.")
            var plan = working(scoped)
            guard let key = req.parameters.get("programme").flatMap(Key.init), let index = plan.execution.programmes.firstIndex(where: { $0.key == key }) else {
                throw Abort(.notFound, reason: RunningWording.refusal(.programmeNotFound))
            }
            var programme = plan.execution.programmes[index]
            var errors: [String] = []
            if programme.isFrozen { errors.append(RunningWording.refusal(.programmeFrozen)) }
            let body = ProgrammeBody(rawValue: form.one("orgaan"))
            if body == nil { errors.append("Vastgesteld door: kies het college of de burgemeester.") }
            let date = CalendarDate(iso: form.one("datum").trimmingCharacters(in: .whitespaces))
            if date == nil { errors.append("Datum van het besluit: schrijf jaar-maand-dag, bijvoorbeeld 2024-01-16.") }
            if let date, date > Self.today(req) { errors.append("Datum van het besluit: die ligt in de toekomst.") }
            let number = form.one("besluitnummer").trimmingCharacters(in: .whitespaces)
            guard errors.isEmpty, let body, let date else {
                return html(ProgrammePage(plan: plan, programme: programme, progress: PlanProgress(plan, today: Self.today(req)),
                                          mayManage: true, errors: errors).render(), status: .unprocessableEntity)
            }
            programme.status = .adopted
            programme.adoption = ProgrammeAdoption(body: body, date: date, decisionNumber: number.isEmpty ? nil : number)
            plan.execution.programmes[index] = programme
            try await store(req, scoped, plan, .programmeAdopted, object: "uitvoeringsprogramma \u{201C}\(programme.title)\u{201D}",
                            before: [AuditValue("Status", ProgrammeStatus.draft.label)],
                            after: [AuditValue("Status", ProgrammeStatus.adopted.label), AuditValue("Besluit", "\(body.label), \(date.label)" + (number.isEmpty ? "" : ", \(number)"))])
            return req.redirect(to: SiteURL.programme(plan: plan.key, programme: key).path + "?vastgesteld=1", redirectType: .normal)
        }
    }

    // MARK: Activities of a draft programme

    /// The draft programme and, unless new, its activity, for an officer who may change it.
    private func draftActivity(_ req: Request, _ scoped: ScopedPlan) throws -> (Plan, Int, ProgrammeActivity?) {
        let plan = working(scoped)
        guard let key = req.parameters.get("programme").flatMap(Key.init), let index = plan.execution.programmes.firstIndex(where: { $0.key == key }) else {
            throw Abort(.notFound, reason: RunningWording.refusal(.programmeNotFound))
        }
        guard !plan.execution.programmes[index].isFrozen else { throw Abort(.conflict, reason: RunningWording.refusal(.programmeFrozen)) }
        guard let raw = req.parameters.get("activity") else { return (plan, index, nil) }
        guard let activityKey = Key(raw), let activity = plan.execution.programmes[index].activity(activityKey) else {
            throw Abort(.notFound, reason: "Deze activiteit staat niet (meer) in het programma.")
        }
        return (plan, index, activity)
    }

    private static let officerOnly = "Alleen beleidsmedewerkers van het plan wijzigen een uitvoeringsprogramma."

    func activityForm(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current }, otherwise: Self.officerOnly)
        let (plan, index, activity) = try draftActivity(req, scoped)
        return html(ActivityEditorPage(plan: plan, programme: plan.execution.programmes[index], activity: activity,
                                       fingerprint: activity?.fingerprint ?? "nieuw").render())
    }

    func saveActivity(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current }, otherwise: Self.officerOnly)
        var (plan, index, existing) = try draftActivity(req, scoped)
        let programme = plan.execution.programmes[index]
        func page(_ errors: [String], status: HTTPStatus) -> Response {
            html(ActivityEditorPage(plan: plan, programme: programme, activity: existing, fingerprint: form.one("vorige"),
                                    values: form.allValues, errors: errors).render(), status: status)
        }
        // Someone else changed (or removed) this activity since the form was opened: say so, keep what was typed.
        if let existing, form.one("vorige") != existing.fingerprint {
            return page(["Iemand anders heeft deze activiteit gewijzigd sinds u het formulier opende. Uw invoer staat hieronder; kijk of die nog klopt en sla opnieuw op."], status: .conflict)
        }
        var errors: [String] = []
        let description = form.one("omschrijving").trimmingCharacters(in: .whitespacesAndNewlines)
        if description.isEmpty { errors.append("Omschrijving: schrijf wat er gebeurt.") }
        if let problem = FormField.textMessage(description, multiline: false) { errors.append("Omschrijving: \(problem)") }
        let output = form.one("output")
        if let problem = FormField.textMessage(output, multiline: true) { errors.append("Verwachte output: \(problem)") }
        let themes = plan.themes(forProgrammeOf: programme.municipality)
        let theme = Key(form.one("thema")).flatMap { key in themes.first { $0.key == key } }
        if theme == nil { errors.append("Thema: kies een thema uit de lijst.") }
        func key(_ name: String, label: String, allowed: Set<Key>) -> Key? {
            let raw = form.one(name)
            guard !raw.isEmpty else { return nil }
            guard let key = Key(raw), allowed.contains(key) else { errors.append("\(label): kies uit de lijst."); return nil }
            return key
        }
        let agreement = key("afspraak", label: "Afspraak", allowed: Set(themes.flatMap(\.allActions).map(\.key)))
        let partnerKeys = Set(plan.partners.map(\.key))
        let owner = key("trekker", label: "Trekker", allowed: partnerKeys)
        let role = form.one("trekker-rol").trimmingCharacters(in: .whitespaces)
        let partners = form.all("partners").compactMap(Key.init).filter(partnerKeys.contains)
        let typedPlanning = form.one("planning").trimmingCharacters(in: .whitespaces)
        var planning: PlannedPeriod?
        if !typedPlanning.isEmpty {
            if case .success(let p) = PlannedPeriod.parse(typedPlanning) { planning = p }
            else { errors.append("Planning: \u{201C}\(typedPlanning)\u{201D} is geen planning. Schrijf bijvoorbeeld \(programme.period.first), \(programme.period.first)-Q3 of doorlopend.") }
        }
        var budget: Decimal?, hours: Decimal?
        switch Self.amount(form.one("budget")) { case .success(let v): budget = v; case .failure: errors.append("Budget: vul een bedrag in, bijvoorbeeld 12500 of 12.500,50.") }
        switch Self.amount(form.one("uren")) { case .success(let v): hours = v; case .failure: errors.append("Capaciteit: vul een aantal uren in, bijvoorbeeld 40.") }
        let goal = key("doel", label: "Doel", allowed: Set(themes.flatMap(\.goals).map(\.key)))
        let indicator = key("indicator", label: "Indicator", allowed: Set(themes.flatMap(\.indicators).map(\.key)))
        let phases = form.all("ketenfasen").compactMap(SafetyChainPhase.init(rawValue:))
        if owner == nil, role.isEmpty { errors.append("Trekker: kies de partner die trekt, of noem de functie binnen de gemeente die trekt.") }
        guard errors.isEmpty, let theme else { return page(errors, status: .unprocessableEntity) }
        var activity = ProgrammeActivity(key: existing?.key ?? Key("activiteit")!, theme: theme.key, agreement: agreement, description: description,
                                         expectedOutput: Prose(output), owner: ActivityOwner(partner: owner, role: role), partners: partners,
                                         planning: planning, budget: budget, hours: hours, goal: goal, indicator: indicator, phases: phases,
                                         carriedOverFrom: existing?.carriedOverFrom)
        if existing == nil {
            let base = Key.isValid(Key.slug(description)) ? String(Key.slug(description).prefix(60)) : "activiteit"
            var candidate = Key(base) ?? Key("activiteit")!
            var n = 2
            while programme.activity(candidate) != nil { candidate = Key("\(base)-\(n)") ?? candidate; n += 1 }
            activity.key = candidate
            plan.execution.programmes[index].activities.append(activity)
        } else if let i = programme.activities.firstIndex(where: { $0.key == activity.key }) {
            plan.execution.programmes[index].activities[i] = activity
        }
        let problems = plan.refusals(for: plan.execution.programmes[index])
        guard problems.isEmpty else { return page(problems.map(RunningWording.refusal), status: .unprocessableEntity) }
        let fields = existing.map { PlanChange.changedFields($0, activity, ignoring: ["key"]) } ?? []
        do {
            try await store(req, scoped, plan, .programmeSaved, object: "activiteit \u{201C}\(description)\u{201D} in \u{201C}\(programme.title)\u{201D}",
                            before: existing == nil ? [] : [AuditValue("Gewijzigd", fields.joined(separator: ", "))],
                            after: [AuditValue(existing == nil ? "Toegevoegd" : "Opgeslagen", description)])
        } catch PlanStoreError.conflict {
            // Someone saved something else of the plan in between: read again and check this activity.
            return page(["Het plan is intussen door iemand anders gewijzigd. Uw invoer staat hieronder; sla opnieuw op."], status: .conflict)
        }
        return req.redirect(to: SiteURL.programme(plan: plan.key, programme: programme.key).path + "?opgeslagen=1", redirectType: .normal)
    }

    func removeActivity(_ req: Request) async throws -> Response {
        let form = try FormValues(req)
        let scoped = try await req.scope.open(try planKey(req), requiring: { $0.manageStatus && $0.view == .current }, otherwise: Self.officerOnly)
        var (plan, index, existing) = try draftActivity(req, scoped)
        guard let activity = existing else { throw Abort(.notFound) }
        guard form.one("vorige") == activity.fingerprint else {
            throw Abort(.conflict, reason: "Iemand anders heeft deze activiteit gewijzigd sinds u de pagina opende. Er is niets verwijderd; open de activiteit opnieuw.")
        }
        plan.execution.programmes[index].activities.removeAll { $0.key == activity.key }
        do {
            try await store(req, scoped, plan, .programmeSaved, object: "activiteit \u{201C}\(activity.description)\u{201D} in \u{201C}\(plan.execution.programmes[index].title)\u{201D}",
                            before: [AuditValue("Activiteit", activity.description)], after: [AuditValue("Activiteit", "verwijderd")])
        } catch PlanStoreError.conflict {
            throw Abort(.conflict, reason: "Het plan is intussen door iemand anders gewijzigd. Er is niets verwijderd; probeer het opnieuw.")
        }
        return req.redirect(to: SiteURL.programme(plan: plan.key, programme: plan.execution.programmes[index].key).path + "?opgeslagen=1", redirectType: .normal)
    }

    // MARK: My tasks

    func myTasks(_ req: Request) async throws -> Response {
        let account = try req.account
        let scope = try req.scope
        let today = Self.today(req)
        var entries: [TaskEntry] = []
        for summary in try await scope.summaries() {
            guard let scoped = try? await scope.open(summary.key) else { continue }
            let plan = working(scoped)
            guard !plan.execution.programmes.isEmpty || plan.status >= .adopted else { continue }
            entries += Self.tasks(plan, permissions: scoped.permissions, isMunicipality: account.tenant.municipality != nil, today: today)
        }
        return html(MyTasksPage(entries: entries).render())
    }

    /// What an account with `permissions` must do in `plan`: the same rules as the reminders.
    static func tasks(_ plan: Plan, permissions: PlanPermissions, isMunicipality: Bool, today: CalendarDate) -> [TaskEntry] {
        let progress = PlanProgress(plan, today: today)
        var entries: [TaskEntry] = []
        for item in progress.items where permissions.mayUpdateProgress(ofActionLedBy: item.ownerPartner) && item.isOpen {
            // A partner's tasks are its own organisation's; the municipality's are what the municipality leads.
            if permissions.progressPartners == nil, let partner = item.ownerPartner, plan.partner(partner)?.type != .municipality { continue }
            let link = SiteURL.itemProgress(plan: plan.key, subject: item.subject)
            if item.isOverdue {
                entries.append(TaskEntry(kind: .overdue, plan: plan, title: item.description, detail: "planning \(item.planning?.label ?? "–")", link: link))
            } else if item.isStale {
                entries.append(TaskEntry(kind: .update, plan: plan, title: item.description, detail: "laatste update: \(item.lastUpdate?.date.label ?? "nog geen")", link: link))
            }
        }
        guard isMunicipality, permissions.manageStatus else { return entries }
        for item in progress.items where !item.pending.isEmpty {
            entries.append(TaskEntry(kind: .approve, plan: plan, title: item.description, detail: "\(item.pending.count) wacht op goedkeuring",
                                     link: SiteURL.itemProgress(plan: plan.key, subject: item.subject)))
        }
        for goal in progress.goals where goal.needsExplanation {
            entries.append(TaskEntry(kind: .explain, plan: plan, title: plan.goal(goal.goal)?.goal.title ?? goal.goal.rawValue, detail: "niet op koers",
                                     link: SiteURL.goalExplanation(plan: plan.key, goal: goal.goal)))
        }
        for key in progress.staleIndicators {
            guard let (_, indicator) = plan.indicator(key), indicator.target != nil || !plan.execution.measurements(of: key).isEmpty else { continue }
            entries.append(TaskEntry(kind: .measure, plan: plan, title: indicator.name, detail: "geen recente meting", link: SiteURL.measurements(plan: plan.key, indicator: key)))
        }
        return entries
    }
}

struct AmountError: Error {}

struct RegieTodayKey: StorageKey { typealias Value = CalendarDate }

extension Application {
    /// A fixed "today" for tests and demos (`REGIE_VANDAAG=2024-06-30`); nil: the real date.
    public var regieToday: CalendarDate? {
        get { storage[RegieTodayKey.self] }
        set { storage[RegieTodayKey.self] = newValue }
    }
}
