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
            if let abort = error as? any AbortError {
                status = abort.status
                (title, message) = Self.text(for: abort.status, reason: abort.reason)
            } else {
                status = .internalServerError
                (title, message) = Self.text(for: .internalServerError, reason: "")
                request.logger.error("unhandled error on \(request.method) \(request.url.path): \(String(reflecting: error))")
            }
            let page = ErrorPage(status: Int(status.code), title: title, message: message)
            let response = Response(status: status, body: .init(string: page.render()))
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
        case .methodNotAllowed:
            return ("Niet toegestaan", "Deze handeling kan op deze pagina niet.")
        case .payloadTooLarge:
            return ("Te groot", "Wat u stuurde is te groot om te verwerken.")
        default:
            if status.code >= 500 {
                return ("Er ging iets mis", "Door een fout aan onze kant kon deze pagina niet worden getoond. Probeer het later opnieuw; blijft het misgaan, meld het dan bij de beheerder.")
            }
            return ("Verzoek niet te verwerken", "Het verzoek kon niet worden verwerkt (foutcode \(status.code)).")
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
