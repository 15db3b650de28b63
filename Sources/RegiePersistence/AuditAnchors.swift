import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the heads of the audit chain are recorded outside the database, so removing the newest
/// entries, or rewriting entries and their hashes, shows when the chain is checked
/// (docs/adr/0008). A store keeps lines; ``AuditChain`` writes and reads what they mean.
public protocol AuditAnchorStore: AnyObject, Sendable {
    func append(line: String) throws
    func lines() throws -> [String]
}

/// An append-only file: opened with `O_APPEND` for every line, never rewritten or truncated by
/// Regie. Put it where the database's owner cannot write (another volume, `chattr +a`).
public final class AnchorFile: AuditAnchorStore, @unchecked Sendable {
    public let path: String
    private let lock = NSLock()

    public init(path: String) {
        self.path = path
    }

    public func append(line: String) throws {
        lock.lock()
        defer { lock.unlock() }
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw AnchorFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let text = line + "\n"
        let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count, fsync(descriptor) == 0 else {
            throw AnchorFileError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    public func lines() throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnchorFileError(path: path, reason: "niet leesbaar")
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
    }
}

public struct AnchorFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "Het ankerbestand van het logboek \(path) kan niet worden gebruikt: \(reason)" }
}

/// Anchors kept in memory: for an in-memory database (tests), which is gone with the process too.
public final class MemoryAnchors: AuditAnchorStore, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    public init() {}

    public func append(line: String) throws {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }

    public func lines() throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// One recorded head: the entry's sequence number, scheme and hash, and when it was recorded.
struct AuditAnchor: Hashable, Sendable {
    var sequence: Int
    var scheme: Int
    var hash: String
    var at: Date
}

/// The keyed audit chain: the MAC key, where its heads are anchored, and how often.
public final class AuditChain: Sendable {
    let key: SymmetricKey
    let anchors: any AuditAnchorStore
    /// A head is anchored when the chain has grown by this many entries since the last anchor.
    let anchorEvery: Int
    private let lastAnchored: LockedCounter

    public init(key: SymmetricKey, anchors: any AuditAnchorStore, anchorEvery: Int = 100) {
        self.key = key
        self.anchors = anchors
        self.anchorEvery = max(1, anchorEvery)
        // Starts from what the store holds, so a restart does not anchor the same head twice.
        let known = (try? anchors.lines())?.compactMap { Self.parse($0)?.anchor.sequence }.max() ?? 0
        self.lastAnchored = LockedCounter(known)
    }

    /// The highest sequence this process knows to be anchored.
    var lastAnchoredSequence: Int { lastAnchored.value }

    /// Records `anchor` unless an anchor at or after it is known. Failing to write is logged by
    /// the caller: the trail itself must go on.
    func record(_ anchor: AuditAnchor) throws {
        guard anchor.sequence > lastAnchored.value else { return }
        try anchors.append(line: line(anchor))
        lastAnchored.raise(to: anchor.sequence)
    }

    /// The text of an anchor: `regie-anker 1 SEQUENCE SCHEME HASH UNIXTIME MAC`.
    func line(_ anchor: AuditAnchor) -> String {
        let body = "regie-anker 1 \(anchor.sequence) \(anchor.scheme) \(anchor.hash) \(Int(anchor.at.timeIntervalSince1970))"
        return body + " " + mac(body)
    }

    func mac(_ text: String) -> String {
        AuditWriter.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
    }

    /// The anchors of the store, each with whether its MAC is right.
    func recordedAnchors() throws -> [(anchor: AuditAnchor, genuine: Bool)] {
        try anchors.lines().compactMap { line in
            guard let (anchor, body, mac) = Self.parse(line) else {
                // A line that is not an anchor at all: not Regie's.
                return (AuditAnchor(sequence: 0, scheme: 0, hash: "", at: Date(timeIntervalSince1970: 0)), false)
            }
            return (anchor, self.mac(body) == mac)
        }
    }

    static func parse(_ line: String) -> (anchor: AuditAnchor, body: String, mac: String)? {
        let parts = line.split(separator: " ").map(String.init)
        guard parts.count == 7, parts[0] == "regie-anker", parts[1] == "1",
              let sequence = Int(parts[2]), let scheme = Int(parts[3]), let time = Int(parts[5]) else { return nil }
        return (AuditAnchor(sequence: sequence, scheme: scheme, hash: parts[4], at: Date(timeIntervalSince1970: TimeInterval(time))),
                parts[0...5].joined(separator: " "), parts[6])
    }
}

/// An integer behind a lock.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Int

    init(_ value: Int) { current = value }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func raise(to value: Int) {
        lock.lock()
        current = max(current, value)
        lock.unlock()
    }
}
