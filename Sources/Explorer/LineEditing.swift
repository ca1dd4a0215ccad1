/// The readline keys people type without thinking in a one-line prompt.
enum LineEditing {
    /// Ctrl-W: the trailing spaces, then the word before them.
    static func deletingWord(_ text: String) -> String {
        var s = Substring(text)
        while s.last == " " { s.removeLast() }
        while let c = s.last, c != " " { s.removeLast() }
        return String(s)
    }
}
