import Foundation

/// What importing a plan file does to the plan stored under the same key, decided by the same
/// rules as the browser: adopted content is frozen (a change makes a new version), progress
/// recorded on actions is not lost silently, and replacing anything is shown before it is done.
public struct PlanImportStep: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// No plan with this key is stored: the plan is added.
        case create
        /// The stored plan already says exactly this: nothing is written.
        case unchanged
        /// The stored plan is replaced by the file (a concept, or only progress of an adopted plan).
        case replace
        /// The stored plan is adopted and its content changes: the adopted content is kept as a
        /// version and the file becomes the next version, as a concept.
        case newVersion
    }

    public var kind: Kind
    /// The plan as it will be stored (progress kept, a new version as concept).
    public var plan: Plan
    public var stored: StoredPlan?
    /// Parts added, removed or changed, from the stored plan to ``plan``.
    public var changes: [PlanChange]
    /// Whether the status or the adoption decisions change (not part of ``changes``, which
    /// describes content as the versions page does).
    public var statusChange: (from: PlanStatus, to: PlanStatus)? {
        guard let stored, stored.plan.status != plan.status else { return nil }
        return (stored.plan.status, plan.status)
    }
    /// Actions whose progress (status and note), recorded in Regie, is kept because the file
    /// has none for them.
    public var progressKept: [Action]
    /// Actions whose recorded progress the file overwrites or removes.
    public var progressLost: [Action]
    /// The status the file asked for when it is not taken over: a new version is stored as a
    /// concept, and a plan that is not adopted is only adopted on the status page.
    public var requestedStatus: PlanStatus?

    /// Whether storing this step changes a plan that exists.
    public var replacesStoredPlan: Bool { kind == .replace || kind == .newVersion }

    /// Decides what importing `file` does when `stored` is the plan with the same key (nil when
    /// there is none).
    public static func decide(importing file: Plan, over stored: StoredPlan?) -> PlanImportStep {
        guard let stored else {
            return PlanImportStep(kind: .create, plan: file, stored: nil, changes: [], progressKept: [], progressLost: [])
        }
        var plan = file
        let (kept, lost) = plan.keepProgress(of: stored.plan)
        // A file without running data (an older export, a plan written by hand) keeps what the
        // stored plan has: nothing recorded in the browser is lost by importing it (ADR 0013).
        if plan.execution.isEmpty { plan.execution = stored.plan.execution }
        var requested: PlanStatus?
        var kind = Kind.replace
        if stored.plan.status >= .adopted {
            // Status steps, further adoption decisions and progress do not touch the frozen
            // content; anything else does, and so does going back before adoption. As "Nieuwe
            // versie" in the browser: the adopted content is kept, the next version starts as a
            // concept without decisions and is adopted on the status page.
            if plan.content != stored.plan.content || plan.status < .adopted {
                kind = .newVersion
                if plan.status != .draft { requested = plan.status }
                plan.status = .draft
                plan.adoptions = []
                plan.councilOffers = []
            }
        } else if plan.status >= .adopted {
            // Adopting is done on the status page with the council's decision, not by a file
            // (whose decisions may be those of an earlier version): the status stays as stored.
            requested = plan.status
            plan.status = stored.plan.status
            plan.adoptions = stored.plan.adoptions
            plan.councilOffers = stored.plan.councilOffers
        }
        if plan == stored.plan {
            return PlanImportStep(kind: .unchanged, plan: plan, stored: stored, changes: [], progressKept: kept, progressLost: [],
                                  requestedStatus: requested)
        }
        return PlanImportStep(kind: kind, plan: plan, stored: stored, changes: PlanChange.between(stored.plan, plan),
                              progressKept: kept, progressLost: lost, requestedStatus: requested)
    }
}

extension Action {
    /// Whether progress was recorded: a status other than planned, or a note.
    public var hasProgress: Bool { (status ?? .planned) != .planned || !progressNote.isEmpty }
}

extension Plan {
    /// Every action of the plan, common and local, in tracks or not.
    public var allActions: [Action] { allThemes.flatMap(\.allActions) }

    /// Applies `body` to every action of the plan.
    public mutating func modifyActions(_ body: (inout Action) -> Void) {
        func update(_ theme: inout Theme) {
            for i in theme.actions.indices { body(&theme.actions[i]) }
            for t in theme.tracks.indices {
                for i in theme.tracks[t].actions.indices { body(&theme.tracks[t].actions[i]) }
            }
        }
        for i in themes.indices { update(&themes[i]) }
        for c in localChapters.indices {
            for i in localChapters[c].themes.indices { update(&localChapters[c].themes[i]) }
        }
    }

    /// The plan with every action back to planned and without a progress note: its content.
    public var withoutProgress: Plan {
        var copy = self
        copy.modifyActions { action in
            // An action without a status keeps none: the plan gave it none.
            if action.status != nil { action.status = .planned }
            action.progressNote = ""
        }
        // Running data (programmes, progress, measurements) is not content either (ADR 0013).
        copy.execution = PlanExecution()
        return copy
    }

    /// What adoption freezes: the plan without progress, status, offers to the council and
    /// adoption decisions.
    public var content: Plan {
        var copy = withoutProgress
        copy.status = .draft
        copy.adoptions = []
        copy.councilOffers = []
        return copy
    }

    /// Takes the progress recorded in `stored` for every action (same key) that has none in this
    /// plan. Returns the actions whose progress was kept, and those of `stored` whose progress
    /// this plan overwrites with its own or leaves out.
    mutating func keepProgress(of stored: Plan) -> (kept: [Action], lost: [Action]) {
        var recorded: [Key: Action] = [:]
        for action in stored.allActions where action.hasProgress { recorded[action.key] = action }
        var kept: [Action] = []
        var lost: [Action] = []
        var present: Set<Key> = []
        modifyActions { action in
            present.insert(action.key)
            guard let old = recorded[action.key] else { return }
            if !action.hasProgress {
                action.status = old.status
                action.progressNote = old.progressNote
                kept.append(action)
            } else if action.status != old.status || action.progressNote != old.progressNote {
                lost.append(old)
            }
        }
        lost += stored.allActions.filter { $0.hasProgress && !present.contains($0.key) }
        return (kept, lost)
    }
}
