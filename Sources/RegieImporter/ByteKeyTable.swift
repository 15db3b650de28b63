/// Numbers distinct byte strings (the codes in a column) in the order they are first seen, so a
/// reader can keep what it parsed from a code in an array and find it again without making a
/// `String` of the bytes. Open addressing over FNV-1a hashes; keys are copied once, into one
/// arena.
struct ByteKeyTable {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var hashes: [UInt64] = []
    /// Slot → key number + 1; 0 is empty.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        starts = [0]
    }

    /// Distinct keys seen.
    var count: Int { hashes.count }

    /// The number of `key`, or nil when it has not been seen (see ``insert(_:)``).
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            let index = entry - 1
            if hashes[index] == hash && equals(index, key) { return index }
            slot = (slot + 1) & mask
        }
    }

    /// Adds a key not seen before and returns its number (``count`` before the call).
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(key)
        let index = hashes.count
        arena.append(contentsOf: key)
        starts.append(arena.count)
        hashes.append(hash)
        place(index, hash)
        return index
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index], end = starts[index + 1]
        guard end - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for offset in 0..<key.count where stored[start + offset] != key[offset] { return false }
            return true
        }
    }

    private mutating func place(_ index: Int, _ hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for index in hashes.indices { place(index, hashes[index]) }
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        // Mix the high bits into the low ones used for the slot.
        return hash ^ (hash >> 29)
    }
}
