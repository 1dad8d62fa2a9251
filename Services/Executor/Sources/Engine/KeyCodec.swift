import Foundation
import FerrySQL

/// Encodes a checkpoint key (the last primary key written) as portable text for the checkpoint
/// table: a JSON array of SQLValue's [tag, text] pairs, so the exact type survives (decimals stay exact).
enum KeyCodec {
    static func encode(_ key: [SQLValue]) -> String {
        String(decoding: (try? JSONEncoder().encode(key)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [SQLValue]? {
        try? JSONDecoder().decode([SQLValue].self, from: Data(text.utf8))
    }
}
