import FerryModels
import FerrySQL

/// RF01 validation: required fields, URL shape for the providers Ferry drives natively, and the
/// schema name. Providers without a driver here (Oracle …) are accepted; their use answers 422.
enum DatasourceValidator {
    static func validate(_ r: DatasourceRequest, existing: DatasourceRecord? = nil) -> Result<DatasourceRecord, ValidationFailure> {
        var check = FieldCheck()
        let name = check.required(r.databaseName, "databaseName", max: 128)
        var provider = check.required(r.databaseProvider, "databaseProvider", max: 64)
        if !provider.isEmpty {
            provider = ConnectionURL.canonicalProvider(provider)
            if !provider.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }) {
                check.fail("databaseProvider", "must be a provider name such as PostgreSQL, SQLite, ODBC, Files or Oracle")
            }
        }
        let url = check.required(r.jdbcConnectionUrl, "jdbcConnectionUrl", max: 2048)
        let user = check.optional(r.userName, "userName", max: 256)
        let schema = check.identifier(r.databaseSchema?.trimmingCharacters(in: .whitespaces), "databaseSchema")
        let platform = check.optional(r.databasePlatform, "databasePlatform")
        let driver = check.optional(r.driverClassName, "driverClassName")
        let dialect = check.optional(r.databaseDialect, "databaseDialect")
        if let pw = r.password, pw.count > 1024 { check.fail("password", "must be at most 1024 characters") }

        if !url.isEmpty, ConnectionURL.nativeProviders.contains(provider) {
            do { _ = try ConnectionURL.resolve(provider: provider, url: url, user: user, password: nil) }
            catch { check.fail("jdbcConnectionUrl", "\(error)") }
        }
        guard check.ok else { return .failure(ValidationFailure(errors: check.errors)) }
        return .success(DatasourceRecord(id: existing?.id ?? 0, databaseName: name, provider: provider, platform: platform,
                                         userName: user, passwordEnc: existing?.passwordEnc, jdbcURL: url,
                                         driverClass: driver, dialect: dialect, schema: schema,
                                         createdAt: existing?.createdAt ?? "", updatedAt: existing?.updatedAt ?? ""))
    }
}
