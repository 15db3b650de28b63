import Foundation

/// Makes the PDF from the DOCX with LibreOffice headless, so both say the same: tagged (headings,
/// tables and the charts' text alternatives become structure) and PDF/A-2b. One conversion at a
/// time per process, in a LibreOffice profile of Regie's own that stays warm between runs.
public actor PDFConverter {
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case notInstalled
        case failed(String)
        case timedOut

        public var description: String {
            switch self {
            case .notInstalled:
                "PDF maken kan op deze server niet: LibreOffice is niet geïnstalleerd (Debian-pakket libreoffice-writer-nogui). Het stuk is wel als Word-bestand (DOCX) en als webpagina beschikbaar."
            case .failed(let detail): "Het omzetten naar PDF is mislukt (\(detail)). Het Word-bestand (DOCX) en de webpagina zijn wel beschikbaar."
            case .timedOut: "Het omzetten naar PDF duurde langer dan \(Int(PDFConverter.timeout)) seconden en is afgebroken. Probeer het later opnieuw; DOCX en webpagina zijn wel beschikbaar."
            }
        }
    }

    public static let timeout: TimeInterval = 120
    /// The profile of this process, the same for every converter.
    static let profile = FileManager.default.temporaryDirectory.appendingPathComponent("regie-libreoffice-\(getpid())")
    /// The export filter: tagged PDF, PDF/A-2b, bookmarks from the headings.
    static let filter = #"pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},"SelectPdfVersion":{"type":"long","value":"2"},"ExportBookmarks":{"type":"boolean","value":"true"},"ExportNotes":{"type":"boolean","value":"false"}}"#

    public let executable: URL?
    private let profile: URL

    /// Uses `executable`, else `REGIE_SOFFICE` when set (an empty value switches PDF off), else
    /// finds `soffice` on the usual paths.
    public init(executable: String? = nil) {
        let chosen = executable ?? ProcessInfo.processInfo.environment["REGIE_SOFFICE"]
        let candidates = chosen.map { [$0] } ?? ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"]
        self.executable = candidates.first { !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0) }.map(URL.init(fileURLWithPath:))
        self.profile = Self.profile
    }

    public nonisolated var isAvailable: Bool { executable != nil }

    /// Removes this process's LibreOffice profile (at shutdown; the next conversion makes a new
    /// one). Waits its turn, so no conversion loses its profile halfway.
    public static func removeProfile() async {
        await turns.acquire()
        try? FileManager.default.removeItem(at: profile)
        await turns.release()
    }

    /// Conversions of every converter of this process take turns: they share one LibreOffice
    /// profile, and LibreOffice refuses a second instance on a profile in use.
    private static let turns = Turns()

    public func pdf(fromDOCX docx: Data) async throws(Failure) -> Data {
        guard let executable else { throw .notInstalled }
        // Only DOCX goes in: LibreOffice would turn anything else into a PDF of its own.
        guard docx.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw .failed("geen Word-bestand") }
        await Self.turns.acquire()
        let result: Result<Data, Failure>
        do { result = .success(try await convert(docx, with: executable)) } catch { result = .failure(error) }
        await Self.turns.release()
        return try result.get()
    }

    private func convert(_ docx: Data, with executable: URL) async throws(Failure) -> Data {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("regie-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try docx.write(to: work.appendingPathComponent("stuk.docx"))
        } catch { throw .failed("tijdelijke map niet schrijfbaar") }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nologo",
                             "--convert-to", Self.filter, "--outdir", work.path, work.appendingPathComponent("stuk.docx").path]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = environment["HOME"] ?? FileManager.default.temporaryDirectory.path
        process.environment = environment
        do { try process.run() } catch { throw .failed("LibreOffice start niet") }
        let deadline = Date().addingTimeInterval(Self.timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw .timedOut
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        let output = work.appendingPathComponent("stuk.pdf")
        guard process.terminationStatus == 0, let pdf = try? Data(contentsOf: output), pdf.starts(with: Array("%PDF".utf8)) else {
            let message = String(data: errors.fileHandleForReading.availableData, encoding: .utf8)?
                .split(separator: "\n").first.map(String.init) ?? "afsluitcode \(process.terminationStatus)"
            throw .failed(message)
        }
        return pdf
    }
}

/// One at a time, first come first served.
actor Turns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if busy { await withCheckedContinuation { waiting.append($0) } } else { busy = true }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
