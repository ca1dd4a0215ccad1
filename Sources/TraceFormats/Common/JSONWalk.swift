/// The array and object loops the Jaeger and Zipkin readers share. Both formats are read
/// leniently: where an array or object belongs, a value of another type is skipped rather than
/// rejected, so each loop starts by checking what is there. Broken JSON structure still throws.
extension JSONScanner {
    /// Calls `body` at each element of the array that comes next; any other value is skipped.
    mutating func forEachElement(_ body: (inout JSONScanner) throws(JSONError) -> Void) throws(JSONError) {
        guard peek() == 0x5B else {
            try skipValue()
            return
        }
        try beginArray()
        var first = true
        while try nextElement(first: &first) { try body(&self) }
    }

    /// Like `forEachElement`, but only for elements that are objects (others are skipped);
    /// `body` starts at the object's `{`.
    mutating func forEachObjectElement(_ body: (inout JSONScanner) throws(JSONError) -> Void) throws(JSONError) {
        try forEachElement { (s: inout JSONScanner) throws(JSONError) in
            guard s.peek() == 0x7B else {
                try s.skipValue()
                return
            }
            try body(&s)
        }
    }

    /// Calls `body` with each key of the object that comes next, the scanner at its value (which
    /// `body` must read or skip); any other value is skipped.
    mutating func forEachField(_ body: (inout JSONScanner, JSONString) throws(JSONError) -> Void) throws(JSONError) {
        guard peek() == 0x7B else {
            try skipValue()
            return
        }
        try beginObject()
        var first = true
        while let k = try nextKey(first: &first) { try body(&self, k) }
    }
}
