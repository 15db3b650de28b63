import Foundation

/// What changed between two versions of a document, part by part (by heading): parts added or
/// removed, and in parts both have, the lines added and removed.
public struct PartChange: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case added, removed, changed }
    public var heading: String
    public var kind: Kind
    public var addedLines: [String]
    public var removedLines: [String]
}

public enum OutlineComparison {
    /// The changes from `old` to `new`. Years in headings are compared as written, so next
    /// year's report matches this year's where only the year differs (`2025` → `2026`).
    public static func compare(_ old: [OutlinePart], _ new: [OutlinePart], oldYear: Int? = nil, newYear: Int? = nil) -> [PartChange] {
        func normal(_ text: String) -> String {
            guard let oldYear, let newYear else { return text }
            return text.replacingOccurrences(of: String(oldYear), with: String(newYear))
        }
        var changes: [PartChange] = []
        let oldByHeading = Dictionary(old.map { (normal($0.heading), $0) }, uniquingKeysWith: { a, b in OutlinePart(heading: a.heading, lines: a.lines + b.lines) })
        let newHeadings = Set(new.map(\.heading))
        for part in new {
            guard let before = oldByHeading[part.heading] else {
                changes.append(PartChange(heading: part.heading, kind: .added, addedLines: part.lines, removedLines: []))
                continue
            }
            let difference = part.lines.difference(from: before.lines.map(normal))
            var added: [String] = [], removed: [String] = []
            for change in difference {
                switch change {
                case .insert(_, let line, _): added.append(line)
                case .remove(_, let line, _): removed.append(line)
                }
            }
            if !added.isEmpty || !removed.isEmpty {
                changes.append(PartChange(heading: part.heading, kind: .changed, addedLines: added, removedLines: removed))
            }
        }
        for part in old where !newHeadings.contains(normal(part.heading)) {
            changes.append(PartChange(heading: part.heading, kind: .removed, addedLines: [], removedLines: part.lines))
        }
        return changes
    }
}
