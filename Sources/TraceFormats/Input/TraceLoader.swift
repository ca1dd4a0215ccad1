import TraceModel

/// What loading one input produced.
public struct LoadedInput: Sendable {
    public var set: TraceSet
    public var format: InputFormat
    /// Partial problems: the input loaded, but something in it was repaired or skipped.
    public var warnings: [String]
}

/// Loads trace files of any supported format: opens (mmap / stdin / gzip), sniffs, decodes.
public enum TraceLoader {
    /// Loads one path (`-` = stdin).
    public static func load(path: String, limit: InputLimit = InputLimit()) throws(LoadError) -> LoadedInput {
        try InputReader.load(path, limit: limit, check: startCheck) { b throws(LoadError) in try decode(b) }
    }

    /// Loads many inputs; a bad one is reported and the others still load.
    public static func load(paths: [String], limit: InputLimit = InputLimit()) -> (set: TraceSet, warnings: [String], errors: [LoadError]) {
        let expanded = InputPaths(paths)
        var set = TraceSet()
        var warnings: [String] = []
        var errors = expanded.errors
        var skipped = 0
        for (path, fromDirectory) in expanded.inputs.map({ ($0.path, $0.fromDirectory) }) {
            do throws(LoadError) {
                let input: LoadedInput
                if fromDirectory {
                    // Found in a directory: taken only when its content looks like a trace.
                    let loaded = try InputReader.load(path, limit: limit, check: nil) { b throws(LoadError) -> LoadedInput? in
                        isTrace(b) ? try decode(b) : nil
                    }
                    guard let loaded else { skipped += 1; continue }
                    input = loaded
                } else {
                    input = try load(path: path, limit: limit)
                }
                warnings.append(contentsOf: input.warnings.map { "\(displayName(path)): \($0)" })
                if expanded.inputs.count == 1 { set = input.set } else { set.merge(input.set) }
            } catch {
                errors.append(error)
            }
        }
        if skipped > 0 { warnings.append("skipped \(Plural.counted(skipped, "file that is not a trace", "files that are not traces"))") }
        return (set, warnings, errors)
    }

    /// Loads trace files, then logs files (`--logs`: glob patterns expanded, `-` = stdin) into
    /// the same set. As with traces, a bad logs file is one error and the others still load.
    public static func load(paths: [String], logs: [String], limit: InputLimit = InputLimit()) -> (set: TraceSet, warnings: [String], errors: [LoadError]) {
        var result = load(paths: paths, limit: limit)
        for pattern in logs {
            let expanded = PathPatterns.expand(pattern)
            if expanded.isEmpty { result.errors.append(LoadError(file: pattern, message: "no file matches this pattern")) }
            for path in expanded {
                let t = Timing.now()
                defer { Timing.report("logs \(displayName(path))", since: t) }
                do throws(LoadError) {
                    let input = try LogLoader.load(path: path, limit: limit)
                    result.warnings.append(contentsOf: input.warnings.map { "\(displayName(path)): \($0)" })
                    result.set.merge(input.set)
                } catch {
                    result.errors.append(error)
                }
            }
        }
        return result
    }

    /// What a directory walk keeps: content that sniffs as a trace format (log files are not).
    static func isTrace(_ bytes: FileBytes) -> Bool {
        var s = bytes.scanner()
        if bytes.count >= 3 && bytes.base[0] == 0xEF && bytes.base[1] == 0xBB && bytes.base[2] == 0xBF { s.pos = 3 }
        guard s.peek() != nil, let format = FormatSniffer.sniff(s) else { return false }
        return format != .jsonLogs && format != .logfmt
    }

    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Decodes a document, or a sequence of documents (JSON Lines, concatenated JSON). In a
    /// sequence, a broken value costs its own line only (collector files are often cut off
    /// mid-line); the input fails only when nothing in it could be read.
    public static func decode(_ bytes: FileBytes) throws(LoadError) -> LoadedInput {
        var s = bytes.scanner()
        let bom = bytes.count >= 3 && bytes.base[0] == 0xEF && bytes.base[1] == 0xBB && bytes.base[2] == 0xBF
        // Past the byte-order mark first: a file of only a mark has no value to describe either.
        if bom { s.pos = 3 }
        guard s.peek() != nil else {
            let what = bytes.count == 0 ? "empty input" : bom ? "no JSON value after the byte-order mark" : "no JSON value (only whitespace)"
            throw LoadError(file: bytes.name, offset: 0, message: what)
        }
        guard let format = FormatSniffer.sniff(s) else {
            throw located(bytes, JSONError(offset: s.pos, message: notTraceMessage(s)))
        }
        if format == .jsonLogs && s.peek() == 0x7B {
            // Log lines: one record per line, bad lines counted in one warning.
            return try LogLoader.lines(bytes, from: bom ? 3 : 0, kind: .json)
        }
        var set = TraceSet()
        var warnings: [String] = []
        var values = 0
        let resources = ResourceCache()
        var firstError: JSONError? = nil
        var broken = BadLines()
        while s.peek() != nil {
            let valueStart = s.pos
            let spansBefore = set.spans.count
            let logsBefore = set.logs.count
            let sourcesBefore = set.detailSources.count
            var attempt = s
            do throws(JSONError) {
                try decodeValue(format, &attempt, bytes, &set, &warnings, resources)
                s = attempt
                values += 1
            } catch {
                // Roll back what the broken value added, then resynchronise at the next line
                // that starts a value. Only line-oriented input (JSON Lines) gets this
                // leniency: a broken pretty-printed document is one error.
                set.spans.removeSubrange(spansBefore...)
                set.logs.removeSubrange(logsBefore...)
                set.detailSources.removeSubrange(sourcesBefore...)
                let next = nextValueLine(bytes, after: max(error.offset, valueStart))
                let lineOriented = values > 0 || startsLineValue(bytes, nextLineStart(bytes, after: valueStart))
                guard lineOriented else { throw located(bytes, error) }
                if firstError == nil { firstError = error }
                // Line numbers cost a scan from the start: only the few shown are counted.
                let line = broken.first.count < BadLines.shown ? bytes.lineAndColumn(of: error.offset).line : 0
                broken.add(line: line, offset: error.offset, reason: "byte \(error.offset): \(error.message)")
                s.pos = next
            }
        }
        if values == 0, let firstError { throw located(bytes, firstError) }
        if format == .otlp { FollowsFromLinks.mark(&set) }
        // Thousands of broken lines are one warning, as for logs files.
        if let w = broken.warning(noun: "broken JSON line") { warnings.append(w) }
        clampTimes(&set, into: &warnings)
        // Decoders repair invalid UTF-8 with U+FFFD wherever they build text; count the names
        // and services that show it (a few hundred strings, whatever the file size).
        let repaired = set.strings.strings.filter { $0.unicodeScalars.contains("\u{FFFD}") }.count
        if repaired > 0 {
            warnings.append("\(Plural.counted(repaired, "span or service name is", "span or service names are")) not valid UTF-8 (shown with U+FFFD)")
        }
        if set.spans.isEmpty && set.logs.isEmpty && format != .traceSummaries {
            // Everything there was got skipped (a lone span with an invalid id): the file could
            // not be read, which is an error naming why, not a warning and "0 traces".
            if let why = warnings.first {
                let more = warnings.count > 1 ? " (and \(Plural.counted(warnings.count - 1, "more problem")))" : ""
                throw LoadError(file: bytes.name, message: "nothing could be read: \(why)\(more)")
            }
            warnings.append("no spans in this \(format.rawValue) input")
        }
        return LoadedInput(set: set, format: format, warnings: warnings)
    }

    static func decodeValue(
        _ format: InputFormat, _ s: inout JSONScanner, _ bytes: FileBytes, _ set: inout TraceSet, _ warnings: inout [String],
        _ resources: ResourceCache
    ) throws(JSONError) {
        switch format {
        case .otlp: try OTLPDecoder.decode(&s, bytes: bytes, into: &set, warnings: &warnings, resources: resources)
        case .zipkin: try ZipkinDecoder.decode(&s, bytes: bytes, into: &set, warnings: &warnings)
        case .jaeger: try JaegerDecoder.decode(&s, bytes: bytes, into: &set, warnings: &warnings)
        case .jsonLogs: try JSONLogsDecoder.decode(&s, into: &set, warnings: &warnings)
        case .logfmt: try s.skipValue()  // never sniffed from JSON
        case .traceSummaries:
            try s.skipValue()
            if !warnings.contains(summaryWarning) { warnings.append(summaryWarning) }
        }
    }

    /// Clamps every span and log time into `ModelTime`'s range; one counted warning for each.
    static func clampTimes(_ set: inout TraceSet, into warnings: inout [String]) {
        let (spans, logs) = set.clampTimes()
        if spans > 0 {
            warnings.append("\(Plural.counted(spans, "span has", "spans have")) impossible times (before 1970, after 2116, or lasting over a year); clamped")
        }
        if logs > 0 {
            warnings.append("\(Plural.counted(logs, "log record has an impossible time", "log records have impossible times")) (before 1970 or after 2116); clamped")
        }
    }

    static let summaryWarning = "a Jaeger trace-summaries response lists traces but holds no spans"

    static func notTraceMessage(_ s: JSONScanner) -> String {
        var s = s
        switch s.nextKind() {
        case .object, .array: return "not a trace file: no OTLP, Zipkin, Jaeger or log keys in the first object"
        case .invalid, .end: return "not JSON: starts with \(JSONScanner.describe(s.base[s.pos]))"
        default: return "not a trace file: a bare JSON \(s.nextKind()) value"
        }
    }

    static func located(_ bytes: FileBytes, _ e: JSONError) -> LoadError {
        let (line, column) = bytes.lineAndColumn(of: e.offset)
        return LoadError(file: bytes.name, offset: e.offset, line: line, column: column, message: e.message)
    }

    static func nextLineStart(_ bytes: FileBytes, after offset: Int) -> Int {
        var i = min(offset, bytes.count)
        while i < bytes.count && bytes.base[i] != 0x0A { i += 1 }
        return min(i + 1, bytes.count)
    }

    /// True when a line starts (column 1) with `{` or `[`, as every JSON Lines record does.
    static func startsLineValue(_ bytes: FileBytes, _ offset: Int) -> Bool {
        offset < bytes.count && (bytes.base[offset] == 0x7B || bytes.base[offset] == 0x5B)
    }

    /// The start of the next line after `offset` that begins a value (or the end of input).
    static func nextValueLine(_ bytes: FileBytes, after offset: Int) -> Int {
        var i = nextLineStart(bytes, after: offset)
        while i < bytes.count && !startsLineValue(bytes, i) { i = nextLineStart(bytes, after: i) }
        return i
    }
}
