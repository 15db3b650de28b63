import Foundation

/// A law, and where useful the article, that the plan relies on, such as the Opiumwet art. 13b
/// (closing a drug dealer's premises). The plan lists them once (wettelijk kader); themes and,
/// later, documents and registers refer to them by key.
public struct LegalBasis: Hashable, Sendable, Codable {
    public var key: Key
    /// The law, such as "Politiewet 2012" or "Wet Bibob".
    public var law: String
    /// The article, such as "artikel 38b"; nil when the plan relies on the law as a whole.
    public var article: String?
    /// What it lets the municipality (usually the mayor) do.
    public var description: Prose

    public init(key: Key, law: String, article: String? = nil, description: Prose = "") {
        self.key = key
        self.law = law
        self.article = article
        self.description = description
    }

    /// "Opiumwet, artikel 13b", or the law alone.
    public var citation: String { law + (article.map { ", \($0)" } ?? "") }
}

extension Plan {
    public func legalBasis(_ key: Key) -> LegalBasis? { legalBases.first { $0.key == key } }
}
