import Crypto
import Foundation
import RegieCore

/// One register key: 32 random bytes from which the field-encryption key and the lookup key
/// are derived, and a short public identifier that sealed values carry, so a key ring with an
/// old and a new key knows which one opens a value.
public struct RegisterKey: Sendable {
    /// Eight hexadecimal digits derived from the key; reveals nothing about it.
    public let id: String
    let encryption: SymmetricKey
    let lookup: SymmetricKey

    public init(master: SymmetricKey) {
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Data("regie-registers-v1".utf8),
                                   info: Data(purpose.utf8), outputByteCount: 32)
        }
        encryption = derive("veldversleuteling")
        lookup = derive("opzoeken")
        let mark = HMAC<SHA256>.authenticationCode(for: Data("kenmerk".utf8), using: derive("kenmerk"))
        id = Hex.string(Array(mark).prefix(4))
    }

    /// A new random key as a key file line holds it: base64 of 32 bytes.
    public static func newKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }
}

/// The register keys Regie holds: the current one seals, every one opens. A key file lists one
/// key per line (base64), oldest first; the last line is the current key. Rotation adds a line,
/// re-encrypts with `regie registers hersleutelen`, and then the old line can go.
public struct RegisterKeyRing: Sendable {
    public let current: RegisterKey
    public let keys: [RegisterKey]

    public init(_ keys: [RegisterKey]) throws(RegisterKeyProblem) {
        guard let last = keys.last else { throw .empty }
        current = last
        self.keys = keys
    }

    /// Reads the key file's text: one base64 key per line; empty lines and `#` comments skipped.
    public init(text: String, source: String) throws(RegisterKeyProblem) {
        var keys: [RegisterKey] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == ";" }).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let data = Data(base64Encoded: line) else { throw .notBase64(source: source, line: index + 1) }
            guard data.count == 32 else { throw .wrongLength(source: source, line: index + 1, count: data.count) }
            keys.append(RegisterKey(master: SymmetricKey(data: data)))
        }
        guard !keys.isEmpty else { throw .noKeyIn(source: source) }
        try self.init(keys)
    }

    public func key(withID id: String) -> RegisterKey? { keys.first { $0.id == id } }

    /// Whether every identifier in `ids` (of values in the database) can be opened with this ring.
    public func missing(_ ids: Set<String>) -> [String] {
        ids.filter { key(withID: $0) == nil }.sorted()
    }
}

/// Why the register keys could not be used: Regie refuses to start and says this.
public enum RegisterKeyProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case noKeyIn(source: String)
    case notBase64(source: String, line: Int)
    case wrongLength(source: String, line: Int, count: Int)
    case missingKeys(ids: [String], source: String)
    case keyFileMissing(path: String)

    public var description: String {
        switch self {
        case .empty:
            "Er is geen registersleutel."
        case .noKeyIn(let source):
            "In \(source) staat geen registersleutel. Zet er een op een eigen regel, bijvoorbeeld met: openssl rand -base64 32"
        case .notBase64(let source, let line):
            "Regel \(line) van \(source) is geen geldige base64-sleutel. Maak een nieuwe met: openssl rand -base64 32"
        case .wrongLength(let source, let line, let count):
            "De sleutel op regel \(line) van \(source) is \(count) bytes lang; een registersleutel is precies 32 willekeurige bytes (base64)."
        case .missingKeys(let ids, let source):
            "De registers bevatten gegevens die zijn versleuteld met een sleutel die niet in \(source) staat (kenmerk \(ids.joined(separator: ", "))). "
                + "Zet de oude sleutel terug in het sleutelbestand; zonder die sleutel zijn deze gegevens niet te lezen. Regie start niet, zodat er niets verloren gaat."
        case .keyFileMissing(let path):
            "Het registersleutelbestand \(path) ontbreekt, terwijl de registers versleutelde gegevens bevatten. Zet het bestand terug (uit de sleutelback-up); Regie start niet zonder."
        }
    }
}

/// Seals and opens the sensitive fields of a register record with AES-GCM. The record's
/// identity and purpose are bound in as associated data, so a sealed value copied to another
/// record, field or register does not open. Stored as `rk1:<key id>:<base64 of nonce, ciphertext, tag>`.
public struct FieldSealer: Sendable {
    public let ring: RegisterKeyRing
    static let prefix = "rk1:"

    public init(ring: RegisterKeyRing) {
        self.ring = ring
    }

    public func seal(_ plaintext: Data, context: String) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: ring.current.encryption, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw RegisterError.sealing("versleutelen mislukt") }
        return Self.prefix + ring.current.id + ":" + combined.base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws -> Data {
        guard let id = Self.keyID(of: sealed), let key = ring.key(withID: id) else {
            throw RegisterError.sealing("de sleutel van deze gegevens ontbreekt")
        }
        guard let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count + id.count + 1))) else {
            throw RegisterError.sealing("de gegevens zijn beschadigd")
        }
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key.encryption, authenticating: Data(context.utf8))
        } catch {
            throw RegisterError.sealing("de gegevens zijn gewijzigd of horen bij een andere zaak")
        }
    }

    public func seal<T: Encodable>(_ value: T, context: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return try seal(try encoder.encode(value), context: context)
    }

    public func open<T: Decodable>(_ type: T.Type, _ sealed: String, context: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(type, from: try open(sealed, context: context))
    }

    /// The key identifier a sealed value names, or nil when it is not a sealed value.
    public static func keyID(of sealed: String) -> String? {
        guard sealed.hasPrefix(prefix) else { return nil }
        let rest = sealed.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return String(rest[..<colon])
    }

    /// The keyed hash for exact lookups with the current key: is this address, company or person
    /// already known? The database holds only these hashes, never a searchable plaintext.
    public func lookupHash(_ identity: SubjectIdentity) -> String {
        Self.lookupHash(identity, key: ring.current)
    }

    /// The hashes under every key of the ring, to search while a rotation is under way.
    public func lookupHashes(_ identity: SubjectIdentity) -> [String] {
        ring.keys.map { Self.lookupHash(identity, key: $0) }
    }

    static func lookupHash(_ identity: SubjectIdentity, key: RegisterKey) -> String {
        Hex.string(Array(HMAC<SHA256>.authenticationCode(for: Data(identity.normalised.utf8), using: key.lookup)))
    }
}

/// What identifies a subject for exact lookups and for the pseudonym in the processing log:
/// normalised, so "Dorpsstraat 1 a, 9501 AB" and "dorpsstraat 1A 9501ab" are the same address.
public struct SubjectIdentity: Hashable, Sendable {
    public let normalised: String

    public static func person(name: String, birthDate: Date?) -> SubjectIdentity {
        SubjectIdentity(normalised: "persoon:" + fold(name) + ":" + (birthDate.map(dayText) ?? ""))
    }

    public static func company(kvk: String) -> SubjectIdentity {
        SubjectIdentity(normalised: "bedrijf:" + kvk.filter(\.isNumber))
    }

    /// An address by postcode and house number with addition: the parts that identify it.
    public static func address(postcode: String, houseNumber: String) -> SubjectIdentity {
        SubjectIdentity(normalised: "adres:" + fold(postcode) + ":" + fold(houseNumber))
    }

    /// Lower case, accents and everything but letters and digits dropped.
    static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "nl_NL"))
            .lowercased().filter { $0.isLetter || $0.isNumber }
    }
}

enum Hex {
    static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
