/// English plurals for user-facing counts ("1 missing parent", "2 missing parents"): the one
/// place the singular/plural choice is made.
public enum Plural {
    /// `singular` for exactly one, else `plural` (default: `singular` + "s"; for a phrase, the
    /// "s" goes on its last word: "missing parent" → "missing parents").
    public static func word(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        count == 1 ? singular : plural ?? singular + "s"
    }

    /// "1 span", "3 spans", with the number as given.
    public static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(word(count, singular, plural))"
    }
}
