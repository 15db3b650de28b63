import Crypto
import Foundation
import RegieRegisters
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The secrets Regie keeps outside its database, all derived from one master key of 32 random
/// bytes with HKDF-SHA256: one subkey per purpose, so one use cannot be turned against another
/// (docs/adr/0008).
public struct RegieKeys: Sendable {
    /// The MAC of every audit entry, of the anchors and of the verified-up-to marker.
    public let auditMAC: SymmetricKey
    /// AES-GCM encryption of the TOTP secrets in the accounts table.
    public let oneTimeSecrets: SymmetricKey
    /// The signature of the login form's token.
    public let loginForm: SymmetricKey
    /// The MAC chaining the registers' processing log, and the pseudonyms of data subjects in
    /// it (docs/adr/0015). Not rotated with the register keys, so the log stays checkable.
    public let processingLogMAC: SymmetricKey
    public let dataSubjectPseudonyms: SymmetricKey

    public static let masterKeyBytes = 32

    public init(master: SymmetricKey) {
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: master, salt: Data("regie-sleutels-v1".utf8),
                                   info: Data(purpose.utf8), outputByteCount: 32)
        }
        auditMAC = derive("audit-mac")
        oneTimeSecrets = derive("totp-versleuteling")
        loginForm = derive("inlogformulier")
        processingLogMAC = derive("verwerkingenlog-mac")
        dataSubjectPseudonyms = derive("betrokkene-pseudoniem")
    }

    /// Keys from a base64 text of exactly 32 bytes (`REGIE_SLEUTEL`, a key file's content).
    public init(base64 text: String) throws(KeyProblem) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: trimmed) else { throw .notBase64 }
        guard data.count == Self.masterKeyBytes else { throw .wrongLength(data.count) }
        self.init(master: SymmetricKey(data: data))
    }

    /// Fresh random keys that live only as long as the process (in-memory databases, tests).
    public static func ephemeral() -> RegieKeys {
        RegieKeys(master: SymmetricKey(size: .bits256))
    }

    /// A new master key as a key file holds it: base64 of 32 random bytes.
    public static func newMasterKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }
}

/// Why keys could not be read, in Dutch for the operator.
public enum KeyProblem: Error, Hashable, Sendable, CustomStringConvertible {
    case notBase64
    case wrongLength(Int)
    case unreadable(path: String, reason: String)
    case notWritable(path: String, reason: String)
    case tooOpen(path: String)

    public var description: String {
        switch self {
        case .notBase64:
            "De sleutel is geen geldige base64-tekst. Maak een nieuwe met: openssl rand -base64 32"
        case .wrongLength(let count):
            "De sleutel is \(count) bytes lang; Regie vraagt precies 32 willekeurige bytes (base64). Maak er een met: openssl rand -base64 32"
        case .unreadable(let path, let reason):
            "Het sleutelbestand \(path) kan niet worden gelezen: \(reason)"
        case .notWritable(let path, let reason):
            "Het sleutelbestand \(path) kan niet worden aangemaakt: \(reason)"
        case .tooOpen(let path):
            "Het sleutelbestand \(path) is leesbaar voor andere gebruikers dan de eigenaar. Zet de rechten op 0600 (chmod 600 \(path)) en start opnieuw."
        }
    }
}

/// A file holding the master key (base64), created with mode 0600 when it does not exist yet.
public enum KeyFile {
    /// Reads the key file at `path`, or creates it with a new random key when it is absent.
    /// Returns the keys and whether the file was created now.
    public static func loadOrCreate(_ path: String) throws(KeyProblem) -> (keys: RegieKeys, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            return (try load(path), false)
        }
        let text = RegieKeys.newMasterKeyText() + "\n"
        // O_EXCL: of two processes starting at once, one creates the file and the other reads it.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return (try load(path), false) }
            throw .notWritable(path: path, reason: String(cString: strerror(errno)))
        }
        let written = text.utf8CString.withUnsafeBufferPointer { buffer in
            write(descriptor, buffer.baseAddress, buffer.count - 1)
        }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.utf8.count, synced == 0 else {
            throw .notWritable(path: path, reason: String(cString: strerror(errno)))
        }
        return (try RegieKeys(base64: text), true)
    }

    static func load(_ path: String) throws(KeyProblem) -> RegieKeys {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
            throw .tooOpen(path: path)
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: "het bestand is geen tekst of niet toegankelijk")
        }
        return try RegieKeys(base64: text)
    }
}

/// Encrypts the TOTP secrets at rest with AES-GCM. The account's id is bound in as associated
/// data, so a sealed secret copied to another account does not open. Stored as `enc1:` and the
/// base64 of nonce, ciphertext and tag; a secret without the prefix is a plain base32 secret from
/// before the encryption migration and is read as it is.
public struct SecretBox: Sendable {
    let key: SymmetricKey
    static let prefix = "enc1:"

    public init(key: SymmetricKey) {
        self.key = key
    }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    public func seal(_ secret: String, for account: UUID) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Self.context(account))
        guard let combined = box.combined else { throw SecretBoxError.cannotSeal }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ stored: String, for account: UUID) throws -> String {
        guard Self.isSealed(stored) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))) else { throw SecretBoxError.damaged }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Self.context(account)), as: UTF8.self)
        } catch {
            throw SecretBoxError.wrongKey
        }
    }

    static func context(_ account: UUID) -> Data { Data("regie-totp:\(account.uuidString.lowercased())".utf8) }
}

public enum SecretBoxError: Error, CustomStringConvertible {
    case cannotSeal, damaged, wrongKey

    public var description: String {
        switch self {
        case .cannotSeal: "Het geheim van de tweestapsverificatie kon niet worden versleuteld."
        case .damaged: "Een versleuteld geheim van de tweestapsverificatie is beschadigd."
        case .wrongKey: "Een versleuteld geheim van de tweestapsverificatie opent niet met deze sleutel: is REGIE_SLEUTEL of het sleutelbestand vervangen?"
        }
    }
}

/// The register keys' file: one base64 key per line, the last is current (docs/adr/0015).
/// Created with mode 0600 and one new key when it does not exist; refused when others can read it.
public enum RegisterKeyFile {
    public static func loadOrCreate(_ path: String) throws -> (ring: RegisterKeyRing, created: Bool) {
        if FileManager.default.fileExists(atPath: path) { return (try load(path), false) }
        let text = "# Registersleutels van Regie: een sleutel per regel, de laatste is de huidige.\n" + RegisterKey.newKeyText() + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return (try load(path), false) }
            throw KeyProblem.notWritable(path: path, reason: String(cString: strerror(errno)))
        }
        let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.utf8.count, synced == 0 else {
            throw KeyProblem.notWritable(path: path, reason: String(cString: strerror(errno)))
        }
        return (try RegisterKeyRing(text: text, source: path), true)
    }

    public static func load(_ path: String) throws -> RegisterKeyRing {
        var status = stat()
        guard stat(path, &status) == 0 else { throw RegisterKeyProblem.keyFileMissing(path: path) }
        if status.st_mode & 0o077 != 0 { throw KeyProblem.tooOpen(path: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KeyProblem.unreadable(path: path, reason: "het bestand is geen tekst of niet toegankelijk")
        }
        return try RegisterKeyRing(text: text, source: path)
    }

    /// Adds a new current key at the end of the file (rotation, step 1); the old keys stay so
    /// everything sealed with them still opens until `regie registers hersleutelen` has run.
    public static func addKey(_ path: String) throws -> RegisterKeyRing {
        _ = try load(path)
        let descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else { throw KeyProblem.notWritable(path: path, reason: String(cString: strerror(errno))) }
        let line = RegisterKey.newKeyText() + "\n"
        let written = line.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == line.utf8.count, synced == 0 else { throw KeyProblem.notWritable(path: path, reason: String(cString: strerror(errno))) }
        return try load(path)
    }
}
