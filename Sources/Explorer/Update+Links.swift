import TraceModel

extension AppState {
    /// Follows the selected span's links: each press goes to the next link whose span is loaded,
    /// in this trace or another one (opened like a deep link), wrapping around.
    mutating func followLink() -> [Effect] {
        guard let wf = waterfall, !wf.isPlaceholderSelected else { return [] }
        let tree = wf.index.tree
        let span = data.set.spans[tree.nodes[Int(wf.selectedNode)].spanIndex]
        let links = data.set.details(span).links
        let node = tree.nodes[Int(wf.selectedNode)]
        if links.isEmpty, node.flags.contains(.sharedServer), node.parent >= 0, tree.nodes[Int(node.parent)].spanID == node.spanID {
            goTo(node: node.parent)
            message = "the client half of span \(node.spanID.hex) (Zipkin shared span id)"
            return []
        }
        guard !links.isEmpty else {
            message = "no links on this span"
            return []
        }
        for k in 0..<links.count {
            let i = (linkCursor + k) % links.count
            let link = links[i]
            let here = link.traceID == tree.traceID
            if here, let node = tree.nodes.firstIndex(where: { $0.spanID == link.spanID }) {
                goTo(node: Int32(node))
            } else if here, let outer = focusStack.first,
                      let node = outer.index.tree.nodes.firstIndex(where: { $0.spanID == link.spanID }) {
                // Outside the focused subtree: back to the whole trace first.
                focusStack = []
                waterfall = outer
                goTo(node: Int32(node))
            } else if here || !select(traceID: link.traceID, spanID: link.spanID) {
                continue
            }
            linkCursor = i + 1
            message = "link \(i + 1)/\(links.count): trace \(link.traceID.hex) span \(link.spanID.hex)"
            return []
        }
        message = "none of the \(Plural.counted(links.count, "linked span is", "linked spans are")) loaded"
        return []
    }
}
