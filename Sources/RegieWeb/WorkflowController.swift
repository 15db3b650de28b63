import Foundation
import RegieCore
import RegieReports
import Vapor

/// Creating plans, their status steps and versions, and progress of actions.
struct WorkflowController {
    func boot(routes: any RoutesBuilder) {
        routes.get("plannen", "nieuw", use: newPlanForm)
        routes.post("plannen", "nieuw", use: createPlan)
        let plan = routes.grouped("plannen", ":plan")
        plan.get("na-het-kopieren", use: copyReport)
        plan.get("status", use: status)
        plan.post("status", use: changeStatus)
        plan.post("vaststellingen", use: addAdoption)
        plan.get("versies", use: versions)
        plan.post("nieuwe-versie", use: newVersion)
        plan.get("acties", ":action", "voortgang", use: progressForm)
        plan.post("acties", ":action", "voortgang", use: saveProgress)
    }

    private func key(_ req: Request) throws -> Key {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw Abort(.notFound) }
        return key
    }

    // MARK: New plan

    /// Who a new plan can belong to: the officer's municipality and its collaborations.
    private func owners(_ req: Request, _ account: Account) async throws -> [(FormOption, PlanOwner)] {
        guard let code = account.tenant.municipality, account.has(.policyOfficer) else {
            throw Abort(.forbidden, reason: "Alleen beleidsmedewerkers van een gemeente kunnen een plan aanmaken.")
        }
        var result: [(FormOption, PlanOwner)] = []
        if let municipality = try await req.plans.municipality(code) {
            result.append((FormOption(code.rawValue, "Gemeente \(municipality.name)"), .municipality(municipality)))
        }
        for collaboration in try await req.plans.collaborations() where collaboration.members.contains(where: { $0.code == code }) {
            result.append((FormOption(collaboration.key.rawValue, collaboration.name), .collaboration(collaboration)))
        }
        return result
    }

    private func sources(_ req: Request) async throws -> [FormOption] {
        try await req.scope.summaries().filter { AccessPolicy.permissions(of: try req.account, for: $0.access).view == .current }
            .map { FormOption($0.key.rawValue, "\($0.title) (\($0.period.label))") }
    }

    func newPlanForm(_ req: Request) async throws -> Response {
        let account = try req.account
        let owners = try await owners(req, account)
        return html(NewPlanPage(owners: owners.map(\.0), sources: try await sources(req)).render())
    }

    func createPlan(_ req: Request) async throws -> Response {
        let account = try req.account
        let owners = try await owners(req, account)
        let form = try FormValues(req)
        let typed = ["titel": form.one("titel"), "eigenaar": form.one("eigenaar"), "periode": form.one("periode"),
                     "kopie-van": form.one("kopie-van"), "datums": form.one("datums")]
        var errors: [String: String] = [:]
        let title = typed["titel"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors["titel"] = "Vul de titel van het plan in." }
        if let tooLong = FormField.tooLongMessage(title, maximum: PlanLimits.lineLength) { errors["titel"] = tooLong }
        if let problem = FormField.textMessage(title, multiline: false) { errors["titel"] = problem }
        let owner = owners.first { $0.0.value == typed["eigenaar"] }?.1
        if owner == nil { errors["eigenaar"] = "Kies uw gemeente of een samenwerkingsverband waarin zij meedoet." }
        var period: YearRange?
        switch PeriodInput.yearRange(typed["periode"]!) {
        case .success(let range): period = range
        case .failure(let message): errors["periode"] = message.text
        }
        // Shifting is the default, also for a form sent without the choice.
        let datesTyped = typed["datums"]!
        let dates = datesTyped.isEmpty ? .shift : CopyDates(formValue: datesTyped)
        if dates == nil { errors["datums"] = "Kies of de jaartallen meeschuiven of blijven staan." }
        var source: Plan?
        if let sourceKey = Key(typed["kopie-van"]!) {
            // Only a plan this account may read in full can be copied.
            let scoped = try? await req.scope.open(sourceKey)
            if let scoped, scoped.permissions.view == .current { source = scoped.plan } else { errors["kopie-van"] = "Dit plan kunt u niet kopiëren." }
        }
        guard errors.isEmpty, let owner, let period, let dates else {
            return html(NewPlanPage(owners: owners.map(\.0), sources: try await sources(req), typed: typed, errors: errors).render(),
                        status: .unprocessableEntity)
        }
        let taken = try await req.plans.summaries().map(\.key)
        // Reserved keys (`nieuw`) are pages of their own; the key otherwise follows the title and the period.
        let keyText = title.contains(period.description) ? title : "\(title) \(period.description)"
        let key = Plan.newKey(for: keyText, avoiding: taken + PlanLimits.reservedPlanKeys.compactMap(Key.init))
        guard let source else {
            let plan = Plan(key: key, title: title, owner: owner, period: period)
            try await req.plans.create(plan, audit: entry(account, plan, .planCreated, object: "plan aangemaakt",
                                                          after: [AuditValue("Titel", plan.title), AuditValue("Periode", plan.period.label),
                                                                  AuditValue("Kopie van", "–")]))
            return req.redirect(to: SiteURL.edit(plan.key, []).path, redirectType: .normal)
        }
        let copy = source.copyForNextPlan(key: key, title: title, period: period, owner: owner, dates: dates)
        let plan = copy.plan
        let report = copy.report
        let attention = CopyReport.attention(in: plan)
        try await req.plans.create(plan, audit: entry(account, plan, .planCreated, object: "plan aangemaakt",
                                                      after: [AuditValue("Titel", plan.title), AuditValue("Periode", plan.period.label),
                                                              AuditValue("Kopie van", "\(source.title) (\(source.key.rawValue), \(source.period.label))"),
                                                              AuditValue("Jaartallen", dates.auditLabel(shift: report.shift)),
                                                              AuditValue("Verschoven", "\(report.planningsShifted) planningen, \(report.targetsShifted) streefwaarden, \(report.budgetYearsShifted) begrotingsjaren"),
                                                              AuditValue("Weggelaten verwijzingen", report.dropped.isEmpty ? "geen" : "\(report.dropped.count)"),
                                                              AuditValue("Na te kijken", "\(attention.count)")]))
        return req.redirect(to: SiteURL.copyReport(plan: plan.key, source: source.key, dates: dates).path, redirectType: .normal)
    }

    /// What copying changed and what needs attention. Recomputed from the source plan and the
    /// new plan as it is now, so the address carries only the two keys and the choice.
    func copyReport(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try key(req), requiring: { $0.view == .current && ($0.canEditSomething || $0.manageStatus) },
                                              otherwise: "U mag dit plan lezen, maar niet bewerken.")
        guard let sourceKey = req.queryValue("van").flatMap(Key.init), sourceKey != scoped.plan.key,
              let source = try? await req.scope.open(sourceKey), source.permissions.view == .current else {
            throw Abort(.notFound, reason: "Van welk plan dit een kopie is, weet Regie hier niet (meer). Open het plan in de editor.")
        }
        let dates = req.queryValue("datums").flatMap(CopyDates.init(formValue:)) ?? .shift
        let plan = scoped.stored.plan
        let report = source.plan.copyForNextPlan(key: plan.key, title: plan.title, period: plan.period, owner: plan.owner, dates: dates).report
        return html(CopyReportPage(plan: plan, report: report, attention: CopyReport.attention(in: plan)).render())
    }

    // MARK: Status and versions

    /// Everyone who reads the plan sees its status and decisions (council members too); only
    /// its policy officers get the forms.
    func status(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try key(req), requiring: \.seeStatus,
                                              otherwise: "U kunt de status van dit plan niet inzien.")
        let mayManage = scoped.permissions.view == .current && scoped.permissions.manageStatus
        let notice = req.queryValue("gewijzigd").map { _ in
            "De status is gewijzigd." + (req.queryValue("toets").flatMap(Int.init).map { " Let op: de kwaliteitstoets vindt nog \($0) \($0 == 1 ? "punt" : "punten"); zie de pagina Kwaliteitstoets." } ?? "")
        }
        return html(StatusPage(plan: scoped.plan, version: scoped.isAdoptedVersion ? (scoped.stored.adoptedVersion ?? scoped.stored.version) : scoped.stored.version,
                               notice: mayManage ? notice : nil, mayManage: mayManage,
                               memberToAdopt: mayManage ? memberToAdopt(try req.account, scoped.plan) : nil,
                               newVersionInPreparation: scoped.isAdoptedVersion).render())
    }

    func changeStatus(_ req: Request) async throws -> Response {
        let account = try req.account
        let scoped = try await req.scope.open(try key(req), requiring: { $0.view == .current && $0.manageStatus },
                                              otherwise: "Alleen beleidsmedewerkers van het plan kunnen de status wijzigen.")
        let form = try FormValues(req)
        let stored = scoped.stored
        guard let target = PlanStatus(rawValue: form.one("naar")), StatusPage.nextSteps(from: stored.plan.status).contains(target) else {
            throw Abort(.badRequest, reason: "Deze stap kan vanuit de status \(stored.plan.status.label.lowercased()) niet. Laad de statuspagina opnieuw.")
        }
        var plan = stored.plan
        plan.status = target
        if target == .offeredToCouncil {
            let member: MunicipalityCode? = if case .collaboration = plan.owner { account.tenant.municipality } else { nil }
            switch councilOffer(form, member: member) {
            case .success(let offer): plan.councilOffers.append(offer)
            case .failure(let failed):
                return html(StatusPage(plan: stored.plan, version: stored.version, errors: failed.errors, typed: failed.typed,
                                       mayManage: true).render(), status: .unprocessableEntity)
            }
        }
        if target == .adopted {
            let member: MunicipalityCode? = if case .collaboration = plan.owner { account.tenant.municipality } else { nil }
            switch adoption(form, member: member) {
            case .success(let adoption):
                // Adopting freezes the content: the officer confirms on a page of its own first.
                guard form.one("bevestigd") == "ja" else {
                    return html(StatusPage(plan: stored.plan, version: stored.version, mayManage: true, confirmAdoption: adoption).render())
                }
                plan.adoptions.append(adoption)
            case .failure(let failed):
                return html(StatusPage(plan: stored.plan, version: stored.version, errors: failed.errors, typed: failed.typed,
                                       mayManage: true).render(), status: .unprocessableEntity)
            }
        }
        // The quality check before consultation, the council and adoption: blocking or a warning, per plan.
        let gaps = QualityCheck.checks(step: target) ? QualityCheck.gaps(in: stored.plan) : []
        if !gaps.isEmpty, stored.plan.execution.settings.qualityCheckBlocks {
            throw Abort(.unprocessableEntity, reason: "De kwaliteitstoets vindt nog \(gaps.count) \(gaps.count == 1 ? "punt" : "punten"), en voor dit plan houden die de stap naar \u{201C}\(target.label.lowercased())\u{201D} tegen. Los ze op of leg een reden vast op de pagina Kwaliteitstoets (\(SiteURL.qualityCheck(stored.plan.key).path)). Er is niets gewijzigd.")
        }
        let adoption = plan.adoptions.last
        let audit = entry(account, plan, .planStatusChanged, object: "status",
                          before: [AuditValue("Status", stored.plan.status.label)],
                          after: [AuditValue("Status", target.label)]
                            + (target == .adopted ? [AuditValue("Besluit", Self.decisionText(adoption!))] : [])
                            + (target == .offeredToCouncil ? plan.councilOffers.last.map {
                                [AuditValue("Aangeboden", "\($0.body), \($0.date.label)" + ($0.decisionNumber.map { ", besluit \($0)" } ?? ""))]
                            } ?? [] : []))
        do {
            _ = try await req.plans.update(plan, expectingRevision: stored.revision, audit: [audit])
        } catch PlanStoreError.conflict {
            throw Abort(.conflict, reason: "Iemand anders heeft het plan intussen gewijzigd. Laad de statuspagina opnieuw en kijk of de stap nog nodig is.")
        }
        return req.redirect(to: SiteURL.planStatus(plan.key).path + "?gewijzigd=1" + (gaps.isEmpty ? "" : "&toets=\(gaps.count)"), redirectType: .normal)
    }

    struct AdoptionProblems: Error {
        var errors: [String: String]
        var typed: [String: String]
    }

    /// "gemeenteraad, 28 januari 2020, besluit 2020-004": without "besluit" when there is no number.
    static func decisionText(_ adoption: Adoption) -> String {
        "\(adoption.body), \(adoption.date.label)" + (adoption.decisionNumber.map { ", besluit \($0)" } ?? "")
            + (adoption.signedOn.map { ", ondertekend \($0.label)" } ?? "") + (adoption.inForceFrom.map { ", in werking per \($0.label)" } ?? "")
            + (adoption.publication.map { ", \($0)" } ?? "")
    }

    /// The executive's offer to the council typed in the form: date and body required, number optional.
    private func councilOffer(_ form: FormValues, member: MunicipalityCode?) -> Result<CouncilOffer, AdoptionProblems> {
        let typed = ["aanbieding-datum": form.one("aanbieding-datum"), "aanbieding-orgaan": form.one("aanbieding-orgaan"),
                     "aanbieding-besluitnummer": form.one("aanbieding-besluitnummer")]
        var errors: [String: String] = [:]
        let date = CalendarDate(iso: typed["aanbieding-datum"]!.trimmingCharacters(in: .whitespaces))
        if date == nil { errors["aanbieding-datum"] = "Vul de datum van het collegebesluit in, bijvoorbeeld 2026-02-10." }
        let body = typed["aanbieding-orgaan"]!.trimmingCharacters(in: .whitespaces)
        if body.isEmpty { errors["aanbieding-orgaan"] = "Vul het orgaan in dat het plan aanbiedt, bijvoorbeeld college van burgemeester en wethouders." }
        if let tooLong = FormField.tooLongMessage(body, maximum: PlanLimits.adoptionBodyLength) { errors["aanbieding-orgaan"] = tooLong }
        let number = typed["aanbieding-besluitnummer"]!.trimmingCharacters(in: .whitespaces)
        if let tooLong = FormField.tooLongMessage(number, maximum: PlanLimits.decisionNumberLength) { errors["aanbieding-besluitnummer"] = tooLong }
        for (name, value) in [("aanbieding-orgaan", body), ("aanbieding-besluitnummer", number)] {
            if let problem = FormField.textMessage(value, multiline: false) { errors[name] = problem }
        }
        guard errors.isEmpty, let date else { return .failure(AdoptionProblems(errors: errors, typed: typed)) }
        return .success(CouncilOffer(date: date, body: body, decisionNumber: number.isEmpty ? nil : number, municipality: member))
    }

    /// The adoption decision typed in the form: date and body required; decision number, date of
    /// signing, date in force and publication as far as the decision has them.
    private func adoption(_ form: FormValues, member: MunicipalityCode?) -> Result<Adoption, AdoptionProblems> {
        let typed = ["datum": form.one("datum"), "orgaan": form.one("orgaan"), "besluitnummer": form.one("besluitnummer"),
                     "datum-ondertekening": form.one("datum-ondertekening"), "in-werking-per": form.one("in-werking-per"),
                     "publicatie": form.one("publicatie")]
        var errors: [String: String] = [:]
        var optionalDates: [String: CalendarDate] = [:]
        for (name, what) in [("datum-ondertekening", "van ondertekening"), ("in-werking-per", "waarop het plan in werking treedt")] {
            let text = typed[name]!.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if let date = CalendarDate(iso: text) { optionalDates[name] = date } else {
                errors[name] = "\u{201C}\(text)\u{201D} is geen datum. Vul de datum \(what) in als jaar-maand-dag, bijvoorbeeld 2026-03-12, of laat het veld leeg."
            }
        }
        let publication = typed["publicatie"]!.trimmingCharacters(in: .whitespaces)
        if let tooLong = FormField.tooLongMessage(publication, maximum: PlanLimits.lineLength) { errors["publicatie"] = tooLong }
        if let problem = FormField.textMessage(publication, multiline: false) { errors["publicatie"] = problem }
        let date = CalendarDate(iso: typed["datum"]!.trimmingCharacters(in: .whitespaces))
        if date == nil { errors["datum"] = "Vul de datum van het besluit in, bijvoorbeeld 2026-03-12." }
        let body = typed["orgaan"]!.trimmingCharacters(in: .whitespaces)
        if body.isEmpty { errors["orgaan"] = "Vul het orgaan in dat besloot, bijvoorbeeld gemeenteraad." }
        if let tooLong = FormField.tooLongMessage(body, maximum: PlanLimits.adoptionBodyLength) { errors["orgaan"] = tooLong }
        let number = typed["besluitnummer"]!.trimmingCharacters(in: .whitespaces)
        if let tooLong = FormField.tooLongMessage(number, maximum: PlanLimits.decisionNumberLength) { errors["besluitnummer"] = tooLong }
        for (name, value) in [("orgaan", body), ("besluitnummer", number)] {
            if let problem = FormField.textMessage(value, multiline: false) { errors[name] = problem }
        }
        guard errors.isEmpty, let date else { return .failure(AdoptionProblems(errors: errors, typed: typed)) }
        return .success(Adoption(date: date, body: body, decisionNumber: number.isEmpty ? nil : number, municipality: member,
                                 signedOn: optionalDates["datum-ondertekening"], inForceFrom: optionalDates["in-werking-per"],
                                 publication: publication.isEmpty ? nil : publication))
    }

    /// The municipality of `account` when it is a member of the adopted collaboration plan whose
    /// council's decision is not recorded yet.
    private func memberToAdopt(_ account: Account, _ plan: Plan) -> Municipality? {
        guard case .collaboration(let collaboration) = plan.owner, plan.status >= .adopted,
              let code = account.tenant.municipality, !plan.adoptions.contains(where: { $0.municipality == code }) else { return nil }
        return collaboration.members.first { $0.code == code }
    }

    /// Records another member council's adoption of an adopted collaboration plan. The content
    /// stays as it is; only the list of decisions grows.
    func addAdoption(_ req: Request) async throws -> Response {
        let account = try req.account
        let scoped = try await req.scope.open(try key(req), requiring: { $0.view == .current && $0.manageStatus },
                                              otherwise: "Alleen beleidsmedewerkers van het plan kunnen een vaststelling vastleggen.")
        let stored = scoped.stored
        guard let member = memberToAdopt(account, stored.plan) else {
            throw Abort(.badRequest, reason: "Voor uw gemeente is bij dit plan geen vaststelling vast te leggen: het plan is nog niet vastgesteld, is geen plan van een samenwerkingsverband, of het besluit van uw gemeenteraad staat er al bij.")
        }
        var plan = stored.plan
        switch adoption(try FormValues(req), member: member.code) {
        case .success(let adoption): plan.adoptions.append(adoption)
        case .failure(let failed):
            return html(StatusPage(plan: stored.plan, version: stored.version, errors: failed.errors, typed: failed.typed,
                                   mayManage: true, memberToAdopt: member).render(), status: .unprocessableEntity)
        }
        let added = plan.adoptions.last!
        let audit = entry(account, plan, .planStatusChanged, object: "vaststelling door \(member.name)",
                          after: [AuditValue("Besluit", Self.decisionText(added))])
        do {
            _ = try await req.plans.update(plan, expectingRevision: stored.revision, audit: [audit])
        } catch PlanStoreError.conflict {
            throw Abort(.conflict, reason: "Iemand anders heeft het plan intussen gewijzigd. Laad de statuspagina opnieuw.")
        }
        return req.redirect(to: SiteURL.planStatus(plan.key).path + "?gewijzigd=1", redirectType: .normal)
    }

    func newVersion(_ req: Request) async throws -> Response {
        let account = try req.account
        let scoped = try await req.scope.open(try key(req), requiring: { $0.view == .current && $0.manageStatus },
                                              otherwise: "Alleen beleidsmedewerkers van het plan kunnen een nieuwe versie starten.")
        let stored = scoped.stored
        guard stored.plan.status >= .adopted else {
            throw Abort(.badRequest, reason: "Alleen van een vastgesteld plan wordt een nieuwe versie gemaakt; dit plan kunt u gewoon bewerken.")
        }
        let reason = try FormValues(req).one("reden").trimmingCharacters(in: .whitespacesAndNewlines)
        let reasonProblem = FormField.textMessage(reason, multiline: true)
        let reasonMessage = reasonProblem ?? FormField.tooLongMessage(reason, maximum: 2000)
            ?? (reason.isEmpty ? "Schrijf in een paar woorden waarom er een nieuwe versie komt (maximaal 2.000 tekens)." : nil)
        if let reasonMessage {
            // What was typed comes back whole, also when it is too long.
            return html(StatusPage(plan: stored.plan, version: stored.version, errors: ["reden": reasonMessage],
                                   typed: ["reden": reason], mayManage: true).render(), status: .unprocessableEntity)
        }
        do {
            try await req.plans.startNewVersion(of: stored.plan.key, expectingRevision: stored.revision, reason: reason,
                                                by: account.displayName, audit: entry(account, stored.plan, .planVersionStarted,
                                                    object: "versie \(stored.version + 1)",
                                                    before: [AuditValue("Versie", "\(stored.version)"), AuditValue("Status", stored.plan.status.label)],
                                                    after: [AuditValue("Versie", "\(stored.version + 1)"), AuditValue("Status", PlanStatus.draft.label),
                                                            AuditValue("Reden", reason)]))
        } catch PlanStoreError.conflict {
            throw Abort(.conflict, reason: "Iemand anders heeft het plan intussen gewijzigd. Laad de statuspagina opnieuw.")
        }
        return req.redirect(to: SiteURL.edit(stored.plan.key, []).path, redirectType: .normal)
    }

    /// The version history. Readers of the adopted version see the adopted versions, not the
    /// concept being prepared.
    func versions(_ req: Request) async throws -> Response {
        let scoped = try await req.scope.open(try key(req))
        var versions = try await req.plans.versions(of: scoped.plan.key)
        var shown = scoped.stored.version
        if scoped.isAdoptedVersion, let adopted = scoped.stored.adoptedVersion {
            versions.removeAll { $0.number >= adopted }
            shown = adopted
        }
        return html(VersionsPage(plan: scoped.plan, currentVersion: scoped.stored.version, versions: versions,
                                 newVersionInPreparation: scoped.isAdoptedVersion, shownVersion: shown).render())
    }

    // MARK: Progress

    private func openForProgress(_ req: Request) async throws -> (ScopedPlan, Theme, Action) {
        let scoped = try await req.scope.open(try key(req))
        guard let key = req.parameters.get("action").flatMap(Key.init), let (theme, action) = scoped.plan.action(key) else {
            throw Abort(.notFound, reason: "Deze actie bestaat niet in het plan \u{201C}\(scoped.plan.title)\u{201D}.")
        }
        guard scoped.permissions.mayUpdateProgress(ofActionLedBy: action.owner) else {
            throw Abort(.forbidden, reason: scoped.permissions.progressPartners == nil
                ? "U mag de voortgang van acties in dit plan niet bijwerken."
                : "U kunt alleen de voortgang bijwerken van acties die uw organisatie trekt, en alleen in een vastgesteld plan.")
        }
        return (scoped, theme, action)
    }

    /// Whether a new version is being prepared while the adopted one is in force.
    private func preparingNewVersion(_ scoped: ScopedPlan) -> Bool {
        scoped.stored.adoptedVersion != nil && scoped.stored.plan.status < .adopted
    }

    func progressForm(_ req: Request) async throws -> Response {
        let (scoped, theme, action) = try await openForProgress(req)
        let notice = req.queryValue("opgeslagen").map { _ in "De voortgang is opgeslagen." }
        return html(ProgressPage(plan: scoped.plan, theme: theme, action: action, mayShiftPlanning: scoped.permissions.shiftPlanning,
                                 newVersionInPreparation: preparingNewVersion(scoped), notice: notice).render())
    }

    func saveProgress(_ req: Request) async throws -> Response {
        let account = try req.account
        let form = try FormValues(req)
        return try await retryingConflicts(req, plan: req.parameters.get("plan") ?? "") {
            let (scoped, theme, action) = try await openForProgress(req)
            let mayShift = scoped.permissions.shiftPlanning
            var errors: [String: String] = [:]
            // An empty choice is "Geen status": the action then has none.
            let typedStatus = form.one("status")
            let status = ActionStatus(rawValue: typedStatus)
            if status == nil, !typedStatus.isEmpty || !form.has("status") { errors["status"] = "Kies een stand van zaken uit de lijst." }
            let note = form.one("voortgang")
            if let tooLong = FormField.tooLongMessage(note, maximum: PlanLimits.textLength) { errors["voortgang"] = tooLong }
            if let problem = FormField.textMessage(note, multiline: true) { errors["voortgang"] = problem }
            // Only officers running the plan move a planning; a field sent by anyone else is ignored.
            var planning: PlannedPeriod?? = nil
            let typedPlanning = form.one("planning").trimmingCharacters(in: .whitespaces)
            if mayShift, form.has("planning") {
                if typedPlanning.isEmpty {
                    planning = .some(nil)
                } else if case .success(let period) = PlannedPeriod.parse(typedPlanning) {
                    planning = .some(period)
                } else {
                    errors["planning"] = "\u{201C}\(typedPlanning)\u{201D} is geen planning. Schrijf bijvoorbeeld 2026, 2026-2027, 2026-Q3, doorlopend, jaarlijks, per kwartaal of vanaf 2026-03."
                }
            }
            guard errors.isEmpty else {
                return html(ProgressPage(plan: scoped.plan, theme: theme, action: action, status: form.one("status"), note: note,
                                         planning: typedPlanning, mayShiftPlanning: mayShift,
                                         newVersionInPreparation: preparingNewVersion(scoped), errors: errors).render(),
                            status: .unprocessableEntity)
            }
            let update = ExecutionUpdate(action: action.key, status: status, progressNote: Prose(note), planning: planning)
            var before = [AuditValue("Stand van zaken", action.status?.label ?? ActionStatus.noneLabel), AuditValue("Toelichting", action.progressNote.source)]
            var after = [AuditValue("Stand van zaken", status?.label ?? ActionStatus.noneLabel), AuditValue("Toelichting", update.progressNote.source)]
            if let planning, planning != action.planning {
                before.append(AuditValue("Planning", action.planning?.label ?? "–"))
                after.append(AuditValue("Planning", planning?.label ?? "–"))
            }
            let audit = entry(account, scoped.stored.plan, .actionProgressUpdated, object: "actie \u{201C}\(action.description)\u{201D}",
                              before: before, after: after)
            do {
                _ = try await req.plans.updateExecution(update, of: scoped.stored.plan.key, expectingRevision: scoped.stored.revision,
                                                        audit: [audit])
            } catch PlanStoreError.notFound {
                throw Abort(.notFound, reason: "Deze actie bestaat niet meer in het plan. Laad de pagina van het thema opnieuw.")
            }
            return req.redirect(to: SiteURL.progress(plan: scoped.plan.key, action: action.key).path + "?opgeslagen=1", redirectType: .normal)
        }
    }
}
