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
            if let scope = error as? ScopeError {
                switch scope {
                case .notFound:
                    status = .notFound
                    (title, message) = ("Pagina niet gevonden", "Dit plan bestaat niet, of u heeft er geen toegang toe. Kijk op de startpagina welke plannen u kunt openen.")
                case .forbidden(let reason):
                    status = .forbidden
                    (title, message) = Self.text(for: .forbidden, reason: reason)
                }
            } else if let abort = error as? any AbortError {
                status = abort.status
                (title, message) = Self.text(for: abort.status, reason: abort.reason)
            } else {
                status = .internalServerError
                (title, message) = Self.text(for: .internalServerError, reason: "")
                // The short description only: debug descriptions of driver errors can carry query details.
                request.logger.error("unhandled error on \(request.method) \(request.url.path): \(type(of: error)): \(String(describing: error))")
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
        case .methodNotAllowed:
            return ("Niet toegestaan", "Deze handeling kan op deze pagina niet.")
        case .payloadTooLarge:
            return ("Te groot", "Wat u stuurde is te groot om te verwerken.")
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
        return response
    }
}
