/// A value whose whole meaning is one piece of text (a code, a key, a period, a date). It is
/// encoded as that text, and decoding refuses text that is not a valid value.
public protocol TextCodable: LosslessStringConvertible, Codable {}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "invalid \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
