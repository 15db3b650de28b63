import FluentKit
import Foundation

/// Seals every TOTP secret still stored as plain base32 with AES-GCM (``SecretBox``). Reading
/// accepts both forms, so the application works before, during and after this migration. The
/// revert opens them again (with the same key).
struct EncryptOneTimeSecrets: AsyncMigration {
    let box: SecretBox

    func prepare(on database: any Database) async throws {
        for record in try await AccountRecord.query(on: database).filter(\.$totpSecret != nil).all() {
            guard let id = record.id, let secret = record.totpSecret, !SecretBox.isSealed(secret) else { continue }
            record.totpSecret = try box.seal(secret, for: id)
            try await record.update(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for record in try await AccountRecord.query(on: database).filter(\.$totpSecret != nil).all() {
            guard let id = record.id, let secret = record.totpSecret, SecretBox.isSealed(secret) else { continue }
            record.totpSecret = try box.open(secret, for: id)
            try await record.update(on: database)
        }
    }
}
