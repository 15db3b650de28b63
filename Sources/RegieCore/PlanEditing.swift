import Foundation

extension Plan {
    /// Applies `body` to the theme with `key`, common or local. Returns false when there is none.
    @discardableResult
    public mutating func modifyTheme(_ key: Key, _ body: (inout Theme) -> Void) -> Bool {
        if let i = themes.firstIndex(where: { $0.key == key }) {
            body(&themes[i])
            return true
        }
        for c in localChapters.indices {
            if let i = localChapters[c].themes.firstIndex(where: { $0.key == key }) {
                body(&localChapters[c].themes[i])
                return true
            }
        }
        return false
    }

    /// The municipality whose local chapter holds the theme with `key`; nil for a common theme.
    public func chapter(ofTheme key: Key) -> MunicipalityCode? {
        localChapters.first { $0.themes.contains { $0.key == key } }?.municipality
    }

    /// A key for a new part titled `title` that no part in `taken` uses yet and that is not
    /// reserved for the editor's own addresses (``PlanLimits/reservedPartKeys``).
    public static func newKey(for title: String, avoiding taken: some Sequence<Key>) -> Key {
        let used = Set(taken.map(\.rawValue)).union(PlanLimits.reservedPartKeys)
        var base = String(Key.slug(title).prefix(60))
        if base.isEmpty || !Key.isValid(base) { base = "onderdeel" }
        var candidate = base
        var n = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return Key(candidate)!
    }

    /// Every key in use for themes, goals, indicators, actions and tracks: these share one
    /// name space per sort, and a new one must not collide with any.
    public var themeKeys: [Key] { allThemes.map(\.key) }
    public var goalKeys: [Key] { allThemes.flatMap { $0.goals.map(\.key) } }
    public var indicatorKeys: [Key] { allThemes.flatMap { $0.indicators.map(\.key) } }
    public var actionKeys: [Key] { allThemes.flatMap { $0.allActions.map(\.key) } }
    public var trackKeys: [Key] { allThemes.flatMap { $0.tracks.map(\.key) } }
}

extension Array {
    /// Moves the element at `index` by `offset` places, clamped to the array. Returns whether it moved.
    @discardableResult
    public mutating func move(at index: Int, by offset: Int) -> Bool {
        let target = Swift.min(Swift.max(index + offset, 0), count - 1)
        guard indices.contains(index), target != index else { return false }
        let element = remove(at: index)
        insert(element, at: target)
        return true
    }
}

/// A stable fingerprint of some values, to notice that a part changed since a form was shown.
/// Not a security measure: FNV-1a over the values with separators.
public enum Fingerprint {
    public static func of(_ values: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            for byte in value.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0x1f
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// What changed between two versions of a plan, part by part, for the version history.
public struct PlanChange: Hashable, Sendable {
    public enum Area: Hashable, Sendable {
        /// A plan-wide field, named by the model.
        case field(PlanField)
        case theme(String)
        case partner(String)
        case consultationBody(String)
        case priorityReference(String)
        case localChapter(MunicipalityCode)
        case budgetLine(String)
    }

    public enum Kind: String, Hashable, Sendable {
        case added, removed, changed
    }

    /// Within a changed part: which of its fields changed, and which of its items (goals,
    /// indicators, agreements, tracks) were added, removed or changed, with their fields.
    public struct Detail: Hashable, Sendable {
        public enum Item: Hashable, Sendable {
            case goal(String)
            case indicator(String)
            case action(String)
            case track(String)
        }

        /// The item, or nil for the part's own fields.
        public var item: Item?
        public var kind: Kind
        /// The changed fields by their model names (`title`, `progressNote`), in declaration order.
        public var fields: [String]

        public init(item: Item?, kind: Kind, fields: [String] = []) {
            self.item = item
            self.kind = kind
            self.fields = fields
        }

        /// Whether only fields of running the plan changed (status, progress, planning of an agreement).
        public var isExecutionOnly: Bool {
            guard case .action = item, kind == .changed else { return false }
            return !fields.isEmpty && fields.allSatisfy(ExecutionUpdate.actionFields.contains)
        }
    }

    public var area: Area
    public var kind: Kind
    /// For a changed part: what in it changed. Empty for added and removed parts and plan-wide fields.
    public var details: [Detail]

    public init(_ area: Area, _ kind: Kind, details: [Detail] = []) {
        self.area = area
        self.kind = kind
        self.details = details
    }

    /// The names of the stored properties whose values differ between `old` and `new`, in
    /// declaration order, leaving out `ignoring`. Reflection keeps this list complete when a
    /// field is added to the model; the Dutch names live with the pages.
    public static func changedFields<T>(_ old: T, _ new: T, ignoring: Set<String> = []) -> [String] {
        zip(Mirror(reflecting: old).children, Mirror(reflecting: new).children).compactMap { a, b in
            guard let label = a.label, !ignoring.contains(label) else { return nil }
            if let x = a.value as? AnyHashable, let y = b.value as? AnyHashable { return x == y ? nil : label }
            return String(reflecting: a.value) == String(reflecting: b.value) ? nil : label
        }
    }

    /// What changed inside a theme: its own fields, then goals, indicators, tracks and agreements.
    static func themeDetails(_ old: Theme, _ new: Theme) -> [Detail] {
        var details: [Detail] = []
        let own = changedFields(old, new, ignoring: ["key", "goals", "indicators", "actions", "tracks"])
        if !own.isEmpty { details.append(Detail(item: nil, kind: .changed, fields: own)) }
        details += items(old.goals, new.goals, key: \.key) { .goal($0.title) }
        details += items(old.indicators, new.indicators, key: \.key) { .indicator($0.name) }
        details += items(old.tracks, new.tracks, key: \.key, ignoring: ["actions"]) { .track($0.title) }
        details += items(old.allActions, new.allActions, key: \.key) { .action($0.description) }
        return details
    }

    private static func items<E: Hashable, K: Hashable>(_ old: [E], _ new: [E], key: KeyPath<E, K>, ignoring: Set<String> = [],
                                                         item: (E) -> Detail.Item) -> [Detail] {
        let oldByKey = Dictionary(old.map { ($0[keyPath: key], $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map { $0[keyPath: key] })
        var details: [Detail] = []
        for element in new {
            if let before = oldByKey[element[keyPath: key]] {
                let fields = changedFields(before, element, ignoring: ignoring.union(["key"]))
                if !fields.isEmpty { details.append(Detail(item: item(element), kind: .changed, fields: fields)) }
            } else {
                details.append(Detail(item: item(element), kind: .added))
            }
        }
        for element in old where !newKeys.contains(element[keyPath: key]) {
            details.append(Detail(item: item(element), kind: .removed))
        }
        return details
    }

    /// The changes from `old` to `new`, plan-wide fields first, then the lists in plan order.
    public static func between(_ old: Plan, _ new: Plan) -> [PlanChange] {
        var changes: [PlanChange] = []
        func field(_ f: PlanField, _ same: Bool) { if !same { changes.append(.init(.field(f), .changed)) } }
        field(.title, old.title == new.title)
        field(.subtitle, old.subtitle == new.subtitle)
        field(.kind, old.kind == new.kind)
        field(.period, old.period == new.period)
        field(.foreword, old.foreword == new.foreword)
        field(.introduction, old.introduction == new.introduction)
        field(.missionVision, old.missionVision == new.missionVision)
        field(.guidingPrinciples, old.guidingPrinciples == new.guidingPrinciples)
        field(.scope, old.scope == new.scope)
        field(.trends, old.trends == new.trends)
        field(.generalGoals, old.generalGoals == new.generalGoals)
        field(.focusLenses, old.focusLenses == new.focusLenses)
        field(.monitoring, old.monitoring == new.monitoring)
        field(.analysis, old.analysis == new.analysis)
        field(.financeText, old.finances.text == new.finances.text)
        field(.signatories, old.signatories == new.signatories)
        field(.legalBases, old.legalBases == new.legalBases)
        field(.governanceBodies, old.governanceBodies == new.governanceBodies)
        changes += keyed(old.themes, new.themes, key: \.key, details: themeDetails) { .theme($0.title) }
        changes += keyed(old.localChapters, new.localChapters, key: \.municipality, details: { before, after in
            let own = changedFields(before, after, ignoring: ["municipality", "themes"])
            return (own.isEmpty ? [] : [Detail(item: nil, kind: .changed, fields: own)])
                + zip(before.themes, after.themes).flatMap { $0.key == $1.key ? themeDetails($0, $1) : [] }
        }) { .localChapter($0.municipality) }
        changes += keyed(old.priorityReferences, new.priorityReferences, key: \.key) { .priorityReference($0.title) }
        changes += keyed(old.partners, new.partners, key: \.key) { .partner($0.name) }
        changes += keyed(old.consultationBodies, new.consultationBodies, key: \.key) { .consultationBody($0.name) }
        changes += keyed(old.finances.lines, new.finances.lines, key: \.description) { .budgetLine($0.description) }
        return changes
    }

    private static func keyed<E: Hashable, K: Hashable>(_ old: [E], _ new: [E], key: KeyPath<E, K>,
                                                         details: (E, E) -> [Detail] = { before, after in
                                                             let fields = changedFields(before, after, ignoring: ["key"])
                                                             return fields.isEmpty ? [] : [Detail(item: nil, kind: .changed, fields: fields)]
                                                         },
                                                         area: (E) -> Area) -> [PlanChange] {
        let oldByKey = Dictionary(old.map { ($0[keyPath: key], $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map { $0[keyPath: key] })
        var changes: [PlanChange] = []
        for element in new {
            if let before = oldByKey[element[keyPath: key]] {
                if before != element { changes.append(.init(area(element), .changed, details: details(before, element))) }
            } else {
                changes.append(.init(area(element), .added))
            }
        }
        for element in old where !newKeys.contains(element[keyPath: key]) {
            changes.append(.init(area(element), .removed))
        }
        return changes
    }
}
