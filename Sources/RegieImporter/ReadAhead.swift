import Foundation

/// Runs a synchronous producer on its own thread and hands what it produces to an async
/// consumer, at most `capacity` items ahead, so reading and checking the next rows overlaps with
/// storing the previous ones while memory stays bounded. The producer blocks (on its own thread,
/// never on a Swift concurrency thread) when the consumer falls behind.
final class ReadAhead<Item: Sendable, Outcome: Sendable>: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Item] = []
    private var waiter: CheckedContinuation<Item?, Never>?
    private var outcome: Outcome?
    private var stopped = false
    private let capacity: Int

    /// Starts `produce` on a new thread. It hands items to its argument, which returns false when
    /// the consumer has stopped (``stop()``); then `produce` should return soon.
    init(capacity: Int = 2, _ produce: @escaping @Sendable (_ emit: (Item) -> Bool) -> Outcome) {
        self.capacity = max(capacity, 1)
        let thread = Thread { [self] in
            let outcome = produce(self.put)
            self.condition.lock()
            self.outcome = outcome
            let waiter = self.waiter
            self.waiter = nil
            self.condition.unlock()
            waiter?.resume(returning: nil)
        }
        thread.name = "regie-read-ahead"
        thread.start()
    }

    /// The next item, or nil when the producer has returned (its result is then ``outcome``).
    func next() async -> Item? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Item?, Never>) in
            condition.lock()
            if !queue.isEmpty {
                let item = queue.removeFirst()
                condition.signal()
                condition.unlock()
                continuation.resume(returning: item)
            } else if outcome != nil {
                condition.unlock()
                continuation.resume(returning: nil)
            } else {
                waiter = continuation
                condition.unlock()
            }
        }
    }

    /// What the producer returned; nil until ``next()`` has returned nil.
    var result: Outcome? {
        condition.lock()
        defer { condition.unlock() }
        return outcome
    }

    /// Tells the producer to stop; items not yet taken are dropped.
    func stop() {
        condition.lock()
        stopped = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func put(_ item: Item) -> Bool {
        condition.lock()
        while queue.count >= capacity && !stopped { condition.wait() }
        if stopped {
            condition.unlock()
            return false
        }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: item)
        } else {
            queue.append(item)
            condition.unlock()
        }
        return true
    }
}

/// A value handed to another thread that from then on is its only user.
struct Handover<Value>: @unchecked Sendable {
    let value: Value
}
