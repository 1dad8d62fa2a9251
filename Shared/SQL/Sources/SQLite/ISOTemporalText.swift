import FerryTime

/// Temporal values as the text the SQLite and ODBC drivers bind and store:
///   date        "YYYY-MM-DD"
///   time        "HH:MM:SS[.ffffff]"
///   timestamp   "YYYY-MM-DD HH:MM:SS[.ffffff]"
///   timestamptz "YYYY-MM-DD HH:MM:SS[.ffffff]Z"   (always UTC)
/// A space, not "T", separates date and time: it is what SQLite's own datetime() writes (so text
/// compares and sorts alike) and the ODBC timestamp literal form. SQLite's date functions accept all
/// four (fractional seconds and the "Z" suffix included); ±infinity are "infinity"/"-infinity".
enum ISOTemporalText {
    static func date(_ days: Int32) -> String { TemporalFormat.date(days: days) }

    static func time(_ micros: Int64) -> String { TemporalFormat.time(micros: micros) }

    static func timestamp(_ micros: Int64, zulu: Bool) -> String {
        TemporalFormat.timestamp(micros: micros, zulu: zulu, separator: " ")
    }
}
