import AsyncKit
import RegieCore
import RegieReports
import Vapor

/// Turns every error into a Dutch page with the right status. Internal details are logged
/// (without request content) and never shown.
struct RegieErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status: HTTPResponseStatus
            let title: String
            let message: String
            var retryAfter: String?
            if let scope = error as? ScopeError {
                switch scope {
                case .notFound:
                    status = .notFound
                    (title, message) = ("Pagina niet gevonden", "Dit plan bestaat niet, of u heeft er geen toegang toe. Kijk op de startpagina welke plannen u kunt openen.")
                case .forbidden(let reason):
                    status = .forbidden
                    (title, message) = Self.text(for: .forbidden, reason: reason)
                }
            } else if error is ConnectionPoolTimeoutError {
                // Every database connection is busy (a large import, a peak): say so and ask to retry.
                status = .serviceUnavailable
                (title, message) = ("Even druk", "Regie is op dit moment te druk om deze pagina te tonen. Probeer het over een halve minuut opnieuw; wat u verstuurde, is niet opgeslagen.")
                request.logger.warning("no database connection in time on \(request.method) \(LogText.path(request))")
            } else if let abort = error as? any AbortError {
                status = abort.status
                (title, message) = Self.text(for: abort.status, reason: abort.reason)
                retryAfter = abort.headers.first(name: .retryAfter)
            } else {
                status = .internalServerError
                (title, message) = Self.text(for: .internalServerError, reason: "")
                // The short description only: debug descriptions of driver errors can carry query details.
                request.logger.error("unhandled error on \(request.method) \(LogText.path(request)): \(type(of: error)): \(LogText.escaped(String(describing: error)))")
            }
            let page = ErrorPage(status: Int(status.code), title: title, message: message)
            // Signed in: the error page keeps the account bar (name, account, logout).
            var context: PageContext?
            if let signedIn = request.signedIn, !signedIn.session.secondFactorPending {
                context = try? await pageContext(request, signedIn)
            }
            let body = PageContext.$current.withValue(context) { page.render() }
            let response = Response(status: status, body: .init(string: body))
            response.headers.contentType = .html
            // The page may carry the account bar and the session's form token: never cached.
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            if let retryAfter {
                response.headers.replaceOrAdd(name: .retryAfter, value: retryAfter)
            } else if status == .serviceUnavailable {
                response.headers.replaceOrAdd(name: .retryAfter, value: "30")
            }
            return response
        }
    }

    static func text(for status: HTTPResponseStatus, reason: String) -> (String, String) {
        switch status {
        case .notFound:
            return ("Pagina niet gevonden", reason.isEmpty || reason == "Not Found"
                    ? "Deze pagina bestaat niet (meer). Controleer het adres of ga terug naar de startpagina." : reason)
        case .badRequest:
            return ("Verzoek niet te verwerken", reason.isEmpty || reason == "Bad Request" ? "Het verzoek klopt niet." : reason)
        case .forbidden:
            return ("Geen toegang", reason.isEmpty || reason == "Forbidden" ? "U heeft geen toegang tot deze handeling." : reason)
        case .unauthorized:
            return ("Niet ingelogd", reason.isEmpty || reason == "Unauthorized" ? "Log in om verder te gaan." : reason)
        case .conflict:
            return ("Intussen gewijzigd", reason.isEmpty || reason == "Conflict" ? "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw." : reason)
        case .tooManyRequests:
            return ("Te veel pogingen", reason.isEmpty || reason == status.reasonPhrase
                    ? "Er kwamen te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw." : reason)
        case .methodNotAllowed:
            return ("Niet toegestaan", "Deze handeling kan op deze pagina niet.")
        case .payloadTooLarge:
            return ("Te groot", reason.isEmpty || reason == status.reasonPhrase ? "Wat u stuurde is te groot om te verwerken. Er is niets opgeslagen." : reason)
        case .unsupportedMediaType:
            return ("Verzoek niet te verwerken", reason.isEmpty || reason == status.reasonPhrase ? "Regie verwerkt hier alleen formulieren van zijn eigen pagina's." : reason)
        default:
            if status.code >= 500 {
                return ("Er ging iets mis", "Door een fout aan onze kant kon deze pagina niet worden getoond. Probeer het later opnieuw; blijft het misgaan, meld het dan bij de beheerder.")
            }
            // Our own reasons are Dutch sentences; Vapor's are the English status phrase.
            let own = !reason.isEmpty && reason != status.reasonPhrase
            return ("Verzoek niet te verwerken", own ? reason : "Het verzoek kon niet worden verwerkt (foutcode \(status.code)).")
        }
    }
}

/// Security headers on every response: no framing, no sniffing, no scripts or styles from
/// elsewhere, no referrer leaking to other sites.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // Pages hold what only this account may see: no shared or back-button caches, unless a
        // response says otherwise (the stylesheet).
        if response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

/// One line per request: method, path, status and time. The path is written as it came, still
/// percent-encoded, with any control or non-ASCII character escaped, so a request cannot forge a
/// log line; the query is left out, since it may carry what a user typed.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next.respond(to: request)
            request.logger.info("\(request.method) \(LogText.path(request)) \(response.status.code) \(LogText.milliseconds(since: start))")
            return response
        } catch {
            request.logger.info("\(request.method) \(LogText.path(request)) fout \(LogText.milliseconds(since: start))")
            throw error
        }
    }
}

/// Text for log lines from what a request carried.
enum LogText {
    static func path(_ request: Request) -> String { escaped(request.url.path, limit: 300) }

    /// `text` with every byte outside printable ASCII (and `%` itself) as `%XX`, cut at `limit`.
    static func escaped(_ text: String, limit: Int = 2_000) -> String {
        var result = ""
        for byte in text.utf8.prefix(limit) {
            if byte >= 0x20, byte < 0x7F {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return text.utf8.count > limit ? result + "…" : result
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return String(format: "%.1f ms", ms)
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
