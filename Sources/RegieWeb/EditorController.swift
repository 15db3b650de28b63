import Foundation
import RegieCore
import RegiePlanFile
import RegieReports
import Vapor

/// Editing a plan in the browser: every part's form, adding, removing and reordering. Every
/// change is checked against the access policy (through ``PlanScope``), against the plan's rules,
/// and against someone else's save in between (the form carries a fingerprint of what it showed).
struct EditorController {
    func boot(routes: any RoutesBuilder) {
        let edit = routes.grouped("plannen", ":plan", "bewerken")
        edit.get(use: show)
        edit.get("**", use: show)
        edit.post(use: change)
        edit.post("**", use: change)
    }

    static let frozenReason = "Dit plan is vastgesteld en ligt daarom vast. Wilt u de inhoud wijzigen, start dan op de statuspagina een nieuwe versie."

    /// The path below `bewerken`.
    private func segments(_ req: Request) -> [String] {
        req.parameters.getCatchall().map { $0.removingPercentEncoding ?? $0 }
    }

    private func key(_ req: Request) throws -> Key {
        guard let key = req.parameters.get("plan").flatMap(Key.init) else { throw Abort(.notFound) }
        return key
    }

    /// Opens the plan for editing: the account must see the current version and may edit
    /// something or manage its status; others get 403 (or 404 when they may not see it at all).
    private func open(_ req: Request) async throws -> ScopedPlan {
        try await req.scope.open(try key(req), requiring: { $0.view == .current && ($0.canEditSomething || $0.manageStatus) },
                                 otherwise: "U mag dit plan lezen, maar niet bewerken.")
    }

    private func editor(_ req: Request, _ scoped: ScopedPlan) async throws -> PlanEditor {
        PlanEditor(plan: scoped.stored.plan, organisations: try await req.accounts.organisations(),
                   openableChapters: scoped.permissions.editChapters)
    }

    /// Whether `permissions` allow changing `part`, and if not, why.
    static func mayEdit(_ part: EditorPart, _ permissions: PlanPermissions, plan: Plan) -> String? {
        if plan.status >= .adopted { return frozenReason }
        if editAccess(permissions).allows(chapter: part.chapter) { return nil }
        return part.chapter == nil ? "U mag dit onderdeel niet bewerken."
            : "Dit lokale hoofdstuk kan alleen worden bewerkt door beleidsmedewerkers van de gemeente zelf."
    }

    /// The rule of ``mayEdit`` for the edit links on the reading pages.
    static func editAccess(_ permissions: PlanPermissions) -> EditAccess {
        EditAccess(common: permissions.editCommon, chapters: permissions.editChapters)
    }

    /// Where a save of the part at `path` returns to: a section to itself; an item to the section
    /// of its list, at the item, which the page then names in its confirmation.
    static func afterSave(_ key: Key, _ path: [String]) -> String {
        guard path.count >= 2, path.count % 2 == 0 else { return SiteURL.edit(key, path).path + "?opgeslagen=1" }
        let anchor = EditorPage.anchor(path[path.count - 2], path[path.count - 1])
        return SiteURL.edit(key, Array(path.dropLast())).path + "?opgeslagen=\(anchor)#\(anchor)"
    }

    // MARK: Showing

    func show(_ req: Request) async throws -> Response {
        let scoped = try await open(req)
        let editor = try await editor(req, scoped)
        var path = segments(req)
        if path.last == "verwijderen" {
            path.removeLast()
            guard path.count >= 2, let part = editor.part(at: path),
                  let list = editor.part(at: Array(path.dropLast(2)))?.list(path[path.count - 2]) else { throw gone() }
            if let reason = Self.mayEdit(part, scoped.permissions, plan: scoped.plan) { throw Abort(.forbidden, reason: reason) }
            return html(ConfirmRemovePage(plan: scoped.plan, title: part.title,
                                          action: SiteURL.edit(scoped.plan.key, path + ["verwijderen"]).path,
                                          back: SiteURL.edit(scoped.plan.key, Array(path.dropLast(1))).path,
                                          fingerprint: list.fingerprint).render())
        }
        guard let part = editor.page(at: path) else { throw gone() }
        let reason = Self.mayEdit(part, scoped.permissions, plan: scoped.plan)
        let saved = req.queryValue("opgeslagen")
        return html(EditorPage(plan: scoped.plan, part: part, notice: saved == nil ? nil : "Opgeslagen.", editable: reason == nil,
                               readOnlyReason: reason, savedItem: saved == "1" ? nil : saved).render())
    }

    private func gone() -> Abort {
        Abort(.notFound, reason: "Dit onderdeel bestaat niet (meer) in het plan. Misschien heeft iemand anders het verwijderd of hernoemd.")
    }

    // MARK: Changing

    func change(_ req: Request) async throws -> Response {
        let path = segments(req)
        let form = try FormValues(req)
        switch path.last {
        case "toevoegen" where path.count >= 2:
            return try await add(req, parent: Array(path.dropLast(2)), segment: path[path.count - 2], form: form)
        case "verwijderen" where path.count >= 3, "omhoog" where path.count >= 3, "omlaag" where path.count >= 3:
            return try await listChange(req, parent: Array(path.dropLast(3)), segment: path[path.count - 3],
                                        id: path[path.count - 2], operation: path.last!, form: form)
        default:
            return try await save(req, path: path, form: form)
        }
    }

    /// Saves a part's form. Retries when someone saved another part in between; refuses when
    /// someone changed this part since the form was shown.
    private func save(_ req: Request, path: [String], form: FormValues) async throws -> Response {
        let account = try req.account
        let submittedFingerprint = form.one("vorige")
        return try await retryingConflicts(req, plan: try key(req).rawValue) {
            let scoped = try await open(req)
            let stored = scoped.stored
            let editor = try await editor(req, scoped)
            guard let part = editor.part(at: path) else { throw gone() }
            if let reason = Self.mayEdit(part, scoped.permissions, plan: stored.plan) { throw Abort(.forbidden, reason: reason) }
            let typed = Dictionary(uniqueKeysWithValues: part.fields.map { ($0.name, form.all($0.name)) })
            let current = part.fingerprint(in: stored.plan)
            if current != submittedFingerprint {
                let conflict = EditConflict(by: "een collega", at: stored.updatedAt, theirs: part.fields.map { field in
                    (field.label, EditorPage.display(field, field.values(in: stored.plan)))
                })
                return html(EditorPage(plan: stored.plan, part: part, values: typed, fingerprint: current, conflict: conflict).render(),
                            status: .conflict)
            }
            var plan = stored.plan
            var errors: [String: String] = [:]
            for field in part.fields {
                // A check box group sends nothing when none is ticked; every other field is always sent.
                if case .choices = field.input {} else if !form.has(field.name) { continue }
                if let message = field.apply(form.all(field.name), to: &plan) { errors[field.name] = message }
            }
            let problems = newProblems(before: stored.plan, after: plan)
            guard errors.isEmpty, problems.isEmpty else {
                return html(EditorPage(plan: stored.plan, part: part, values: typed, errors: errors, problems: problems,
                                       fingerprint: submittedFingerprint).render(), status: .unprocessableEntity)
            }
            if plan == stored.plan {
                return req.redirect(to: Self.afterSave(stored.plan.key, path), redirectType: .normal)
            }
            let audit = entry(account, stored.plan, .planPartChanged, object: part.title,
                              before: auditValues(part, stored.plan), after: auditValues(part, plan))
            _ = try await req.plans.update(plan, expectingRevision: stored.revision, audit: [audit])
            return req.redirect(to: Self.afterSave(plan.key, path), redirectType: .normal)
        }
    }

    private func add(_ req: Request, parent path: [String], segment: String, form: FormValues) async throws -> Response {
        let account = try req.account
        return try await retryingConflicts(req, plan: try key(req).rawValue) {
            let scoped = try await open(req)
            let stored = scoped.stored
            let editor = try await editor(req, scoped)
            guard let parent = editor.part(at: path), let list = parent.list(segment) else { throw gone() }
            if let reason = Self.mayEdit(parent, scoped.permissions, plan: stored.plan) { throw Abort(.forbidden, reason: reason) }
            // Messages appear on the page of the section that holds the list.
            let page = editor.part(at: path + [segment]) ?? parent
            var plan = stored.plan
            let typed = form.one("nieuw-\(segment)")
            switch list.add(typed, to: &plan) {
            case .failure(let problem):
                return html(EditorPage(plan: stored.plan, part: page, addErrors: [segment: (typed, problem.message)]).render(),
                            status: .unprocessableEntity)
            case .success(let id):
                // The new part must be one this account may edit: a member's officer cannot open
                // another member's local chapter.
                let added = PlanEditor(plan: plan, organisations: editor.organisations).part(at: path + [segment, id])
                if let added, let reason = Self.mayEdit(added, scoped.permissions, plan: stored.plan) {
                    throw Abort(.forbidden, reason: reason)
                }
                let problems = newProblems(before: stored.plan, after: plan)
                if !problems.isEmpty {
                    return html(EditorPage(plan: stored.plan, part: page, problems: problems).render(), status: .unprocessableEntity)
                }
                let audit = entry(account, plan, .planPartAdded, object: "\(parent.title) · nieuw: \(list.singular)",
                                  after: [AuditValue(list.addLabel, typed)])
                _ = try await req.plans.update(plan, expectingRevision: stored.revision, audit: [audit])
                return req.redirect(to: SiteURL.edit(plan.key, path + [segment, id]).path, redirectType: .normal)
            }
        }
    }

    private func listChange(_ req: Request, parent path: [String], segment: String, id: String, operation: String,
                            form: FormValues) async throws -> Response {
        let account = try req.account
        let submitted = form.one("vorige")
        return try await retryingConflicts(req, plan: try key(req).rawValue) {
            let scoped = try await open(req)
            let stored = scoped.stored
            let editor = try await editor(req, scoped)
            guard let parent = editor.part(at: path), let list = parent.list(segment), let element = list.part(id) else { throw gone() }
            if let reason = Self.mayEdit(element, scoped.permissions, plan: stored.plan) { throw Abort(.forbidden, reason: reason) }
            let page = editor.part(at: path + [segment]) ?? parent
            let back = SiteURL.edit(stored.plan.key, path + [segment]).path
            if list.fingerprint != submitted {
                return html(EditorPage(plan: stored.plan, part: page,
                                       notice: "De lijst \(list.title.lowercased()) is intussen door iemand anders gewijzigd; hieronder staat hoe hij nu is. Er is niets veranderd.").render(),
                            status: .conflict)
            }
            var plan = stored.plan
            let before = auditValues(element, stored.plan)
            let action: AuditAction
            switch operation {
            case "verwijderen":
                guard list.remove(id, from: &plan) else { throw gone() }
                action = .planPartRemoved
            default:
                guard list.move(id, by: operation == "omhoog" ? -1 : 1, in: &plan) else {
                    return req.redirect(to: back, redirectType: .normal)
                }
                action = .planPartMoved
            }
            let problems = newProblems(before: stored.plan, after: plan)
            if !problems.isEmpty {
                return html(EditorPage(plan: stored.plan, part: page,
                                       problems: ["\(element.title) kan niet worden verwijderd, omdat andere onderdelen ernaar verwijzen:"] + problems).render(),
                            status: .unprocessableEntity)
            }
            let audit = entry(account, plan, action, object: element.title,
                              before: action == .planPartRemoved ? before : [AuditValue("Plaats", operation == "omhoog" ? "lager" : "hoger")],
                              after: action == .planPartRemoved ? [] : [AuditValue("Plaats", operation == "omhoog" ? "een plaats omhoog" : "een plaats omlaag")])
            _ = try await req.plans.update(plan, expectingRevision: stored.revision, audit: [audit])
            return req.redirect(to: back, redirectType: .normal)
        }
    }

    // MARK: Helpers

    /// Problems of the plan after the change that it did not have before, in Dutch.
    private func newProblems(before: Plan, after: Plan) -> [String] {
        let old = Set(before.problems().map(\.kind))
        return after.problems().filter { !old.contains($0.kind) }.map(PlanFileProblem.init(problem:)).map(\.description)
    }

    private func auditValues(_ part: EditorPart, _ plan: Plan) -> [AuditValue] {
        part.fields.map { AuditValue($0.label, EditorPage.display($0, $0.values(in: plan))) }
    }
}

/// Runs a read-modify-write of one plan. Within this server, writes to one plan take turns (a
/// lock per plan), so two people adding to the same list both land instead of one getting a
/// conflict; against other servers on the same database the compare-and-set on the plan's
/// revision still decides, and `attempt` runs again (reading the plan afresh) when someone saved
/// in between, with a short random pause, up to six times in all.
func retryingConflicts(_ req: Request, plan key: String, _ attempt: () async throws -> Response) async throws -> Response {
    try await req.application.planWriteLocks.withLock(key) {
        for round in 0..<5 {
            do { return try await attempt() } catch PlanStoreError.conflict {
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...25) * (round + 1)))
            }
        }
        do {
            return try await attempt()
        } catch PlanStoreError.conflict {
            throw Abort(.conflict, reason: "Het plan wordt op dit moment door anderen gewijzigd. Probeer het over een paar seconden opnieuw.")
        }
    }
}

/// One lock per key, held by one task at a time; waiting tasks are served in order.
actor KeyedLocks {
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    nonisolated func withLock<T>(_ key: String, _ body: () async throws -> T) async throws -> T {
        await lock(key)
        do {
            let result = try await body()
            await unlock(key)
            return result
        } catch {
            await unlock(key)
            throw error
        }
    }

    private func lock(_ key: String) async {
        if !held.contains(key) {
            held.insert(key)
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func unlock(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            // The lock passes straight to the next in line.
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}

struct PlanWriteLocksKey: StorageKey { typealias Value = KeyedLocks }

extension Application {
    /// The per-plan write locks of this server, made at start-up.
    var planWriteLocks: KeyedLocks {
        guard let locks = storage[PlanWriteLocksKey.self] else { fatalError("planWriteLocks used before configureRegie") }
        return locks
    }
}

/// An audit entry about a plan, for the beheerders of every municipality involved.
func entry(_ account: Account, _ plan: Plan, _ action: AuditAction, object: String,
           before: [AuditValue] = [], after: [AuditValue] = []) -> AuditEntry {
    AuditEntry(actor: account.id, actorName: account.displayName, municipalities: plan.owner.municipalities.map(\.code),
               action: action, object: "\(plan.title) (\(plan.key.rawValue)) · \(object)", before: before, after: after)
}
