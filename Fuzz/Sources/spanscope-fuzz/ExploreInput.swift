import TraceAnalysis
import Explorer
import Reports
import TerminalUI
import TraceFormats

/// The explore target: `spanscope open FILE --render WxH --keys …` with the keys and the size
/// taken from the fuzz data. The bytes after the last zero byte are the script (no trace file
/// holds a raw zero byte); before it, the file. The script's first two bytes give the size
/// (1–200 × 1–80, tiny sizes included), each further byte one key, up to `maxKeys`. The screen
/// is drawn after every key, as the terminal loop does.
enum ExploreInput {
    /// Drawing after every key of scripts up to 4 KB long brought a long run down to 15 inputs a
    /// second (its corpus had grown long scripts); 64 keys reach every screen and mode.
    static let maxKeys = 64

    static func run(_ data: [UInt8]) {
        let cut = data.lastIndex(of: 0)
        let file = FileBytes(Array(data[..<(cut ?? data.count)]))
        var script = cut.map { data[($0 + 1)...] } ?? []
        guard let input = try? TraceLoader.decode(file), !input.set.spans.isEmpty else { return }
        var width = 80, height = 24
        if script.count >= 2 {
            width = 1 + Int(script.removeFirst()) % 200
            height = 1 + Int(script.removeFirst()) % 80
        }
        var app = ExplorerApp(set: input.set, analysis: Analysis(input.set), width: width, height: height)
        _ = app.render(width: width, height: height)
        var keys = 0
        while keys < maxKeys, let b = script.popFirst() {
            keys += 1
            let key = self.key(b, &script)
            if case .resize = key {
                width = 1 + Int(script.popFirst() ?? 0) % 200
                height = 1 + Int(script.popFirst() ?? 0) % 80
                app.resize(width: width, height: height)
            } else if app.handle(key).contains(.quit) {
                break  // export and clipboard effects are dropped: nothing is written
            }
            _ = app.render(width: width, height: height)
        }
    }

    /// Printable ASCII is itself (every command key is one), a terminal's control bytes are
    /// their keys (CR is Enter, ESC is Escape, ^D is <C-d> …); any other byte picks a special
    /// key, a click (at the next two bytes) or a resize (to the next two bytes).
    static func key(_ b: UInt8, _ script: inout ArraySlice<UInt8>) -> KeyEvent {
        switch b {
        case 0x20..<0x7F: return .character(Character(Unicode.Scalar(b)))
        case 0x0D, 0x0A: return .enter
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(b + 0x60)))
        default: break
        }
        let specials: [KeyEvent] = [
            .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .delete,
            .mouse(.wheelUp), .mouse(.wheelDown), .resize, .character("é"), .character("\u{9B}"),
        ]
        let i = Int(b) % (specials.count + 1)
        if i == specials.count {
            let x = Int(script.popFirst() ?? 0), y = Int(script.popFirst() ?? 0)
            return .mouse(.click(x: x, y: y))
        }
        return specials[i]
    }
}
