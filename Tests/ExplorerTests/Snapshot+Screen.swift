import TraceAnalysis
import TerminalUI
import Testing
@testable import Explorer
import Reports
import TraceModel

extension Snapshot {
    /// Presses `keys` on a fresh explorer over `fixture` and compares the screen (text and
    /// roles) with the golden file `name`.txt.
    static func expectScreen(_ name: String, _ fixture: (TraceSet, Analysis), keys: String, width: Int, height: Int,
                             unicode: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let out = try ExplorerApp.renderHeadless(set: fixture.0, analysis: fixture.1, width: width, height: height,
                                                 keys: keys, unicode: unicode)
        #expect(out.text.split(separator: "\n", omittingEmptySubsequences: false).count == height, sourceLocation: sourceLocation)
        try expect(name + ".txt", document(text: out.text, roles: out.roles), sourceLocation: sourceLocation)
    }
}
