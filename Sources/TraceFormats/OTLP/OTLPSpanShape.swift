import TraceModel

/// What the structural pass learns about one span object besides its extent: where its
/// `attributes`, `events` and `links` arrays lie (offsets relative to the object) and how many
/// events and links they hold, so the decoding pass jumps over them instead of scanning the
/// bulk of the span's bytes a second time.
struct SpanShape: Sendable {
    struct Range: Sendable {
        var start: UInt32 = 0
        var end: UInt32 = 0
        var isEmpty: Bool { end == 0 }
    }
    var attributes = Range()
    var events = Range()
    var links = Range()
    var eventCount: UInt32 = 0
    var linkCount: UInt32 = 0
}

extension JSONScanner {
    /// Crosses one span object like `skipStructure` (strings end, brackets pair) and records
    /// its shape. Keys are recognised at depth 1 only: a string followed by `:`.
    mutating func scanSpanObject() throws(JSONError) -> SpanShape {
        var shape = SpanShape()
        guard peek() == 0x7B else { throw unexpected(expected: "'{'") }
        let origin = pos
        var stack = BracketStack()
        var current = 0  // 0 other, 1 attributes, 2 events, 3 links (the last key at depth 1)
        var i = pos
        while i < end {
            let c = base[i]
            if c == 0x22 {
                let quote = i
                i = try afterString(quote: quote)
                if stack.depth == 1 {
                    var j = i
                    while j < end, base[j] == 0x20 || base[j] == 0x0A || base[j] == 0x0D || base[j] == 0x09 { j += 1 }
                    if j < end, base[j] == 0x3A {
                        let k = JSONString(start: quote + 1, end: i - 1, escaped: false)
                        current = key(k, is: "attributes") ? 1 : key(k, is: "events") ? 2 : key(k, is: "links") ? 3 : 0
                        i = j + 1
                    }
                }
                continue
            }
            if c == 0x7B || c == 0x5B {
                guard stack.depth < Self.maxDepth else { pos = i; throw error("nesting deeper than \(Self.maxDepth)") }
                stack.push(object: c == 0x7B)
                let depth = stack.depth
                if depth == 2 && c == 0x5B {
                    let r = SpanShape.Range(start: UInt32(clamping: i - origin), end: 0)
                    switch current {
                    case 1: shape.attributes = r
                    case 2: shape.events = r
                    case 3: shape.links = r
                    default: break
                    }
                } else if depth == 3 && c == 0x7B {
                    if current == 2 { shape.eventCount &+= 1 } else if current == 3 { shape.linkCount &+= 1 }
                }
            } else if c == 0x7D || c == 0x5D {
                if let mismatch = stack.closeMismatch(c) { pos = i; throw error(mismatch) }
                if stack.depth == 2 && c == 0x5D {
                    let e = UInt32(clamping: i + 1 - origin)
                    switch current {
                    case 1: shape.attributes.end = e
                    case 2: shape.events.end = e
                    case 3: shape.links.end = e
                    default: break
                    }
                    current = 0
                }
                stack.pop()
                if stack.depth == 0 { pos = i + 1; return shape }
            }
            i += 1
        }
        pos = end
        throw error("unexpected end of input inside an object")
    }
}
