import Foundation
import RegieCore

/// Decoded plan documents, by plan row and revision, shared by the requests of one process.
///
/// Decoding a plan's JSON document was the largest cost of every plan page. A plan changes only
/// through a write that raises its `revision` in the same transaction as its document (every
/// write path in ``FluentPlanRepository`` does, most by compare-and-set), so a document decoded
/// at revision N is the plan at revision N for good. Each request still reads the plan's row
/// (without the document) to learn its current revision, and uses a kept plan only when the
/// row's id and revision are the same. So a save on this instance, on another instance sharing
/// the PostgreSQL database, or by the command line counts at the very next request; nothing
/// needs to be told to forget. Rows get a new id when a plan is created again under the same
/// key, so a plan's revision 1 never meets another's.
///
/// At most `capacity` plans are kept; the one used longest ago makes way.
public final class PlanDocumentCache: @unchecked Sendable {
    private struct Entry {
        var revision: Int
        var plan: Plan
    }

    private let lock = NSLock()
    private var entries: RecentlyUsed<UUID, Entry>

    public init(capacity: Int = 128) {
        entries = RecentlyUsed(capacity: capacity)
    }

    public var capacity: Int { entries.capacity }

    /// The plan of row `id` at `revision`, when it is kept.
    func plan(id: UUID, revision: Int) -> Plan? {
        lock.withLock {
            guard let entry = entries.peek(id), entry.revision == revision else { return nil }
            return entries.value(for: id)?.plan
        }
    }

    /// Keeps `plan` as row `id`'s document at `revision` (an older revision never replaces a newer).
    func keep(_ plan: Plan, id: UUID, revision: Int) {
        lock.withLock {
            if let kept = entries.peek(id), kept.revision > revision { return }
            entries.keep(Entry(revision: revision, plan: plan), for: id)
        }
    }

    /// How many plans are kept (for tests).
    public var count: Int { lock.withLock { entries.count } }
}
