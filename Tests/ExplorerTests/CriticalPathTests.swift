import Testing
@testable import Explorer

/// `c`, `p` / `P` and `s` / `S` in the waterfall, on the checkout fixture. Its critical path in
/// time order (node: ms from trace start): 0:0-5, 1:5-6, 2:6-10, 3:10-22, 2:22-25, 4:25-26,
/// 5:26-28, 6:28-58, 5:58-64, 4:64-65, 2:65-70, 7:70-71, 8:71-129, 7:129-130, 2:130-135,
/// 9:135-136, 10:136-169, 9:169-170, 2:170-171, 11:171-173, 2:173-174, 1:174-175, 0:175-180.
/// Self times (ms): 8:58, 10:33, 6:30, 2:19, 3:12, 0:10, 5:8, then 2 each for 1, 4, 7, 9, 11.
@Suite struct CriticalPathTests {
    static let sectionNodes: [Int32] = [0, 1, 2, 3, 2, 4, 5, 6, 5, 4, 2, 7, 8, 7, 2, 9, 10, 9, 2, 11, 2, 1, 0]
    static let selfRanking: [Int32] = [8, 10, 6, 2, 3, 0, 5, 1, 4, 7, 9, 11]

    @Test func indexIsPrecomputedInOrder() throws {
        let app = try Fixture.checkoutApp()
        let idx = app.wf.index
        #expect(idx.critByTime.map(\.node) == Self.sectionNodes)
        #expect(zip(idx.critByTime, idx.critByTime.dropFirst()).allSatisfy { $0.startNs <= $1.startNs })
        #expect(idx.selfOrder == Self.selfRanking)
    }

    @Test func toggleHighlight() throws {
        var app = try Fixture.checkoutApp()
        #expect(app.wf.criticalShown)
        _ = try app.press("c")
        #expect(!app.wf.criticalShown && app.state.message == "critical path off")
        _ = try app.press("c")
        #expect(app.wf.criticalShown && app.state.message == "critical path on")
    }

    @Test(arguments: [
        // First p from the root: the first section starting at or after its start.
        ("p", 0, "critical section 1/23"), ("pp", 1, "critical section 2/23"), ("ppp", 2, "critical section 3/23"),
        ("pppp", 3, "critical section 4/23"), ("ppppp", 2, "critical section 5/23"),
        ("pppppp", 4, "critical section 6/23"), ("pppppppp", 6, "critical section 8/23"),
        ("ppppppppppppp", 8, "critical section 13/23"),
        // First P from the root: nothing starts before it, so it wraps to the last section.
        ("P", 0, "critical section 23/23"), ("PP", 1, "critical section 22/23"), ("PPP", 2, "critical section 21/23"),
        ("PPPP", 11, "critical section 20/23"), ("pP", 0, "critical section 23/23"), ("pppP", 1, "critical section 2/23"),
        // 23 steps come back around.
        (String(repeating: "p", count: 24), 0, "critical section 1/23"),
        // After moving away, p starts from the selected span's start time.
        ("G", 11, ""), ("Gp", 11, "critical section 20/23"), ("Gpp", 2, "critical section 21/23"),
        ("GP", 2, "critical section 19/23"), ("ppjp", 2, "critical section 3/23"),
        ("jjjjp", 4, "critical section 6/23"), ("jjjjP", 2, "critical section 5/23"),
    ])
    func criticalSections(keys: String, node: Int32, message: String) throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press(keys)
        #expect(app.wf.selectedNode == node)
        #expect(app.state.message == message)
    }

    @Test(arguments: [
        ("s", 8, "self time rank 1/12"), ("ss", 10, "self time rank 2/12"), ("sss", 6, "self time rank 3/12"),
        ("ssss", 2, "self time rank 4/12"), ("ssssss", 0, "self time rank 6/12"),
        // Equal self times (2 ms) in display order.
        ("ssssssss", 1, "self time rank 8/12"), ("sssssssss", 4, "self time rank 9/12"),
        ("ssssssssss", 7, "self time rank 10/12"), ("ssssssssssss", 11, "self time rank 12/12"),
        ("sssssssssssss", 8, "self time rank 1/12"),
        ("S", 11, "self time rank 12/12"), ("SS", 9, "self time rank 11/12"), ("SSS", 7, "self time rank 10/12"),
        ("sS", 11, "self time rank 12/12"), ("ssS", 8, "self time rank 1/12"), ("sssS", 10, "self time rank 2/12"),
        // Moving away starts a fresh walk.
        ("ssjs", 8, "self time rank 1/12"), ("ssgS", 11, "self time rank 12/12"),
    ])
    func selfTimeRanking(keys: String, node: Int32, message: String) throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press(keys)
        #expect(app.wf.selectedNode == node)
        #expect(app.state.message == message)
    }

    @Test func jumpsOpenCollapsedAncestors() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("h")
        #expect(app.wf.rows.count == 1)
        _ = try app.press("pppp")
        #expect(app.wf.selectedNode == 3 && app.wf.rows.count == 12)
        _ = try app.press("g-")
        #expect(app.wf.rows.visibleRows == [0, 1])
        _ = try app.press("s")
        #expect(app.wf.selectedNode == 8 && app.wf.rows.visibleRows.contains(8))
        #expect(app.wf.rows.visibleRows[app.wf.cursor] == 8)
    }

    @Test func jumpsDoNotRebuildRowsWhenNothingIsCollapsed() throws {
        var app = try Fixture.checkoutApp()
        let before = app.wf.rows.rebuildCount
        _ = try app.press("ppppPPsssSSc")
        #expect(app.wf.rows.rebuildCount == before)
    }

    @Test func detailsPaneFollowsTheJump() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("<Enter><Tab>s")
        #expect(app.state.context == .details && app.wf.selectedNode == 8)
    }
}
