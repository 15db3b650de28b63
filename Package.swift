// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "regie",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "regie", targets: ["regie"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        // Already built for Fluent; named for its connection-pool time-out error (a Dutch 503).
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.22.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Already built for Vapor; the audit trail's hash chain uses its SHA-256.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        // DOCX is a ZIP of XML parts: council documents are written and house-style templates
        // read through it (docs/adr/0014).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Pure domain: plan model, periods, validation rules. Foundation only.
        .target(name: "RegieCore"),
        // The YAML plan file: reading with all problems reported at once, and writing.
        .target(name: "RegiePlanFile", dependencies: [
            "RegieCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Readers for the official police and CBS open-data files; streaming, no storage.
        // CSV is read by our own byte-level reader (docs/adr/0004): CSV.swift made a String per
        // field and was the bottleneck at national scale.
        // The official code lists (municipalities 1990-2025, provinces, police regions, crime
        // types, a table catalogue) ship as data files: CodeLists/BRONNEN.md says where from.
        .target(name: "RegieImporter", dependencies: ["RegieCore"], resources: [.copy("CodeLists")]),
        // Registers with personal data (issue 17): definitions, need-to-know access, sealed fields,
        // the processing log, retention and suppressed counts. No web or database types
        // (docs/adr/0015).
        .target(name: "RegieRegisters", dependencies: [
            "RegieCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Fluent records, migrations and the plan repository.
        .target(name: "RegiePersistence", dependencies: [
            "RegieCore", "RegieRegisters",
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "FluentSQL", package: "fluent-kit"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Typed HTML: elements, attributes and text, every value escaped in one place (ADR 0007).
        .target(name: "RegieHTML"),
        // HTML pages built from view models; no web framework.
        .target(name: "RegieReports", dependencies: ["RegieCore", "RegieHTML"]),
        // The registers' pages (issue 17): lists without personal data, intake, the case table,
        // break-glass; built on RegieReports' layout, apart since they need RegieRegisters.
        .target(name: "RegieRegisterPages", dependencies: ["RegieCore", "RegieHTML", "RegieReports", "RegieRegisters"]),
        // Council documents (issue 16): one document model written as DOCX in the municipality's
        // house style, as a printable HTML page, and as PDF through LibreOffice (docs/adr/0014).
        .target(name: "RegieDocuments", dependencies: [
            "RegieCore", "RegieHTML", "RegieReports", "RegieRegisters",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Vapor: configuration, routes, error pages.
        // (The importer too: a beheerder imports open data through the browser.)
        .target(name: "RegieWeb", dependencies: [
            "RegieCore", "RegiePlanFile", "RegieImporter", "RegiePersistence", "RegieReports", "RegieDocuments", "RegieRegisters", "RegieRegisterPages",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "AsyncKit", package: "async-kit"),
        ]),
        // Thin executable: command-line parsing only.
        .executableTarget(name: "regie", dependencies: [
            "RegieWeb", "RegieImporter", "RegieRegisters",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "RegieTests", dependencies: [
            "RegieCore", "RegieHTML", "RegiePlanFile", "RegieImporter", "RegiePersistence", "RegieReports", "RegieDocuments", "RegieRegisters", "RegieRegisterPages", "RegieWeb",
            .product(name: "VaporTesting", package: "vapor"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
