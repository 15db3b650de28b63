import Foundation
import RegieCore
import RegieReports

/// `regie plan import`: stores plan files by the rules the browser follows. A new plan is added;
/// an existing one is only replaced with `--vervang`, after showing what changes; adopted content
/// is never overwritten (the file becomes a new version, as "Nieuwe versie" in the browser does);
/// progress recorded on actions is kept when the file has none; every write is audited with the
/// account that ran the command. All files are stored in one transaction, or none.
public enum PlanImport {
    /// What the command line asked for.
    public struct Request: Sendable {
        /// Each plan with the file it was read from.
        public var plans: [(file: String, plan: Plan)]
        /// `--vervang`: existing plans may be replaced (or get a new version).
        public var replace: Bool
        /// `--account` or `REGIE_ACCOUNT`: who runs the import.
        public var accountName: String?
        /// `--reden`: why a new version of an adopted plan is made.
        public var reason: String?
        /// The command as typed, for the audit trail.
        public var commandLine: String

        public init(plans: [(file: String, plan: Plan)], replace: Bool, accountName: String?, reason: String?, commandLine: String) {
            self.plans = plans
            self.replace = replace
            self.accountName = accountName
            self.reason = reason
            self.commandLine = commandLine
        }
    }

    /// What the import did or would do, as lines for the terminal.
    public struct Report: Sendable {
        public var lines: [String]
        /// Whether anything was written.
        public var stored: Bool
        /// The decision per plan, in the order of the files.
        public var steps: [PlanImportStep]
    }

    /// Why nothing was stored, in Dutch; `lines` holds what was found before (the changes).
    public struct Refusal: Error, CustomStringConvertible {
        public var lines: [String]
        public var reason: String
        public var description: String { (lines + [reason]).joined(separator: "\n") }
    }

    /// The actor name in the audit trail when a database without accounts is written from the command line.
    static let anonymousActor = "opdrachtregel (database zonder accounts)"

    public static func run(_ request: Request, plans repository: any PlanRepository,
                           accounts: any AccountRepository) async throws -> Report {
        var steps: [PlanImportStep] = []
        for (_, plan) in request.plans {
            steps.append(PlanImportStep.decide(importing: plan, over: try await repository.stored(plan.key)))
        }
        var lines: [String] = []
        for ((file, _), step) in zip(request.plans, steps) { lines += describe(step, file: file) }

        let writing = steps.filter { $0.kind != .unchanged }
        guard !writing.isEmpty else {
            return Report(lines: lines + ["Er is niets veranderd."], stored: false, steps: steps)
        }
        let replacing = steps.filter(\.replacesStoredPlan)
        if !replacing.isEmpty, !request.replace {
            throw Refusal(lines: lines, reason: """
                Er is niets ingelezen: \(replacing.count == 1 ? "een plan bestaat" : "\(replacing.count) plannen bestaan") al en \
                zou\(replacing.count == 1 ? "" : "den") veranderen zoals hierboven staat. Controleer de wijzigingen; wilt u ze \
                doorvoeren, voer dan dezelfde opdracht uit met --vervang.
                """)
        }

        let account = try await actor(request.accountName, accounts: accounts, lines: lines)
        if let account {
            for step in writing {
                if let problem = mayWrite(account, step) { throw Refusal(lines: lines, reason: problem + " Er is niets ingelezen.") }
            }
        }

        var writes: [PlanImportWrite] = []
        for ((file, _), step) in zip(request.plans, steps) where step.kind != .unchanged {
            let audit = auditEntry(step, file: file, account: account, commandLine: request.commandLine)
            switch step.kind {
            case .create:
                writes.append(.create(step.plan, audit: audit))
            case .replace:
                writes.append(.replace(step.plan, expectingRevision: step.stored!.revision, audit: audit))
            case .newVersion:
                let reason = request.reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
                    ?? "Ingelezen uit \(file) met regie plan import"
                writes.append(.newVersion(step.plan, expectingRevision: step.stored!.revision, reason: String(reason.prefix(2000)),
                                          by: account?.displayName ?? anonymousActor, audit: audit))
            case .unchanged:
                break
            }
        }
        do {
            try await repository.importPlans(writes)
        } catch PlanStoreError.conflict, PlanStoreError.keyTaken, PlanStoreError.notFound {
            throw Refusal(lines: lines, reason: """
                Er is niets ingelezen: een van de plannen is intussen (in de browser) gewijzigd. Voer de opdracht opnieuw \
                uit; Regie laat dan zien wat er met de nieuwste stand verandert.
                """)
        }
        for ((_, _), step) in zip(request.plans, steps) {
            let name = "\(step.plan.title) (\(step.plan.key.rawValue))"
            switch step.kind {
            case .create: lines.append("Ingelezen: \(name).")
            case .replace: lines.append("Vervangen: \(name), versie \(step.stored!.version).")
            case .newVersion:
                lines.append("Nieuwe versie: \(name) is nu versie \(step.stored!.version + 1), als concept; versie \(step.stored!.version) blijft bewaard en zichtbaar voor lezers tot de nieuwe versie is vastgesteld.")
            case .unchanged: break
            }
        }
        return Report(lines: lines, stored: true, steps: steps)
    }

    /// The account named on the command line, or nil for a database without accounts.
    private static func actor(_ name: String?, accounts: any AccountRepository, lines: [String]) async throws -> Account? {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            guard try await accounts.accounts(of: nil).isEmpty else {
                throw Refusal(lines: lines, reason: """
                    Er is niets ingelezen: deze database heeft accounts, dus Regie moet weten wie inleest (voor het logboek). \
                    Geef uw gebruikersnaam met --account NAAM of in de omgevingsvariabele REGIE_ACCOUNT.
                    """)
            }
            return nil
        }
        guard let (account, _) = try await accounts.account(named: Account.normalise(username: name)) else {
            throw Refusal(lines: lines, reason: "Er is niets ingelezen: er is geen account \"\(name)\" (--account). `regie user list` toont de accounts.")
        }
        guard !account.disabled else {
            throw Refusal(lines: lines, reason: "Er is niets ingelezen: het account \"\(account.username)\" is uitgeschakeld.")
        }
        return account
    }

    /// Why `account` may not store `step`, or nil when it may: the browser's rules.
    static func mayWrite(_ account: Account, _ step: PlanImportStep) -> String? {
        let name = "\(step.plan.title) (\(step.plan.key.rawValue))"
        let owners = step.plan.owner.municipalities.map(\.code)
        guard AccessPolicy.mayCreatePlan(account, ownedBy: owners) else {
            return "Account \"\(account.username)\" mag plan \(name) niet inlezen: alleen beleidsmedewerkers van "
                + (owners.count == 1 ? "de gemeente \(owners[0].rawValue)" : "een van de gemeenten \(owners.map(\.rawValue).joined(separator: ", "))")
                + " kunnen dat."
        }
        guard let stored = step.stored else { return nil }
        let permissions = AccessPolicy.permissions(of: account, for: stored.access)
        guard permissions.view == .current, permissions.manageStatus else {
            return "Account \"\(account.username)\" mag het opgeslagen plan \(name) niet vervangen: alleen beleidsmedewerkers van de gemeenten van dat plan kunnen dat."
        }
        return nil
    }

    // MARK: Describing

    /// The lines that tell what importing `file` does, before anything is stored.
    static func describe(_ step: PlanImportStep, file: String) -> [String] {
        let plan = step.plan
        let name = "\(plan.title) (\(plan.key.rawValue))"
        guard let stored = step.stored else {
            return ["\(file): nieuw plan \(name), \(counts(plan))."]
        }
        if step.kind == .unchanged {
            var line = "\(file): \(name) is al zo opgeslagen; er verandert niets"
            if !step.progressKept.isEmpty { line += " (de voortgang die in Regie is bijgewerkt, blijft staan)" }
            return [line + "."] + statusNote(step, stored)
        }
        var lines = ["\(file): \(name) bestaat al (versie \(stored.version), \(stored.plan.status.label.lowercased())). Het bestand verandert:"]
        for change in step.changes { lines.append("  - \(change.label)") }
        if let status = step.statusChange { lines.append("  - Status: \(status.from.label.lowercased()) wordt \(status.to.label.lowercased())") }
        if step.plan.adoptions != stored.plan.adoptions, step.kind == .replace {
            lines.append("  - Vaststellingen: \(stored.plan.adoptions.count) wordt \(step.plan.adoptions.count)")
        }
        let before = counts(stored.plan), after = counts(plan)
        if before != after { lines.append("  - Omvang: \(before) wordt \(after)") }
        if !step.progressKept.isEmpty {
            lines.append("  - De voortgang die in Regie is bijgewerkt, blijft staan bij \(step.progressKept.count == 1 ? "actie" : "\(step.progressKept.count) acties"): "
                         + quoted(step.progressKept.map(\.description)))
        }
        for action in step.progressLost {
            let note = action.progressNote.isEmpty ? "" : ", \(short(action.progressNote.source, 80))"
            lines.append("  - Let op: de voortgang van actie \(short(action.description, 80)) (\((action.status?.label ?? ActionStatus.noneLabel).lowercased())\(note)) gaat verloren")
        }
        if step.kind == .replace { lines += statusNote(step, stored) }
        if step.kind == .newVersion {
            lines.append("  Het opgeslagen plan is vastgesteld; die inhoud ligt vast. Met --vervang blijft versie \(stored.version) bewaard "
                         + "(lezers zien die tot de nieuwe versie is vastgesteld) en wordt het bestand versie \(stored.version + 1), als concept"
                         + (step.requestedStatus.map { " (het bestand zegt \"\($0.label.lowercased())\"; dat geldt pas na een nieuw besluit op de statuspagina)" } ?? "")
                         + ".")
        }
        return lines
    }

    /// Why the status the file asks for is not taken over by a plan that is not adopted.
    private static func statusNote(_ step: PlanImportStep, _ stored: StoredPlan) -> [String] {
        guard let requested = step.requestedStatus, step.kind != .newVersion else { return [] }
        return ["  De status blijft \(stored.plan.status.label.lowercased()): het bestand zegt \"\(requested.label.lowercased())\", "
                + "maar een plan wordt vastgesteld op de statuspagina, met het besluit van de raad."]
    }

    private static func counts(_ plan: Plan) -> String {
        let themes = plan.allThemes.count, actions = plan.allActions.count
        return "\(themes) \(themes == 1 ? "thema" : "thema's"), \(actions) \(actions == 1 ? "actie" : "acties")"
    }

    private static func quoted(_ texts: [String]) -> String {
        let shown = texts.prefix(5).map { short($0, 60) }.joined(separator: ", ")
        return texts.count > 5 ? shown + " en nog \(texts.count - 5)" : shown
    }

    /// `text` on one line, at most `length` characters, between quotes.
    private static func short(_ text: String, _ length: Int) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return "\u{201C}\(line.prefix(length))\(line.count > length ? "…" : "")\u{201D}"
    }

    // MARK: Audit

    static func auditEntry(_ step: PlanImportStep, file: String, account: Account?, commandLine: String) -> AuditEntry {
        let plan = step.plan
        var municipalities = plan.owner.municipalities.map(\.code)
        for code in step.stored?.plan.owner.municipalities.map(\.code) ?? [] where !municipalities.contains(code) {
            municipalities.append(code)
        }
        func facts(_ plan: Plan, version: Int) -> [AuditValue] {
            [AuditValue("Titel", plan.title), AuditValue("Versie", "\(version)"), AuditValue("Status", plan.status.label),
             AuditValue("Omvang", counts(plan))]
        }
        let before = step.stored.map { facts($0.plan, version: $0.version) } ?? []
        let version = step.stored.map { step.kind == .newVersion ? $0.version + 1 : $0.version } ?? 1
        var changes = step.changes.map(\.label)
        if let status = step.statusChange { changes.append("Status: \(status.from.label.lowercased()) wordt \(status.to.label.lowercased())") }
        if !step.progressKept.isEmpty { changes.append("Voortgang uit Regie behouden bij \(step.progressKept.count) actie(s)") }
        if !step.progressLost.isEmpty { changes.append("Voortgang overschreven of verwijderd bij \(step.progressLost.count) actie(s)") }
        let what: String = switch step.kind {
        case .create: "nieuw plan"
        case .replace: "plan vervangen"
        case .newVersion: "nieuwe versie \(version) (de vastgestelde versie \(version - 1) blijft bewaard)"
        case .unchanged: "ongewijzigd"
        }
        let after = facts(plan, version: version) + [
            AuditValue("Inlezen", what),
            AuditValue("Wijzigingen", changes.isEmpty ? "–" : changes.joined(separator: "\n")),
            AuditValue("Bestand", file),
            AuditValue("Opdracht", commandLine),
        ]
        return AuditEntry(actor: account?.id, actorName: account?.displayName ?? anonymousActor, municipalities: municipalities,
                          action: .planImported, object: "\(plan.title) (\(plan.key.rawValue)) · ingelezen uit planbestand",
                          before: before, after: after)
    }
}
