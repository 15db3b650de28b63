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

    public var area: Area
    public var kind: Kind

    public init(_ area: Area, _ kind: Kind) {
        self.area = area
        self.kind = kind
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
        changes += keyed(old.themes, new.themes, key: \.key) { .theme($0.title) }
        changes += keyed(old.localChapters, new.localChapters, key: \.municipality) { .localChapter($0.municipality) }
        changes += keyed(old.priorityReferences, new.priorityReferences, key: \.key) { .priorityReference($0.title) }
        changes += keyed(old.partners, new.partners, key: \.key) { .partner($0.name) }
        changes += keyed(old.consultationBodies, new.consultationBodies, key: \.key) { .consultationBody($0.name) }
        changes += keyed(old.finances.lines, new.finances.lines, key: \.description) { .budgetLine($0.description) }
        return changes
    }

    private static func keyed<E: Hashable, K: Hashable>(_ old: [E], _ new: [E], key: KeyPath<E, K>,
                                                         area: (E) -> Area) -> [PlanChange] {
        let oldByKey = Dictionary(old.map { ($0[keyPath: key], $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map { $0[keyPath: key] })
        var changes: [PlanChange] = []
        for element in new {
            if let before = oldByKey[element[keyPath: key]] {
                if before != element { changes.append(.init(area(element), .changed)) }
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
