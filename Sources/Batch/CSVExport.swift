/// Writes the rows of a result index as CSV (RFC 4180): one line per run, with one column per
/// swept parameter in place of the `parameters` JSON.
public enum CSVExport {
    /// The default columns for `rows`: the index columns up to `repetition`, then the swept
    /// parameters by name, then the other index columns. A parameter whose name is also an
    /// index column (a swept `rounds`, say) is called `parameter:NAME`.
    public static func columns(for rows: [RunRow]) -> [String] {
        let fixed = ResultIndex.columns.map(\.name).filter { $0 != "parameters" }
        guard let split = fixed.firstIndex(of: "repetition") else { return fixed }
        return Array(fixed[...split]) + parameterColumns(rows) + Array(fixed[(split + 1)...])
    }

    /// Renders `rows` with `columns` (the default columns when nil), header first.
    public static func render(_ rows: [RunRow], columns selected: [String]? = nil) throws
        -> String
    {
        let available = columns(for: rows)
        let chosen = selected ?? available
        for name in chosen where !available.contains(name) {
            throw BatchError.unknownColumn(name: name, available: available)
        }
        let indexColumns = Set(ResultIndex.columns.map(\.name))
        var text = chosen.map(field).joined(separator: ",") + "\n"
        for row in rows {
            var parameters: [String: String] = [:]
            for (name, value) in row.parameters {
                parameters[indexColumns.contains(name) ? "parameter:" + name : name] = value
            }
            let values = chosen.map { name -> String in
                if indexColumns.contains(name) {
                    return cell(row[name])
                }
                return parameters[name] ?? ""
            }
            text += values.map(field).joined(separator: ",") + "\n"
        }
        return text
    }

    private static func parameterColumns(_ rows: [RunRow]) -> [String] {
        let indexColumns = Set(ResultIndex.columns.map(\.name))
        var names = Set<String>()
        for row in rows {
            for (name, _) in row.parameters {
                names.insert(indexColumns.contains(name) ? "parameter:" + name : name)
            }
        }
        return names.sorted()
    }

    private static func cell(_ value: SQLiteValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let number): return "\(number)"
        case .real(let number): return "\(number)"
        case .text(let text): return text
        }
    }

    /// `text` as a CSV field, quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
