import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The address a request comes from, as a key for throttling logins. Behind a reverse proxy the
/// connection comes from the proxy; only then, and only for proxies named in
/// `REGIE_VERTROUWDE_PROXIES`, `X-Forwarded-For` is read: the rightmost address that is not a
/// trusted proxy is the client (what a client writes itself stands to the left of it).
enum ClientAddress {
    /// The throttling key of `request`: an IPv4 address, or the /64 network of an IPv6 address
    /// (one connection gets a whole /64, so counting single IPv6 addresses would count nothing).
    static func key(of request: Request, trustedProxies: Set<String>) -> String {
        guard let remote = request.remoteAddress?.ipAddress.flatMap(normalised) else { return "onbekend" }
        guard trustedProxies.contains(remote) else { return network(remote) }
        let forwarded = request.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in forwarded.reversed() {
            guard let address = normalised(hop) else { return network(remote) }
            if !trustedProxies.contains(address) { return network(address) }
        }
        return network(remote)
    }

    /// The canonical text of an IP address (IPv4-mapped IPv6 as IPv4), or nil when `text` is none.
    static func normalised(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return format(AF_INET, &v4, length: INET_ADDRSTRLEN) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        return format(AF_INET6, &v6, length: INET6_ADDRSTRLEN)
    }

    private static func format<T>(_ family: Int32, _ address: inout T, length: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(length))
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An IPv4 address as it is; an IPv6 address as its /64 network.
    static func network(_ address: String) -> String {
        guard address.contains(":") else { return address }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        return stride(from: 0, to: 8, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }.joined(separator: ":") + "::/64"
    }
}

/// Failed logins per client address in a window, in this process's memory (no addresses are
/// stored anywhere). Past the limit the login pages answer 429 before checking a password, so
/// guessing from one address is slow and costs the server no bcrypt. With several instances
/// each counts its own; the per-account lock still holds across all of them.
final class LoginThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String: (start: Date, count: Int)] = [:]
    /// More addresses than this at once: windows that have ended are dropped first.
    private let capacity = 100_000

    /// Seconds until `key` may try again, or nil when it may now.
    func retryAfter(_ key: String, now: Date = Date(), limit: Int, window: TimeInterval) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = failures[key] else { return nil }
        let end = entry.start.addingTimeInterval(window)
        if end <= now {
            failures[key] = nil
            return nil
        }
        return entry.count >= limit ? max(1, Int(end.timeIntervalSince(now).rounded(.up))) : nil
    }

    func recordFailure(_ key: String, now: Date = Date(), window: TimeInterval) {
        lock.lock()
        defer { lock.unlock() }
        if failures.count >= capacity {
            failures = failures.filter { $0.value.start.addingTimeInterval(window) > now }
            // Still full of live windows (an attack from very many addresses): start over rather
            // than grow without bound; the per-account lock still holds.
            if failures.count >= capacity { failures.removeAll() }
        }
        if let entry = failures[key], entry.start.addingTimeInterval(window) > now {
            failures[key] = (entry.start, entry.count + 1)
        } else {
            failures[key] = (now, 1)
        }
    }
}

/// The login form's CSRF token, made by the server only: the time it was issued, 16 random bytes
/// and an HMAC-SHA256 of both with the login-form key. A token from an older tab works while it
/// is valid; a value planted in the cookie by someone else never does.
enum LoginFormToken {
    /// How long a login page stays usable.
    static let lifetime: TimeInterval = 2 * 3600
    /// A page shown later than this before the end gets a fresh token instead of the old one.
    static let renewBefore: TimeInterval = 30 * 60

    static func make(key: SymmetricKey, at date: Date = Date()) -> String {
        var bytes = withUnsafeBytes(of: UInt64(date.timeIntervalSince1970.rounded(.down)).bigEndian) { Array($0) }
        var generator = SystemRandomNumberGenerator()
        bytes += (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes += Array(HMAC<SHA256>.authenticationCode(for: bytes, using: key))
        return base64URL(bytes)
    }

    /// When `token` was issued, if Regie made it with `key` and it is still valid at `now`.
    static func issued(_ token: String, key: SymmetricKey, now: Date = Date()) -> Date? {
        guard token.count == 75, let bytes = fromBase64URL(token), bytes.count == 56 else { return nil }
        let body = Array(bytes[0..<24])
        guard HMAC<SHA256>.isValidAuthenticationCode(Array(bytes[24...]), authenticating: body, using: key) else { return nil }
        let seconds = body[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let issued = Date(timeIntervalSince1970: TimeInterval(seconds))
        // A minute of clock difference between instances is allowed.
        guard issued <= now.addingTimeInterval(60), now.timeIntervalSince(issued) < lifetime else { return nil }
        return issued
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func fromBase64URL(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
