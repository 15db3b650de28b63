import Foundation
import RegieCore

/// What the analysis pages work out from the imported figures, kept while those figures stay
/// the same, for every request of this process.
///
/// A municipality's analysis takes dozens of queries and most of a request's time, and the same
/// analysis serves every reader until a table changes. A published table changes only by an
/// import that switches it in with a new revision and a new `imported_at`, or by its removal;
/// so the list of published tables (identifier, revision, import time, ``StatisticsTableSummary``
/// as a whole) names the state of the figures. Every request reads that list (one query) and
/// uses a kept value only when it was worked out under the same list; when the list differs,
/// everything kept is dropped. An import by this instance, by another instance sharing the
/// PostgreSQL database or by the command line therefore counts at the very next request, and no
/// instance needs to be told. The list is read before the work starts, so a kept value is never
/// older than the state it is kept under.
///
/// What depends on plans (the area, its comparison groups and regions) is part of each key, and
/// is read per request as before; nothing here depends on who asks, so the pages' access rules
/// are applied outside. Requests that find the same value missing at the same moment wait for
/// one piece of work instead of each doing it (64 readers opening one analysis after an import).
/// At most `capacity` values are kept; the one used longest ago makes way.
final class AnalysisMemo: @unchecked Sendable {
    private struct Key: Hashable {
        var kind: String
        var type: ObjectIdentifier
        var input: AnyHashable
    }

    private let lock = NSLock()
    private var state: [StatisticsTableSummary]?
    private var values: RecentlyUsed<Key, Task<any Sendable, any Error>>

    init(capacity: Int = 256) {
        values = RecentlyUsed(capacity: capacity)
    }

    /// The `kind` of value for `input` under the figures' `state`: kept, being worked out by
    /// another request, or worked out now by `make`. A failed `make` is not kept.
    func value<Input: Hashable & Sendable, Value: Sendable>(
        _ kind: String, _ input: Input, state: [StatisticsTableSummary], make: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let key = Key(kind: kind, type: ObjectIdentifier(Value.self), input: AnyHashable(input))
        let task: Task<any Sendable, any Error> = lock.withLock {
            if self.state != state {
                self.state = state
                values.removeAll()
            }
            if let running = values.value(for: key) { return running }
            let task = Task<any Sendable, any Error> { try await make() }
            values.keep(task, for: key)
            return task
        }
        do {
            return try await task.value as! Value
        } catch {
            lock.withLock { if values.peek(key) == task { values.remove(key) } }
            throw error
        }
    }

    /// How many values are kept (for tests).
    var count: Int { lock.withLock { values.count } }
}
