/// A dictionary of at most `capacity` entries: adding one more removes the entry used longest
/// ago. Not synchronised; the caches that share one across requests hold it under a lock.
public struct RecentlyUsed<Key: Hashable, Value> {
    public let capacity: Int
    private var values: [Key: Value] = [:]
    private var lastUse: [Key: UInt64] = [:]
    private var clock: UInt64 = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { values.count }

    /// The value kept for `key`, which counts as its use.
    public mutating func value(for key: Key) -> Value? {
        guard let value = values[key] else { return nil }
        clock += 1
        lastUse[key] = clock
        return value
    }

    /// The value kept for `key`, without counting a use.
    public func peek(_ key: Key) -> Value? { values[key] }

    /// Keeps `value` for `key`; when that makes one too many, the entry used longest ago goes.
    /// A linear search, which at the capacities used here (a few hundred) costs less than the
    /// work a kept value saves.
    public mutating func keep(_ value: Value, for key: Key) {
        clock += 1
        values[key] = value
        lastUse[key] = clock
        if values.count > capacity, let oldest = lastUse.min(by: { $0.value < $1.value })?.key {
            remove(oldest)
        }
    }

    public mutating func remove(_ key: Key) {
        values[key] = nil
        lastUse[key] = nil
    }

    public mutating func removeAll() {
        values.removeAll()
        lastUse.removeAll()
    }
}

extension RecentlyUsed: Sendable where Key: Sendable, Value: Sendable {}
