import Foundation
import RegieCore
import RegieDocuments
import RegieReports
import Vapor

/// A file received with a browser import, in a temporary folder.
struct UploadedFile: Sendable {
    /// The file's name as sent, reduced to letters, digits, `.`, `-` and `_` (the importer reads
    /// table codes in names such as `…47013NED…`).
    var name: String
    var url: URL
    var bytes: Int
    /// SHA-256 of the content, hexadecimal, for the audit trail.
    var sha256: String
}

/// What a `multipart/form-data` post to the import route carried: its text fields and its files,
/// in a temporary folder that whoever claims the upload removes (else the receiver does).
final class DataUpload: @unchecked Sendable {
    let directory: URL
    var fields: [(String, String)] = []
    var files: [String: UploadedFile] = [:]
    /// Set by the handler that takes the files over (the background import removes them).
    var claimed = false

    init(directory: URL) { self.directory = directory }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

struct DataUploadKey: StorageKey { typealias Value = DataUpload }

/// Receives the one upload Regie takes (`POST /beheer/cijfers`): only from a signed-in
/// beheerder, streamed to disk part by part (never the whole body in memory), with the CSRF token
/// as a field before any file, and a size limit (``SecuritySettings/maxUploadBytes``). Every other
/// route keeps the 1 MB URL-encoded forms of ``CSRFMiddleware``.
enum DataUploadReceiver {
    /// Text fields are short (a token, a table code).
    static let maxFieldBytes = 4_096
    static let maxParts = 10
    /// Bytes written to disk at a time.
    static let writeSize = 1 << 20

    static func isUpload(_ request: Request) -> Bool {
        guard request.method == .POST, [SiteURL.figures.path, SiteURL.houseStyle.path].contains(request.url.path),
              let type = request.headers.contentType else { return false }
        return type.type.lowercased() == "multipart" && type.subType.lowercased() == "form-data"
    }

    /// Checks who sends, receives the body into a temporary folder, runs the route and removes the
    /// folder unless the route claimed it.
    static func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Refused before a byte of the body is read: nobody signed in, no beheerder.
        guard let signedIn = request.signedIn, !signedIn.session.secondFactorPending else {
            throw Abort(.unauthorized, reason: "U bent niet ingelogd. Log in om verder te gaan; het bestand is niet ingelezen.")
        }
        guard let code = signedIn.account.tenant.municipality,
              AccessPolicy.mayImportFigures(signedIn.account, for: code) else {
            throw Abort(.forbidden, reason: "Alleen een beheerder van de gemeente kan cijfers inlezen.")
        }
        // A house-style template is small; open data can be large.
        let isTemplate = request.url.path == SiteURL.houseStyle.path
        let maximum = isTemplate ? HouseStyle.maximumUpload : request.application.security.maxUploadBytes
        if isTemplate, let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > maximum + 64 * 1024 {
            throw Abort(.payloadTooLarge, reason: HouseStyleError.tooLarge(bytes: length).description)
        }
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init), length > maximum {
            throw tooLarge(maximum)
        }
        guard let boundary = request.headers.contentType?.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw Abort(.badRequest, reason: "Het formulier is beschadigd verstuurd (geen grens tussen de delen). Laad de pagina opnieuw en probeer het nog eens.")
        }
        let upload = try await receive(request, boundary: boundary, maximum: maximum, csrf: signedIn.session.csrfToken)
        request.storage[DataUploadKey.self] = upload
        request.storage[FormValuesKey.self] = FormValues(fields: upload.fields)
        do {
            let response = try await next.respond(to: request)
            if !upload.claimed { upload.remove() }
            return response
        } catch {
            if !upload.claimed { upload.remove() }
            throw error
        }
    }

    static func tooLarge(_ maximum: Int) -> Abort {
        let megabytes = (maximum / (1 << 20)).formatted(.number.locale(Locale(identifier: "nl_NL")))
        return Abort(.payloadTooLarge, reason: "Het bestand is te groot: Regie leest in de browser bestanden tot \(megabytes) MB. Er is niets ingelezen. Lees een groter bestand in met de opdrachtregel (regie data import), of vraag de applicatiebeheerder de grens te verhogen.")
    }

    /// Streams the parts to disk. The folder is removed again on every failure.
    static func receive(_ request: Request, boundary: String, maximum: Int, csrf expected: String) async throws -> DataUpload {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regie-upload-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let upload = DataUpload(directory: directory)
        let state = PartState(upload: upload, expectedCSRF: expected)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.complete() }
        do {
            var received = 0
            // The parts' headers and boundaries add a little to the files.
            let limit = maximum + 64 * 1024
            let pool = request.application.threadPool
            func handle(_ chunk: ByteBuffer) async throws {
                received += chunk.readableBytes
                if received > limit { throw tooLarge(maximum) }
                do { try parser.execute(chunk) } catch {
                    throw Abort(.badRequest, reason: "Het formulier is beschadigd verstuurd. Er is niets ingelezen; laad de pagina opnieuw en probeer het nog eens.")
                }
                if let failure = state.failure { throw failure }
                try await state.flush(on: pool)
            }
            if let collected = request.body.data {
                // Already in memory (the test client): parsed the same way.
                try await handle(collected)
            } else if (request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0) > 0
                        || request.headers.contains(name: .transferEncoding) {
                for try await chunk in request.body { try await handle(chunk) }
            }
            try await state.flush(on: pool)
            guard state.finished else {
                throw Abort(.badRequest, reason: "Het bestand is niet helemaal aangekomen (de verbinding brak af?). Er is niets ingelezen; probeer het opnieuw.")
            }
            if !state.csrfChecked {
                throw CSRFMiddleware.refusal
            }
            return upload
        } catch {
            state.closeAll()
            upload.remove()
            throw error
        }
    }

    /// The file name to store under: its last component, reduced to safe characters.
    static func safeName(_ sent: String, fallback: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }.prefix(120))
        while name.hasPrefix(".") { name.removeFirst() }
        return name.isEmpty ? fallback : name
    }
}

/// The parser's callbacks: which part is being read, and where its bytes go.
private final class PartState {
    let upload: DataUpload
    let expectedCSRF: String
    var failure: (any Error)?
    var csrfChecked = false
    var parts = 0
    /// Whether the closing boundary came (the last part completed).
    var finished = false

    var headers: [(String, String)] = []
    var current: Part?
    var writes: [(FileHandle, Data)] = []
    var finishedHandles: [FileHandle] = []
    var openHandles: [FileHandle] = []

    enum Part {
        case field(name: String, bytes: [UInt8])
        case file(field: String, file: UploadedFile, handle: FileHandle, buffer: Data, hasher: SHA256)
        case ignored
    }

    init(upload: DataUpload, expectedCSRF: String) {
        self.upload = upload
        self.expectedCSRF = expectedCSRF
    }

    func header(_ name: String, _ value: String) {
        finished = false
        if current != nil { return }
        headers.append((name, value))
    }

    func body(_ buffer: inout ByteBuffer) {
        finished = false
        if current == nil { start() }
        guard failure == nil, let part = current else { return }
        switch part {
        case .field(let name, var bytes):
            bytes.append(contentsOf: buffer.readableBytesView)
            if bytes.count > DataUploadReceiver.maxFieldBytes {
                fail(Abort(.payloadTooLarge, reason: "Het veld \u{201C}\(name)\u{201D} is te lang. Er is niets ingelezen."))
                return
            }
            current = .field(name: name, bytes: bytes)
        case .file(let field, var file, let handle, var data, var hasher):
            buffer.withUnsafeReadableBytes { bytes in
                hasher.update(bufferPointer: bytes)
                data.append(contentsOf: bytes)
            }
            file.bytes += buffer.readableBytes
            if data.count >= DataUploadReceiver.writeSize {
                writes.append((handle, data))
                data = Data()
            }
            current = .file(field: field, file: file, handle: handle, buffer: data, hasher: hasher)
        case .ignored:
            break
        }
    }

    func complete() {
        if current == nil { start() }
        defer { current = nil; headers = [] }
        guard failure == nil, let part = current else { return }
        switch part {
        case .field(let name, let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                fail(FormProblem.notText(field: name))
                return
            }
            if name == "csrf" {
                guard constantTimeEqual(text, expectedCSRF) else { fail(CSRFMiddleware.refusal); return }
                csrfChecked = true
            } else {
                upload.fields.append((name, text))
            }
        case .file(let field, var file, let handle, let data, let hasher):
            if !data.isEmpty { writes.append((handle, data)) }
            finishedHandles.append(handle)
            file.sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            upload.files[field] = file
        case .ignored:
            break
        }
        finished = true
    }

    /// Decides what the part that just began is, from its headers.
    private func start() {
        parts += 1
        guard parts <= DataUploadReceiver.maxParts else {
            fail(Abort(.badRequest, reason: "Het formulier bevat meer delen dan het formulier van Regie heeft. Er is niets ingelezen."))
            return
        }
        let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
        let parameters = Self.parameters(disposition)
        guard let name = parameters["name"] else { current = .ignored; return }
        guard let sent = parameters["filename"] else { current = .field(name: name, bytes: []); return }
        // A file before the token: refused before it is written anywhere.
        guard csrfChecked else { fail(CSRFMiddleware.refusal); return }
        // An optional file input left empty is sent with an empty name.
        guard !sent.isEmpty, ["bestand", "metadata"].contains(name), upload.files[name] == nil else { current = .ignored; return }
        let folder = upload.directory.appendingPathComponent(name)
        let fileName = DataUploadReceiver.safeName(sent, fallback: name == "metadata" ? "metadata.csv" : "cijfers.csv")
        let url = folder.appendingPathComponent(fileName)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            let handle = try FileHandle(forWritingTo: url)
            openHandles.append(handle)
            current = .file(field: name, file: UploadedFile(name: fileName, url: url, bytes: 0, sha256: ""), handle: handle,
                            buffer: Data(), hasher: SHA256())
        } catch {
            fail(Abort(.internalServerError, reason: "Het bestand kon niet tijdelijk worden opgeslagen."))
        }
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        current = .ignored
    }

    /// Writes what the callbacks collected, off the request's thread, and closes finished files.
    func flush(on pool: NIOThreadPool) async throws {
        let pending = writes, done = finishedHandles
        writes = []
        finishedHandles = []
        guard !pending.isEmpty || !done.isEmpty else { return }
        try await pool.runIfActive {
            for (handle, data) in pending { try handle.write(contentsOf: data) }
            for handle in done { try handle.close() }
        }
        openHandles.removeAll { handle in done.contains { $0 === handle } }
    }

    func closeAll() {
        for handle in openHandles { try? handle.close() }
        openHandles = []
    }

    /// `form-data; name="bestand"; filename="x.csv"` → ["name": "bestand", "filename": "x.csv"].
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop(while: { $0 == " " })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = rest[rest.index(after: equals)...]
            if value.first == "\"" {
                value = value.dropFirst()
                var text = ""
                var escaped = false
                var end = value.endIndex
                for index in value.indices {
                    let character = value[index]
                    if escaped { text.append(character); escaped = false; continue }
                    if character == "\\" { escaped = true; continue }
                    if character == "\"" { end = index; break }
                    text.append(character)
                }
                result[key] = text
                rest = end < value.endIndex ? value[value.index(after: end)...] : ""
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                result[key] = value[..<end].trimmingCharacters(in: .whitespaces)
                rest = value[end...]
            }
        }
        return result
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in x.indices { difference |= x[i] ^ y[i] }
    return difference == 0
}
