import Foundation
import RegieCore
import RegiePersistence
import RegieRegisters
import Crypto

/// Everything Regie reads from its environment, read once at start-up and passed down.
public struct RegieConfiguration: Sendable {
    public var database: DatabaseLocation
    /// Whether log levels below info are allowed. Debug and trace lines describe database
    /// queries with their values (plan texts, names), so they are refused unless a developer
    /// asks for them with `REGIE_DEBUG_LOGS=1`.
    public var allowDebugLogs: Bool
    /// Where the master key comes from (docs/adr/0008).
    public var keys: KeySource
    /// Where the heads of the audit chain are anchored.
    public var anchors: AnchorLocation
    /// Where the register keys come from (docs/adr/0015).
    public var registerKeys: RegisterKeySource
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed; without them the
    /// connection's own address counts (for throttling logins).
    public var trustedProxies: [String]
    /// The largest open-data file a beheerder may import through the browser, in bytes
    /// (`REGIE_UPLOAD_MAX_MB`, default 1,024 MB).
    public var maxUploadBytes: Int = 1 << 30
    /// A fixed "today" for demonstrations and browser tests (REGIE_VANDAAG); nil: the real date.
    public var today: CalendarDate?
    /// The SMTP server for reminders as curl takes it (REGIE_SMTP_URL); nil: no e-mail.
    public var smtpURL: String?
    /// The sender of reminders (REGIE_SMTP_AFZENDER).
    public var smtpFrom = "regie@localhost"
    /// Where Regie is reached, for links in e-mails (REGIE_ADRES).
    public var publicURL = "http://127.0.0.1:8080"

    /// Where the master key of the audit MAC, the TOTP encryption and the login form comes from.
    public enum KeySource: Sendable {
        /// `REGIE_SLEUTEL`: base64 of 32 random bytes.
        case base64(String)
        /// A key file, created with mode 0600 when it does not exist yet.
        case file(String)
        /// Keys given as they are (tests).
        case fixed(RegieKeys)
        /// New random keys for this process only: for an in-memory database, gone with it.
        case ephemeral
    }

    /// The keys that seal the registers' personal data: a key ring, the last key current.
    public enum RegisterKeySource: Sendable {
        /// `REGIE_REGISTERSLEUTELS`: base64 keys separated by `;`, the last current.
        case text(String)
        /// A key file (`REGIE_REGISTERSLEUTELBESTAND`, or `regie.registersleutels` beside the
        /// SQLite file or the master key file), created with one key when it does not exist yet.
        case file(String)
        case fixed(RegisterKeyRing)
        /// A key for this process only: an in-memory database or a test.
        case ephemeral
    }

    public enum AnchorLocation: Sendable, Equatable {
        /// An append-only file.
        case file(String)
        /// In memory, for an in-memory database.
        case memory
    }

    /// A configuration with the defaults for `database`: for an SQLite file a key file and an
    /// anchor file beside it (`regie.sleutel`, `regie.anker` for `regie.sqlite`), for an in-memory
    /// database keys and anchors in memory. PostgreSQL has no place beside it: give `keys` and
    /// `anchors` (``fromEnvironment(_:)`` reads them from `REGIE_SLEUTEL`/`REGIE_SLEUTELBESTAND`
    /// and `REGIE_ANKERBESTAND`); without them keys and anchors live in memory, as in tests.
    public init(database: DatabaseLocation, allowDebugLogs: Bool = false, keys: KeySource? = nil,
                anchors: AnchorLocation? = nil, trustedProxies: [String] = [], registerKeys: RegisterKeySource? = nil) {
        self.database = database
        self.allowDebugLogs = allowDebugLogs
        self.keys = keys ?? Self.defaultKeys(for: database) ?? .ephemeral
        self.anchors = anchors ?? Self.defaultAnchors(for: database, keys: self.keys) ?? .memory
        self.registerKeys = registerKeys ?? Self.defaultRegisterKeys(for: database, keys: self.keys) ?? .ephemeral
        self.trustedProxies = trustedProxies
    }

    /// Reads `DATABASE_URL` (a `postgres://` URL selects PostgreSQL; absent means the SQLite
    /// file `regie.sqlite`, or `REGIE_SQLITE_PATH` when set), `REGIE_SLEUTEL` or
    /// `REGIE_SLEUTELBESTAND`, `REGIE_ANKERBESTAND` and `REGIE_VERTROUWDE_PROXIES`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RegieConfiguration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let sqlitePath = value("REGIE_SQLITE_PATH") ?? "regie.sqlite"
        guard let location = DatabaseLocation.from(url: environment["DATABASE_URL"], defaultSQLitePath: sqlitePath) else {
            throw ConfigurationError.invalidDatabaseURL
        }
        let keys: KeySource
        switch (value("REGIE_SLEUTEL"), value("REGIE_SLEUTELBESTAND")) {
        case (_?, _?): throw ConfigurationError.twoKeySources
        case (let text?, nil): keys = .base64(text)
        case (nil, let path?): keys = .file(path)
        case (nil, nil):
            guard let automatic = defaultKeys(for: location) else { throw ConfigurationError.keyRequired }
            keys = automatic
        }
        let anchors: AnchorLocation
        if let path = value("REGIE_ANKERBESTAND") {
            anchors = .file(path)
        } else if let automatic = defaultAnchors(for: location, keys: keys) {
            anchors = automatic
        } else {
            throw ConfigurationError.anchorRequired
        }
        let registerKeys: RegisterKeySource
        switch (value("REGIE_REGISTERSLEUTELS"), value("REGIE_REGISTERSLEUTELBESTAND")) {
        case (_?, _?): throw ConfigurationError.twoRegisterKeySources
        case (let text?, nil): registerKeys = .text(text)
        case (nil, let path?): registerKeys = .file(path)
        case (nil, nil):
            guard let automatic = defaultRegisterKeys(for: location, keys: keys) else { throw ConfigurationError.registerKeyRequired }
            registerKeys = automatic
        }
        let proxies = (value("REGIE_VERTROUWDE_PROXIES") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for proxy in proxies where ClientAddress.normalised(proxy) == nil {
            throw ConfigurationError.invalidProxy(proxy)
        }
        var configuration = RegieConfiguration(database: location, allowDebugLogs: environment["REGIE_DEBUG_LOGS"] == "1",
                                               keys: keys, anchors: anchors, trustedProxies: proxies, registerKeys: registerKeys)
        if let text = value("REGIE_UPLOAD_MAX_MB") {
            guard let megabytes = Int(text), (1...1_048_576).contains(megabytes) else { throw ConfigurationError.invalidUploadLimit(text) }
            configuration.maxUploadBytes = megabytes << 20
        }
        configuration.smtpURL = value("REGIE_SMTP_URL")
        if let from = value("REGIE_SMTP_AFZENDER") { configuration.smtpFrom = from }
        if let address = value("REGIE_ADRES") { configuration.publicURL = address.hasSuffix("/") ? String(address.dropLast()) : address }
        if let text = value("REGIE_VANDAAG") {
            guard let date = CalendarDate(iso: text) else { throw ConfigurationError.invalidToday(text) }
            configuration.today = date
        }
        return configuration
    }

    /// Beside an SQLite file, in memory for an in-memory database; nil for PostgreSQL.
    static func defaultKeys(for database: DatabaseLocation) -> KeySource? {
        switch database {
        case .sqliteFile(let path): .file(sibling(of: path, extension: "sleutel"))
        case .sqliteMemory: .ephemeral
        case .postgres: nil
        }
    }

    static func defaultRegisterKeys(for database: DatabaseLocation, keys: KeySource) -> RegisterKeySource? {
        switch (database, keys) {
        case (.sqliteFile(let path), _): .file(sibling(of: path, extension: "registersleutels"))
        case (.sqliteMemory, _): .ephemeral
        case (.postgres, .file(let keyPath)): .file(sibling(of: keyPath, extension: "registersleutels"))
        case (.postgres, _): nil
        }
    }

    /// How the operator named the register keys, for the refusal to start.
    var registerKeySourceName: String {
        switch registerKeys {
        case .text: "REGIE_REGISTERSLEUTELS"
        case .file(let path): path
        case .fixed, .ephemeral: "de sleutels van dit proces"
        }
    }

    /// The register key ring; `created` names a key file made now.
    func loadRegisterKeys() throws -> (ring: RegisterKeyRing, created: String?) {
        switch registerKeys {
        case .text(let text): return (try RegisterKeyRing(text: text, source: "REGIE_REGISTERSLEUTELS"), nil)
        case .file(let path):
            let (ring, created) = try RegisterKeyFile.loadOrCreate(path)
            return (ring, created ? path : nil)
        case .fixed(let ring): return (ring, nil)
        case .ephemeral: return (try RegisterKeyRing([RegisterKey(master: SymmetricKey(size: .bits256))]), nil)
        }
    }

    static func defaultAnchors(for database: DatabaseLocation, keys: KeySource) -> AnchorLocation? {
        switch (database, keys) {
        case (.sqliteFile(let path), _): .file(sibling(of: path, extension: "anker"))
        case (.sqliteMemory, _): .memory
        case (.postgres, .file(let keyPath)): .file(sibling(of: keyPath, extension: "anker"))
        case (.postgres, _): nil
        }
    }

    /// `regie.sqlite` → `regie.EXTENSION` in the same folder.
    static func sibling(of path: String, extension newExtension: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension(newExtension).path
    }

    /// The keys, reading or creating the key file; `created` tells whether a new file was made.
    func loadKeys() throws -> (keys: RegieKeys, created: String?) {
        switch keys {
        case .base64(let text): return (try RegieKeys(base64: text), nil)
        case .file(let path):
            let (keys, created) = try KeyFile.loadOrCreate(path)
            return (keys, created ? path : nil)
        case .fixed(let keys): return (keys, nil)
        case .ephemeral: return (RegieKeys.ephemeral(), nil)
        }
    }
}

public enum ConfigurationError: Error, CustomStringConvertible {
    case invalidDatabaseURL
    case twoKeySources
    case twoRegisterKeySources
    case registerKeyRequired
    case keyRequired
    case anchorRequired
    case invalidProxy(String)
    case keyFileLost(String)
    case invalidUploadLimit(String)
    case invalidToday(String)

    public var description: String {
        switch self {
        case .invalidDatabaseURL:
            "DATABASE_URL is geen geldige database-URL; gebruik postgres://gebruiker:wachtwoord@host:5432/database of laat de variabele weg voor SQLite"
        case .twoKeySources:
            "Zowel REGIE_SLEUTEL als REGIE_SLEUTELBESTAND is gezet; geef er één, zodat duidelijk is welke sleutel geldt."
        case .twoRegisterKeySources:
            "Zowel REGIE_REGISTERSLEUTELS als REGIE_REGISTERSLEUTELBESTAND is gezet; geef er één, zodat duidelijk is welke registersleutels gelden."
        case .registerKeyRequired:
            "Met PostgreSQL en REGIE_SLEUTEL heeft Regie ook registersleutels nodig die buiten de database staan: zet REGIE_REGISTERSLEUTELBESTAND (een pad; het bestand wordt aangemaakt als het nog niet bestaat) of REGIE_REGISTERSLEUTELS (base64-sleutels, gescheiden door ;). Zie docs/registers.md."
        case .keyRequired:
            "Met PostgreSQL heeft Regie een sleutel nodig die buiten de database staat: zet REGIE_SLEUTEL (base64 van 32 willekeurige bytes, bijv. openssl rand -base64 32) of REGIE_SLEUTELBESTAND (een pad; het bestand wordt aangemaakt als het nog niet bestaat). Zie docs/accounts.md."
        case .anchorRequired:
            "Met PostgreSQL en REGIE_SLEUTEL moet ook REGIE_ANKERBESTAND gezet zijn: het pad van het bestand waarin Regie de kop van het logboek vastlegt, buiten de database. Zie docs/accounts.md."
        case .invalidProxy(let text):
            "REGIE_VERTROUWDE_PROXIES bevat \"\(text)\", dat geen IP-adres is; geef de adressen van de proxy's gescheiden door komma's."
        case .invalidUploadLimit(let text):
            "REGIE_UPLOAD_MAX_MB is \"\(text)\"; geef een heel aantal megabytes van 1 tot 1048576, bijvoorbeeld 1024 voor 1 GB."
        case .invalidToday(let text):
            "REGIE_VANDAAG is \"\(text)\"; geef een datum als jaar-maand-dag, bijvoorbeeld 2024-06-30, of laat de variabele weg."
        case .keyFileLost(let path):
            "Het sleutelbestand ontbrak, maar de database is al met een sleutel beveiligd (logboek, tweestapsverificatie). Regie is niet gestart en heeft het nieuwe bestand \(path) weer verwijderd. Zet het oorspronkelijke sleutelbestand terug (of geef REGIE_SLEUTEL/REGIE_SLEUTELBESTAND) en start opnieuw."
        }
    }
}
