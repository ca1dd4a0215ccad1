import Testing
import TraceModel
@testable import TraceAnalysis
import TestSupport

/// Every worked example of analysis-rules.md §3 (times in µs), plus the listed consequences.
@Suite struct CriticalPathTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var spans: [SpanSpec]
        var expected: [String]
        var testDescription: String { label }
    }

    static let workedExamples: [Case] = [
        Case(label: "1 two sequential children",
             spans: [span(1, 1, 101, name: "R"), span(2, parent: 1, 20, 40, name: "D"), span(3, parent: 1, 50, 60, name: "E")],
             expected: ["R[60,101]", "E[50,60]", "R[40,50]", "D[20,40]", "R[1,20]"]),
        Case(label: "2 overlapping child off the path",
             spans: [span(1, 1, 101, name: "R"), span(2, parent: 1, 10, 50, name: "A"), span(3, parent: 1, 20, 60, name: "C")],
             expected: ["R[60,101]", "C[20,60]", "R[1,20]"]),
        Case(label: "3 consumer of producer pruned",
             spans: [span(1, 100, 140, name: "R", kind: .producer),
                     span(2, parent: 1, 200, 500, name: "K", kind: .consumer)],
             expected: ["R[100,140]"]),
        Case(label: "4 child after parent end dropped with subtree",
             spans: [span(1, 1, 31, name: "R"), span(2, parent: 1, 40, 80, name: "X"), span(3, parent: 2, 50, 60, name: "G")],
             expected: ["R[1,31]"]),
        Case(label: "5 grandchild clipped to clipped parent",
             spans: [span(1, 1, 30, name: "R"), span(2, parent: 1, 15, 35, name: "B"), span(3, parent: 2, 10, 25, name: "C")],
             expected: ["B[25,30]", "C[15,25]", "R[1,15]"]),
        Case(label: "6 child and grandchild past the end",
             spans: [span(1, 1, 30, name: "R"), span(2, parent: 1, 15, 35, name: "B"), span(3, parent: 2, 20, 40, name: "C")],
             expected: ["C[20,30]", "B[15,20]", "R[1,15]"]),
        Case(label: "7 child wider than parent",
             spans: [span(1, 10, 30, name: "R"), span(2, parent: 1, 5, 35, name: "X")],
             expected: ["X[10,30]"]),
        Case(label: "8 child before parent",
             spans: [span(1, 10, 30, name: "R"), span(2, parent: 1, 1, 5, name: "X")],
             expected: ["R[10,30]"]),
        Case(label: "9 no overlap tolerance (not CRISP)",
             spans: [span(1, 0, 1000, name: "R"), span(2, parent: 1, 10, 210, name: "c1"),
                     span(3, parent: 1, 209, 309, name: "c2"), span(4, parent: 1, 308, 608, name: "c3")],
             expected: ["R[608,1000]", "c3[308,608]", "R[210,308]", "c1[10,210]", "R[0,10]"]),
        Case(label: "10 several roots walked as one; the gap between them is not a section",
             spans: [span(1, 0, 40, name: "R"), span(2, parent: 1, 10, 20, name: "A"),
                     span(3, parent: 99, 50, 90, name: "O"), span(4, parent: 3, 60, 70, name: "K")],
             expected: ["O[70,90]", "K[60,70]", "O[50,60]", "R[20,40]", "A[10,20]", "R[0,10]"]),
        Case(label: "10b an overlapping root is off the path",
             spans: [span(1, 0, 40, name: "R"), span(2, parent: 1, 10, 20, name: "A"),
                     span(3, parent: 99, 30, 80, name: "O"), span(4, parent: 3, 60, 70, name: "K")],
             expected: ["O[70,80]", "K[60,70]", "O[30,60]"]),
    ]

    @Test(arguments: workedExamples)
    func workedExample(_ c: Case) {
        let (set, tree) = buildTree(c.spans)
        #expect(tree.pathText(set) == c.expected)
    }

    static let consequences: [Case] = [
        Case(label: "touching children: the earlier one is off the path",
             spans: [span(1, 0, 40, name: "R"), span(2, parent: 1, 10, 20, name: "A"), span(3, parent: 1, 20, 30, name: "B")],
             expected: ["R[30,40]", "B[20,30]", "R[0,20]"]),
        Case(label: "child overlapping the walked one is skipped, parent credited",
             spans: [span(1, 0, 100, name: "R"), span(2, parent: 1, 10, 40, name: "A"), span(3, parent: 1, 30, 80, name: "B")],
             expected: ["R[80,100]", "B[30,80]", "R[0,30]"]),
        Case(label: "FOLLOWS_FROM child pruned with its subtree",
             spans: [span(1, 0, 100, name: "R"), span(2, parent: 1, 10, 90, name: "F", flags: .followsFromParent),
                     span(3, parent: 2, 20, 80, name: "G")],
             expected: ["R[0,100]"]),
        Case(label: "consumer under a non-producer is blocking",
             spans: [span(1, 0, 100, name: "R", kind: .client), span(2, parent: 1, 10, 90, name: "K", kind: .consumer)],
             expected: ["R[90,100]", "K[10,90]", "R[0,10]"]),
        Case(label: "equal clipped ends: earliest start wins",
             spans: [span(1, 0, 100, name: "R"), span(2, parent: 1, 50, 80, name: "late"), span(3, parent: 1, 20, 80, name: "early")],
             expected: ["R[80,100]", "early[20,80]", "R[0,20]"]),
        Case(label: "equal ends and starts: input order wins",
             spans: [span(1, 0, 100, name: "R"), span(2, parent: 1, 20, 80, name: "first"), span(3, parent: 1, 20, 80, name: "second")],
             expected: ["R[80,100]", "first[20,80]", "R[0,20]"]),
        Case(label: "a bound of time 0 is a real bound",
             spans: [span(1, 0, 10, name: "R"), span(2, parent: 1, 0, 5, name: "A"), span(3, parent: 1, 0, 0, name: "Z")],
             expected: ["R[5,10]", "A[0,5]"]),
        Case(label: "an orphan root inside another root's time is off the path",
             spans: [span(1, 0, 50, name: "R"), span(2, parent: 1, 10, 20, name: "A"),
                     span(3, parent: 99, 5, 30, name: "O"), span(4, parent: 3, 10, 20, name: "P")],
             expected: ["R[20,50]", "A[10,20]", "R[0,10]"]),
        Case(label: "concurrent roots: the later-ending one first, then only roots ending before it starts",
             spans: [span(1, 0, 30, name: "R1"), span(2, parent: 98, 35, 60, name: "R2"), span(3, parent: 97, 20, 50, name: "R3")],
             expected: ["R2[35,60]", "R1[0,30]"]),
        Case(label: "deep walk returns through every ancestor",
             spans: [span(1, 0, 100, name: "R"), span(2, parent: 1, 10, 90, name: "A"), span(3, parent: 2, 20, 80, name: "B"),
                     span(4, parent: 3, 30, 40, name: "C"), span(5, parent: 3, 50, 60, name: "D")],
             expected: ["R[90,100]", "A[80,90]", "B[60,80]", "D[50,60]", "B[40,50]", "C[30,40]", "B[20,30]",
                        "A[10,20]", "R[0,10]"]),
    ]

    @Test(arguments: consequences)
    func consequence(_ c: Case) {
        let (set, tree) = buildTree(c.spans)
        #expect(tree.pathText(set) == c.expected)
    }

    @Test func criticalTimePerNodeAndFlags() {
        let (_, tree) = buildTree(CriticalPathTests.workedExamples[8].spans)
        let critical = tree.nodes.map { $0.criticalNs / 1000 }
        #expect(critical == [500, 200, 0, 300])  // R, c1, c2, c3 in display order
        #expect(tree.nodes.map { $0.flags.contains(.onCriticalPath) } == [true, true, false, true])
    }

    @Test func prunedChildrenAreMarkedNonBlocking() {
        let (_, tree) = buildTree(CriticalPathTests.workedExamples[2].spans)
        #expect(tree.nodes[1].flags.contains(.nonBlocking))
        #expect(!tree.nodes[0].flags.contains(.nonBlocking))
        #expect(tree.nodes[1].criticalNs == 0)
    }

    /// On many random trees (orphans included): one root's sections tile [root.start, root.end]
    /// exactly; with several roots sections never overlap, so critical shares never pass 100%.
    @Test func sectionsTileOneRootAndNeverOverlap() {
        var rng = SplitMix64(seed: 42)
        var severalRoots = 0
        for _ in 0 ..< 300 {
            let specs = randomSpecs(&rng, followsFromOneIn: 9)
            let (_, tree) = buildTree(specs)
            let sections = tree.criticalPath.sorted { $0.startNs < $1.startNs }
            for (a, b) in zip(sections, sections.dropFirst()) { #expect(a.endNs <= b.startNs) }
            for seg in sections {
                let n = tree.nodes[Int(seg.node)]
                #expect(seg.startNs >= n.start && seg.endNs <= n.end)
            }
            let total = tree.nodes.reduce(0) { $0 + $1.criticalNs }
            #expect(total <= tree.durationNs)
            if tree.roots.count == 1 {
                let r = tree.nodes[Int(tree.roots[0])]
                #expect(sections.first?.startNs ?? r.start == r.start)
                #expect(sections.last?.endNs ?? r.end == r.end)
                #expect(total == r.duration)
            } else {
                severalRoots += 1
            }
        }
        #expect(severalRoots > 50)
    }
}
