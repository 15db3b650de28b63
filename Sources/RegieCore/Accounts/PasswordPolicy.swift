import Foundation

/// The password rule, after the NCSC guidance that the BIO refers to: long rather than
/// complicated, not a known weak password, not derived from the account. Passphrases of four
/// or more words pass easily; `Welkom2024!` does not.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// bcrypt reads at most 72 bytes; a longer password would silently be cut off.
    public static let maximumBytes = 72

    public enum Problem: Hashable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximumBytes: Int)
        /// Shorter than 20 characters and fewer than three kinds of characters.
        case tooSimple
        case containsUsername
        case common
        case repeated
    }

    /// Every rule `password` breaks; empty when it is acceptable.
    public static func problems(_ password: String, username: String) -> [Problem] {
        var problems: [Problem] = []
        if password.count < minimumLength { problems.append(.tooShort(minimum: minimumLength)) }
        if password.utf8.count > maximumBytes { problems.append(.tooLong(maximumBytes: maximumBytes)) }
        var kinds = 0
        if password.contains(where: \.isLowercase) { kinds += 1 }
        if password.contains(where: \.isUppercase) { kinds += 1 }
        if password.contains(where: \.isNumber) { kinds += 1 }
        if password.contains(where: { !$0.isLetter && !$0.isNumber }) { kinds += 1 }
        if password.count >= minimumLength, password.count < 20, kinds < 3 { problems.append(.tooSimple) }
        let lower = password.lowercased()
        let name = username.lowercased().split(separator: "@").first.map(String.init) ?? ""
        if name.count >= 3, lower.contains(name) { problems.append(.containsUsername) }
        let letters = lower.filter { $0.isLetter }
        if common.contains(where: { letters.hasPrefix($0) || lower.hasPrefix($0) }), password.count < 20 {
            problems.append(.common)
        }
        if Set(password).count <= 3 { problems.append(.repeated) }
        return problems
    }

    /// Beginnings of the passwords most often found in leaks, in Dutch and English.
    private static let common = [
        "welkom", "wachtwoord", "password", "passw0rd", "qwerty", "azerty", "123456", "abc123",
        "letmein", "admin", "geheim", "zomer", "winter", "voorjaar", "najaar", "iloveyou", "gemeente",
        "veilig", "regie",
    ]
}
